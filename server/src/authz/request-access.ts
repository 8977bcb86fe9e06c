// Per-request state of the authorization layer: the decision (computed once), the denials to
// report (one per field of the operation, not per list item) and the categories returned.
import { responsePathAsArray, type GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { DataCategory, DenialReason } from '@shebao/vocabulary';
import type { Executor } from '../db/database.js';
import { fieldError } from '../lib/errors.js';
import type { AccessDecision, AccessDecisionCache } from './access-decision.js';
import type { FieldAccess } from './field-tags.js';
import type { Principal } from './principal.js';

type Denial = { category: DataCategory | null; reason: DenialReason; path: ReadonlyArray<string | number> };

export class RequestAccess {
  decision: AccessDecision | undefined;
  private pending: Promise<AccessDecision> | undefined;
  readonly returned = new Set<DataCategory>();
  private readonly denials = new Map<string, Denial>();

  constructor(
    readonly principal: Principal,
    private readonly db: Executor,
    private readonly cache: AccessDecisionCache,
  ) {}

  decide(): Promise<AccessDecision> {
    this.pending ??= this.cache.decide(this.db, this.principal).then((decision) => (this.decision = decision));
    return this.pending;
  }

  /** Synchronous once decided; records a denial and answers false when the field is withheld. */
  permits(access: FieldAccess, info: GraphQLResolveInfo): boolean {
    const decision = this.decision!;
    if ('category' in access) {
      if (decision.allowed.has(access.category)) {
        this.returned.add(access.category);
        return true;
      }
      this.recordDenial(info, access.category, decision.denied.get(access.category) ?? 'NO_CONSENT');
      return false;
    }
    if ('ownerOnly' in access) {
      if (decision.isOwner) return true;
      this.recordDenial(info, null, decision.ownerDenialReason);
      return false;
    }
    return true;
  }

  /** For resolvers that gate a whole object themselves (e.g. `node`). */
  permitsCategory(category: DataCategory, info: GraphQLResolveInfo): boolean {
    return this.permits({ category }, info);
  }

  recordDenial(info: GraphQLResolveInfo, category: DataCategory | null, reason: DenialReason): void {
    // One error per field of the operation: list indexes are dropped from the key.
    let key = '';
    for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) {
      if (typeof p.key === 'string') key = `${p.key}.${key}`;
    }
    if (!this.denials.has(key)) this.denials.set(key, { category, reason, path: responsePathAsArray(info.path) });
  }

  denialErrors(): GraphQLError[] {
    return [...this.denials.values()].map(({ category, reason, path }) =>
      fieldError(
        path,
        'FORBIDDEN',
        category ? `Not authorized to read ${category} (${reason})` : `Only the person themself may read this field (${reason})`,
        { category, reason },
      ),
    );
  }
}
