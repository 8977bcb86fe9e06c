// Pure rules for what the offline cache may hold, derived from consent grants. No I/O: the
// store, the page and the tests call these.
import type { Purpose, RecipientType } from '@shebao/vocabulary';

export const PURPOSE_SERVICE: Purpose = 'SERVICE';
const PURPOSE_LOCAL_CACHE: Purpose = 'LOCAL_CACHE';
export const RECIPIENT_SERVICE: RecipientType = 'SERVICE';

export interface ConsentGrantLike {
  readonly purpose: string;
  readonly recipient: { readonly type: string };
  readonly categories: readonly string[];
  readonly current: boolean;
  readonly expiresAt?: string | null;
}

export interface WithdrawalLike {
  readonly purpose: string;
  readonly recipient: { readonly type: string };
  /** null: every category of the purpose. */
  readonly categories?: readonly string[] | null;
}

/** Purposes whose withdrawal must purge offline copies. */
export function affectsOfflineCache(purpose: string): boolean {
  return purpose === PURPOSE_SERVICE || purpose === PURPOSE_LOCAL_CACHE;
}

function grantedFor(grants: readonly ConsentGrantLike[], purpose: string, now: number): Set<string> {
  const out = new Set<string>();
  for (const g of grants) {
    if (g.purpose !== purpose || g.recipient.type !== RECIPIENT_SERVICE || !g.current) continue;
    if (g.expiresAt && Date.parse(g.expiresAt) <= now) continue;
    for (const c of g.categories) out.add(c);
  }
  return out;
}

/**
 * Categories allowed for both the service (granted, or necessary for it) and keeping on this
 * device (always by grant: nothing is necessary for the offline copy).
 */
export function cacheableCategories(grants: readonly ConsentGrantLike[], necessary: readonly string[] = [], now = Date.now()): string[] {
  const service = grantedFor(grants, PURPOSE_SERVICE, now);
  for (const category of necessary) service.add(category);
  const local = grantedFor(grants, PURPOSE_LOCAL_CACHE, now);
  return [...service].filter((c) => local.has(c)).sort();
}

/** Categories granted for one purpose with the service as recipient. */
export function grantedCategories(
  grants: readonly ConsentGrantLike[],
  purpose: string,
  now = Date.now(),
): string[] {
  return [...grantedFor(grants, purpose, now)].sort();
}

/** Withdrawals still waiting to be sent count as already applied. */
export function subtractPendingWithdrawals(
  allowed: readonly string[],
  pending: readonly WithdrawalLike[],
): string[] {
  let out = [...allowed];
  for (const w of pending) {
    if (!affectsOfflineCache(w.purpose) || w.recipient.type !== RECIPIENT_SERVICE) continue;
    if (w.categories == null) return [];
    const drop = new Set(w.categories);
    out = out.filter((c) => !drop.has(c));
  }
  return out;
}

/** An entry may exist only while every category in it is allowed. */
export function entryAllowed(categories: readonly string[], allowed: readonly string[]): boolean {
  const set = new Set(allowed);
  return categories.every((c) => set.has(c));
}
