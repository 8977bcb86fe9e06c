// How long the offline cache may keep each category. Sensitive ones (PIPL Art. 28) go sooner.
import { isSensitiveCategory } from '@shebao/vocabulary';

export const DEFAULT_RETENTION_DAYS = 7;
const SENSITIVE_RETENTION_DAYS = 2;
/** Choices offered in settings; sensitive categories may not be kept longer than a week. */
export const RETENTION_CHOICES_DAYS: readonly number[] = [1, 2, 7, 14, 30];
const SENSITIVE_MAX_RETENTION_DAYS = 7;
const MAX_RETENTION_DAYS = 30;

export function defaultRetentionDays(category: string): number {
  return isSensitiveCategory(category) ? SENSITIVE_RETENTION_DAYS : DEFAULT_RETENTION_DAYS;
}

export function clampRetentionDays(category: string, days: number): number {
  const max = isSensitiveCategory(category) ? SENSITIVE_MAX_RETENTION_DAYS : MAX_RETENTION_DAYS;
  if (!Number.isFinite(days) || days <= 0) return defaultRetentionDays(category);
  return Math.min(Math.max(1, Math.round(days)), max);
}
