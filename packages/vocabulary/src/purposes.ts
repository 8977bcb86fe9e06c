// Purposes of processing (DESIGN.md, "Privacy as code") and who may receive data for them.

export const PURPOSES = [
  'SERVICE',
  'PARTNER_SHARING',
  'PRODUCT_NOTICES',
  'LEGAL_OBLIGATION',
  'RESEARCH',
  'SERVICE_IMPROVEMENT',
  'SECURITY',
  'PLATFORM_SYNC',
  'LOCAL_CACHE',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export const RECIPIENT_TYPES = ['SERVICE', 'PARTNER', 'PLATFORM'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/** Who receives data for a purpose: a named partner, the national card platform, or the service itself. */
export function recipientTypeFor(purpose: Purpose): RecipientType {
  if (purpose === 'PARTNER_SHARING') return 'PARTNER';
  if (purpose === 'PLATFORM_SYNC') return 'PLATFORM';
  return 'SERVICE';
}

/** Why a field or an operation was withheld; part of the public error contract (`extensions.reason`). */
export const DENIAL_REASONS = [
  'UNAUTHENTICATED',
  'NO_CONSENT',
  'SCOPE_MISSING',
  'NOT_REGISTERED',
  /** The person asked to restrict the processing of this category (PIPL Art. 44) and has not lifted it. */
  'RESTRICTED',
  'AGGREGATE_ONLY',
  'OWNER_ONLY',
  'NOT_PUBLIC',
  'RESEARCHER_ONLY',
  'PERSON_ONLY',
  'DEVELOPMENT_ONLY',
  /** An operator whose roles do not include the operation. */
  'ROLE_REQUIRED',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];
