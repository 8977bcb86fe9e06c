// Derives the current consent state from the append-only ledger. Pure: the same events, notices
// and time always give the same state, which is what makes the ledger the source of truth.
import type { DataCategory, Purpose, RecipientType } from '@shebao/vocabulary';
import type { NoticeRegistry } from './notice-registry.js';

export type LedgerEvent = {
  id: number;
  kind: 'GRANT' | 'WITHDRAW';
  noticeVersion: number;
  purpose: string;
  recipientType: RecipientType;
  partnerId: string | null;
  categories: string[];
  expiresAt: Date | null;
  at: Date;
};

export type ActiveGrant = {
  purpose: Purpose;
  recipientType: RecipientType;
  partnerId: string | null;
  category: DataCategory;
  noticeVersion: number;
  grantedAt: Date;
  expiresAt: Date | null;
  eventId: number;
  /** False when the grant expired or its purpose changed in a later notice: it no longer counts. */
  current: boolean;
  staleBecause?: 'EXPIRED' | 'NOTICE_CHANGED';
};

export type ConsentState = {
  grants: ActiveGrant[];
  /** Purposes whose grants stopped counting because the notice changed them. */
  renewalNeeded: Purpose[];
  /** Earliest expiry among the current grants: a cached decision is valid until then. */
  validUntil: number;
};

function recipientKey(recipientType: RecipientType, partnerId: string | null): string {
  return recipientType === 'PARTNER' ? `PARTNER:${partnerId}` : recipientType;
}

export function deriveConsentState(events: readonly LedgerEvent[], notices: NoticeRegistry, now = Date.now()): ConsentState {
  const latest = new Map<string, ActiveGrant>();
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const prefix = `${event.purpose}|${recipientKey(event.recipientType, event.partnerId)}|`;
    if (event.kind === 'WITHDRAW') {
      if (event.categories.length === 0) {
        for (const key of latest.keys()) if (key.startsWith(prefix)) latest.delete(key);
      } else {
        for (const category of event.categories) latest.delete(prefix + category);
      }
      continue;
    }
    for (const category of event.categories) {
      latest.set(prefix + category, {
        purpose: event.purpose as Purpose,
        recipientType: event.recipientType,
        partnerId: event.partnerId,
        category: category as DataCategory,
        noticeVersion: event.noticeVersion,
        grantedAt: event.at,
        expiresAt: event.expiresAt,
        eventId: event.id,
        current: true,
      });
    }
  }
  const renewalNeeded = new Set<Purpose>();
  let validUntil = Number.POSITIVE_INFINITY;
  const grants = [...latest.values()].map((grant) => {
    if (grant.expiresAt && grant.expiresAt.getTime() <= now) return { ...grant, current: false, staleBecause: 'EXPIRED' as const };
    if (!notices.purposeUnchangedSince(grant.noticeVersion, grant.purpose, grant.category)) {
      renewalNeeded.add(grant.purpose);
      return { ...grant, current: false, staleBecause: 'NOTICE_CHANGED' as const };
    }
    if (grant.expiresAt) validUntil = Math.min(validUntil, grant.expiresAt.getTime());
    return grant;
  });
  return { grants, renewalNeeded: [...renewalNeeded], validUntil };
}

/** Categories currently granted for a purpose to one recipient. */
export function grantedCategories(
  state: ConsentState,
  purpose: Purpose,
  recipientType: RecipientType,
  partnerId: string | null = null,
): Set<DataCategory> {
  const result = new Set<DataCategory>();
  for (const grant of state.grants) {
    if (grant.current && grant.purpose === purpose && grant.recipientType === recipientType && grant.partnerId === partnerId) {
      result.add(grant.category);
    }
  }
  return result;
}
