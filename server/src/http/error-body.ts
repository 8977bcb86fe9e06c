import type { ErrorCode, ErrorExtensions } from '@shebao/vocabulary';

type Extra<C extends ErrorCode> = C extends keyof ErrorExtensions ? ErrorExtensions[C] : Record<never, never>;
/** The extensions a code must carry (RATE_LIMITED its `retryAfterSeconds`, ...) are required. */
type ExtraArgs<C extends ErrorCode> = Record<never, never> extends Extra<C> ? [extra?: Extra<C>] : [extra: Extra<C>];

/** The GraphQL error shape for answers given before GraphQL runs, with a code from the shared list. */
export function errorBody<C extends ErrorCode>(code: C, message: string, ...[extra]: ExtraArgs<C>) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}
