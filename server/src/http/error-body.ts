import type { ErrorCode } from '@shebao/vocabulary';

/** The GraphQL error shape for answers given before GraphQL runs, with a code from the shared list. */
export function errorBody(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
