// The one place that decides which categories a principal may read for a subject.
// Computed once per request (and cached per consent version), never re-implemented elsewhere.
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { consentEvents } from '../db/schema.js';
import { ALL_CATEGORIES, type DataCategory, type DenialReason, type Purpose } from '@shebao/vocabulary';
import { deriveConsentState, grantedCategories, type ConsentState, type LedgerEvent } from './consent-state.js';
import type { NoticeRegistry } from './notice-registry.js';
import { assertNever } from '../lib/assert-never.js';
import { consentVersionOf, subjectOf, type Principal } from './principal.js';
import { restrictedCategories } from './restrictions.js';

export type AccessDecision = {
  subjectId: string | null;
  /** The purpose under which the data is read; recorded in access records. */
  purpose: Purpose;
  allowed: ReadonlySet<DataCategory>;
  denied: ReadonlyMap<DataCategory, DenialReason>;
  /** The person themself: may read owner-only fields (consents, access log). */
  isOwner: boolean;
  ownerDenialReason: DenialReason;
  consentVersion: number | null;
};

export async function loadConsentState(db: Executor, accountId: string, notices: NoticeRegistry, now = Date.now()): Promise<ConsentState> {
  const events = await db.select().from(consentEvents).where(eq(consentEvents.accountId, accountId)).orderBy(asc(consentEvents.id));
  return deriveConsentState(events as LedgerEvent[], notices, now);
}

/** What decides for one person: their consent ledger, and what they restricted. */
type SubjectState = { consent: ConsentState; restricted: ReadonlySet<DataCategory> };

function decideForPrincipal(principal: Principal, subject: SubjectState | null, notices: NoticeRegistry): AccessDecision {
  const state = subject?.consent;
  const denied = new Map<DataCategory, DenialReason>();
  const allowed = new Set<DataCategory>();
  const base = { subjectId: subjectOf(principal), consentVersion: consentVersionOf(principal) };
  switch (principal.kind) {
    case 'person': {
      const granted = grantedCategories(state!, 'SERVICE', 'SERVICE');
      for (const category of notices.necessaryCategories('SERVICE')) granted.add(category);
      for (const category of ALL_CATEGORIES) {
        if (granted.has(category)) allowed.add(category);
        else denied.set(category, 'NO_CONSENT');
      }
      return { ...base, purpose: 'SERVICE', allowed, denied, isOwner: true, ownerDenialReason: 'OWNER_ONLY' };
    }
    case 'partner': {
      const granted = grantedCategories(state!, 'PARTNER_SHARING', 'PARTNER', principal.partnerId);
      for (const category of ALL_CATEGORIES) {
        if (!principal.registeredCategories.includes(category)) denied.set(category, 'NOT_REGISTERED');
        else if (!principal.scopes.includes(category)) denied.set(category, 'SCOPE_MISSING');
        else if (subject!.restricted.has(category)) denied.set(category, 'RESTRICTED');
        else if (!granted.has(category)) denied.set(category, 'NO_CONSENT');
        else allowed.add(category);
      }
      return { ...base, purpose: 'PARTNER_SHARING', allowed, denied, isOwner: false, ownerDenialReason: 'OWNER_ONLY' };
    }
    case 'researcher':
      for (const category of ALL_CATEGORIES) denied.set(category, 'AGGREGATE_ONLY');
      return { ...base, purpose: 'RESEARCH', allowed, denied, isOwner: false, ownerDenialReason: 'AGGREGATE_ONLY' };
    // An operator credential never authenticates on the person's endpoints; staff see personal data
    // only through a person's support request (which decides on its own terms).
    case 'operator':
    case 'anonymous':
      for (const category of ALL_CATEGORIES) denied.set(category, 'UNAUTHENTICATED');
      return { ...base, purpose: 'SERVICE', allowed, denied, isOwner: false, ownerDenialReason: 'UNAUTHENTICATED' };
  }
  return assertNever(principal);
}

/**
 * Decisions keyed by principal, consent version and notice version (a restriction filed, lifted or
 * rejected grows the consent version too). The consent version is read
 * fresh from the database with the credential on every request, so a withdrawal on any instance
 * changes the key and the very next request decides again.
 */
export class AccessDecisionCache {
  private readonly entries = new Map<string, { decision: AccessDecision; validUntil: number }>();

  constructor(
    private readonly notices: NoticeRegistry,
    private readonly maxEntries = 10_000,
  ) {}

  async decide(db: Executor, principal: Principal, now = Date.now()): Promise<AccessDecision> {
    const subjectId = subjectOf(principal);
    const key = subjectId && cacheKey(principal, this.notices.current().version);
    if (!subjectId || !key) return decideForPrincipal(principal, null, this.notices);
    const hit = this.entries.get(key);
    if (hit && hit.validUntil > now) return hit.decision;
    // The person's own reads are not restricted: a restriction limits processing for others.
    const [consent, restricted] = await Promise.all([
      loadConsentState(db, subjectId, this.notices, now),
      principal.kind === 'person' ? new Set<DataCategory>() : restrictedCategories(db, subjectId),
    ]);
    const decision = decideForPrincipal(principal, { consent, restricted }, this.notices);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { decision, validUntil: consent.validUntil });
    return decision;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Null for principals whose decision needs no consent state (nothing to cache). */
function cacheKey(principal: Principal, noticeVersion: number): string | null {
  switch (principal.kind) {
    case 'person':
      return `p|${principal.accountId}|${principal.consentVersion}|${noticeVersion}`;
    case 'partner':
      return `t|${principal.tokenId}|${principal.consentVersion}|${noticeVersion}|${principal.scopes.join(',')}|${principal.registeredCategories.join(',')}`;
    case 'researcher':
    case 'operator':
    case 'anonymous':
      return null;
  }
  return assertNever(principal);
}
