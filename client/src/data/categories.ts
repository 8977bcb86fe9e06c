// The data-category vocabulary (DESIGN.md). Shared by page and service worker; no I/O here.

export const DATA_CATEGORIES = [
  'account.contact',
  'account.profile',
  'identity.basic',
  'identity.document',
  'insurance.status',
  'insurance.contributions',
  'insurance.balance',
  'medical.records',
  'device.info',
  'device.logs',
  'location',
  'app.instance',
] as const;

export type DataCategoryId = (typeof DATA_CATEGORIES)[number];

/** Sensitive personal information under PIPL Art. 28: separate consent, shorter offline life. */
export const SENSITIVE_CATEGORIES: ReadonlySet<string> = new Set<string>([
  'identity.document',
  'insurance.contributions',
  'insurance.balance',
  'medical.records',
  'location',
]);

export function isSensitiveCategory(category: string): boolean {
  return SENSITIVE_CATEGORIES.has(category);
}

export const DEFAULT_RETENTION_DAYS = 7;
export const SENSITIVE_RETENTION_DAYS = 2;
/** Choices offered in settings; sensitive categories may not be kept longer than a week. */
export const RETENTION_CHOICES_DAYS: readonly number[] = [1, 2, 7, 14, 30];
export const SENSITIVE_MAX_RETENTION_DAYS = 7;

export function defaultRetentionDays(category: string): number {
  return isSensitiveCategory(category) ? SENSITIVE_RETENTION_DAYS : DEFAULT_RETENTION_DAYS;
}

export function clampRetentionDays(category: string, days: number): number {
  const max = isSensitiveCategory(category) ? SENSITIVE_MAX_RETENTION_DAYS : 30;
  if (!Number.isFinite(days) || days <= 0) return defaultRetentionDays(category);
  return Math.min(Math.max(1, Math.round(days)), max);
}
