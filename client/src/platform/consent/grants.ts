// Consent grants as the consent centre and settings read them: keys, pending withdrawals, sensitivity.
import { isSensitiveCategory } from '@shebao/vocabulary';
import type { WithdrawalInput } from '../../data/offline-store';
import type { ConsentCentreQuery } from '../../gql/graphql';

export type Grant = NonNullable<NonNullable<ConsentCentreQuery['me']>['consents']>['grants'][number];

export { recipientTypeFor } from '@shebao/vocabulary';

export function grantKey(purpose: string, recipientType: string, partnerId: string | null | undefined, category: string): string {
  return `${purpose}|${recipientType}|${partnerId ?? ''}|${category}`;
}

/** Current, unexpired grants as a set of purpose|recipient|partner|category keys. */
export function grantedKeys(grants: readonly Grant[], now = Date.now()): Set<string> {
  const keys = new Set<string>();
  for (const g of grants) {
    if (!g.current || (g.expiresAt && Date.parse(g.expiresAt) <= now)) continue;
    for (const c of g.categories) keys.add(grantKey(g.purpose, g.recipient.type, g.recipient.partnerId, c));
  }
  return keys;
}

/** True when a queued (unsent) withdrawal covers this consent. */
export function pendingCovers(
  pending: readonly WithdrawalInput[],
  purpose: string,
  recipientType: string,
  partnerId: string | null | undefined,
  category: string,
): boolean {
  return pending.some(
    (w) =>
      w.purpose === purpose &&
      w.recipient.type === recipientType &&
      (w.recipient.partnerId ?? null) === (partnerId ?? null) &&
      (w.categories == null || w.categories.includes(category)),
  );
}

export function sensitive(category: { id: string; sensitive?: boolean | null } | string): boolean {
  if (typeof category === 'string') return isSensitiveCategory(category);
  return Boolean(category.sensitive) || isSensitiveCategory(category.id);
}
