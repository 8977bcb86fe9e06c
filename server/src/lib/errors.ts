import { type AppErrorCode, type ErrorExtensions } from '@shebao/vocabulary';
import { GraphQLError, type ASTNode } from 'graphql';

/** Every error a client can see has a literal code from the shared list; messages never carry personal data. */
export type ErrorCode = AppErrorCode;

type Extra<C extends ErrorCode> = C extends keyof ErrorExtensions ? ErrorExtensions[C] : Record<never, never>;
/** The extensions a code must carry (FORBIDDEN its `reason`, ...) are required; the rest optional. */
type ExtraArgs<C extends ErrorCode> = Record<never, never> extends Extra<C> ? [extra?: Extra<C>] : [extra: Extra<C>];

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

/**
 * Bad input and limits are client errors (HTTP 400, 429 with Retry-After) even when a resolver
 * raises them; other codes are outcomes of an operation that ran (HTTP 200 with the error).
 */
function httpOf(code: ErrorCode, extra: Record<string, unknown>) {
  if (code === 'BAD_USER_INPUT') return { http: { status: 400 } };
  if (code === 'RATE_LIMITED') return { http: { status: 429, headers: new Map([['retry-after', String(extra.retryAfterSeconds)]]) } };
  return {};
}

/**
 * An outcome the client is told about (a denial, bad input, a limit), not a fault: it carries no
 * stack trace. Capturing one (twice: Error's and GraphQLError's) cost more than the rest of a
 * denied field's handling under load, and no client or log line ever sees it.
 */
export class AppError extends GraphQLError {
  declare readonly code: ErrorCode;

  constructor(
    code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
    options: { path?: ReadonlyArray<string | number>; nodes?: ASTNode } = {},
  ) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, { ...options, extensions: { code, ...extra, ...httpOf(code, extra) } });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.code = code;
  }
}

export function appError<C extends ErrorCode>(code: C, message: string, ...[extra]: ExtraArgs<C>): AppError {
  return new AppError(code, message, extra as Record<string, unknown> | undefined);
}

/** A denial reported for a field the resolver never ran for: carries the field's response path. */
export function fieldError<C extends ErrorCode>(path: ReadonlyArray<string | number>, code: C, message: string, ...[extra]: ExtraArgs<C>): AppError {
  return new AppError(code, message, extra as Record<string, unknown> | undefined, { path });
}

/** A literal's scalar refused it: reported at the literal, so validation can name the argument. */
export function literalError(node: ASTNode, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, {}, { nodes: node });
}

/** For errors raised before execution (credentials, introspection): sets the HTTP status too. */
export function requestError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatus[code] ?? 400 } } });
}

/** What clients are told to wait before retrying while the database cannot answer. */
export const RETRY_AFTER_SECONDS = 2;
export const UNAVAILABLE_MESSAGE = 'The service is briefly unavailable; retry shortly';

/** Retryable: the database could not answer. 503 with Retry-After, before or during execution. */
export function unavailableError(): GraphQLError {
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}
