// A partner's OAuth access token as the GraphQL side sees it: the authorization server checks the
// token (grant, audience, expiry, DPoP proof, the partner still active) and reads, in the same
// statement, what the `partner` principal carries besides (the partner's name and registration,
// the person's consent version), on every request like the person's session. Suspending a partner
// ends every grant it holds.
import { eq } from 'drizzle-orm';
import type { Principal } from '../../authz/principal.js';
import { inTransaction } from '../../db/ambient-transaction.js';
import type { Database, Executor } from '../../db/database.js';
import { partners } from '../../db/schema.js';
import type { OAuthServer, TokenPresentation } from './oauth/index.js';

export class PartnerAccessService {
  constructor(
    private readonly db: Database,
    private readonly oauth: Pick<OAuthServer, 'principalForAccessToken' | 'revokeClientGrants'>,
  ) {}

  /**
   * Suspends a partner: its row turns inactive (every token of it is refused from the next
   * request on, since each check reads the row) and, in the same transaction, every grant anyone
   * gave it ends with its tokens and codes. Returns how many grants ended. `alongside` runs in
   * the same transaction (the operator audit entry).
   */
  async suspendPartner(partnerId: string, alongside?: (tx: Executor, endedGrants: number) => Promise<void>): Promise<number> {
    if (!/^[0-9a-f-]{36}$/i.test(partnerId)) return 0;
    return this.db.transaction(async (tx) => {
      const updated = await tx.update(partners).set({ active: false }).where(eq(partners.id, partnerId)).returning({ id: partners.id });
      if (updated.length === 0) return 0;
      const ended = await inTransaction(tx, () => this.oauth.revokeClientGrants(partnerId));
      await alongside?.(tx, ended);
      return ended;
    });
  }

  /**
   * The partner principal behind an access token, or null (unknown, expired, revoked, unbound,
   * suspended). The token check reads the partner and the person's consent version in its own
   * statement: this only shapes the answer.
   */
  async principalFor(token: string, presentation: TokenPresentation): Promise<Principal | null> {
    const access = await this.oauth.principalForAccessToken(token, presentation);
    if (!access) return null;
    return {
      kind: 'partner',
      partnerId: access.partnerId,
      partnerName: access.partnerName,
      tokenId: access.grantId,
      accountId: access.accountId,
      scopes: access.scopes,
      registeredCategories: access.registeredCategories,
      consentVersion: access.consentVersion,
    };
  }
}
