// Every error code a client can see, with what its `extensions` carry. Server, service worker and
// page all use this list; anything else is masked as INTERNAL_SERVER_ERROR.
import type { DataCategory } from './categories.js';
import type { DenialReason } from './purposes.js';
import type { PasswordRuleId } from './input-rules.js';

/** Codes raised by this product's resolvers and HTTP layer. */
export const APP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
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
  'PERSISTED_QUERY_REQUIRED',
  'REQUEST_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
  'AGREEMENT_REQUIRED',
  'CARD_REPLACE_UNCONFIRMED',
] as const;

/** Codes GraphQL servers raise before a resolver runs (Apollo Server's names). */
export const PROTOCOL_ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
] as const;

/** Codes only the client makes up (no server sends them). */
export const CLIENT_ERROR_CODES = ['NETWORK', 'OFFLINE'] as const;

export const SERVER_ERROR_CODES = [...APP_ERROR_CODES, ...PROTOCOL_ERROR_CODES] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
/** Everything a person may be shown a message for. */
export type ErrorCode = ServerErrorCode | ClientErrorCode | 'INTERNAL_SERVER_ERROR';

export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return isServerErrorCode(value) || value === 'INTERNAL_SERVER_ERROR' || (CLIENT_ERROR_CODES as readonly unknown[]).includes(value);
}

/** What `extensions` carries besides `code`, per code. Unlisted codes carry nothing else. */
export type ErrorExtensions = {
  FORBIDDEN: { category?: DataCategory | null; reason: DenialReason };
  /** `field` names the argument or input field; lists name the offending categories or scopes. */
  BAD_USER_INPUT: { field?: string; categories?: string[]; scopes?: string[] };
  NOTICE_OUTDATED: { currentVersion: number };
  PHONE_TAKEN: { field?: string };
  CODE_INVALID: { field?: string };
  CONSENT_REQUIRED: { category?: DataCategory; scopes?: DataCategory[] };
  SEPARATE_CONSENT_REQUIRED: { categories?: DataCategory[] };
  WEAK_PASSWORD: { field: 'password'; unmet: PasswordRuleId[] };
  RATE_LIMITED: { retryAfterSeconds: number };
  /** Registration without ticking the user agreement and privacy notice, or after either changed. */
  AGREEMENT_REQUIRED: { field: 'agreement' };
  /** Linking a different card while one is linked needs `replace: true`. */
  CARD_REPLACE_UNCONFIRMED: { field: 'replace' };
  SERVICE_UNAVAILABLE: { retryAfterSeconds: number };
};
export type ExtensionsOf<C extends ErrorCode> = { code: C } & (C extends keyof ErrorExtensions ? ErrorExtensions[C] : Record<never, never>);
