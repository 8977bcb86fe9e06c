// Offline-cache retention per category. The category vocabulary itself is the shared one.
import { isSensitiveCategory } from '@shebao/vocabulary';

export { ALL_CATEGORIES as DATA_CATEGORIES, isSensitiveCategory } from '@shebao/vocabulary';

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
