import { GraphQLError } from 'graphql';

/** Every error a client can see has a literal code; messages never carry personal data. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'CONSENT_REQUIRED',
  'SEPARATE_CONSENT_REQUIRED',
  'NOTICE_OUTDATED',
  'CARD_PASSWORD_INVALID',
  'CARD_NOT_FOUND',
  'CARD_ALREADY_LINKED',
  'CARD_NOT_LINKED',
  'PLATFORM_UNAVAILABLE',
  'RATE_LIMITED',
  'PHONE_TAKEN',
  'WEAK_PASSWORD',
  'CODE_INVALID',
  'INVALID_CREDENTIALS',
  'NOT_FOUND',
  'PERSISTED_QUERY_NOT_FOUND',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429 };

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export function appError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(code, message, extra);
}

/** For errors raised before execution (credentials): sets the HTTP status too. */
export function requestError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatus[code] ?? 400 } } });
}
