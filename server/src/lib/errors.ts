import { type AppErrorCode, type ErrorExtensions } from '@shebao/vocabulary';
import { GraphQLError } from 'graphql';

/** Every error a client can see has a literal code from the shared list; messages never carry personal data. */
export type ErrorCode = AppErrorCode;

type Extra<C extends ErrorCode> = C extends keyof ErrorExtensions ? ErrorExtensions[C] : Record<never, never>;
/** The extensions a code must carry (FORBIDDEN its `reason`, ...) are required; the rest optional. */
type ExtraArgs<C extends ErrorCode> = Record<never, never> extends Extra<C> ? [extra?: Extra<C>] : [extra: Extra<C>];

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
    path?: ReadonlyArray<string | number>,
  ) {
    super(message, { path, extensions: { code, ...extra } });
  }
}

export function appError<C extends ErrorCode>(code: C, message: string, ...[extra]: ExtraArgs<C>): AppError {
  return new AppError(code, message, extra as Record<string, unknown> | undefined);
}

/** A denial reported for a field the resolver never ran for: carries the field's response path. */
export function fieldError<C extends ErrorCode>(path: ReadonlyArray<string | number>, code: C, message: string, ...[extra]: ExtraArgs<C>): AppError {
  return new AppError(code, message, extra as Record<string, unknown> | undefined, path);
}

/** For errors raised before execution (credentials, introspection): sets the HTTP status too. */
export function requestError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatus[code] ?? 400 } } });
}
