import { APP_ERROR_CODES, type AppErrorCode, type ErrorExtensions } from '@shebao/vocabulary';
import { GraphQLError } from 'graphql';

/** Every error a client can see has a literal code from the shared list; messages never carry personal data. */
export const ERROR_CODES = APP_ERROR_CODES;
export type ErrorCode = AppErrorCode;

type Extra<C extends ErrorCode> = C extends keyof ErrorExtensions ? ErrorExtensions[C] : Record<never, never>;

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export function appError<C extends ErrorCode>(code: C, message: string, extra?: Extra<C>): AppError {
  return new AppError(code, message, (extra ?? {}) as Record<string, unknown>);
}

/** For errors raised before execution (credentials): sets the HTTP status too. */
export function requestError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatus[code] ?? 400 } } });
}
