// The authorization server as the rest of the gateway sees it: the provider (mounted by
// http/routes/oauth.route.ts) and the operations the GraphQL side and the consent centre call.
import type Provider from 'oidc-provider';
import { ambientExecutor } from '../../../db/ambient-transaction.js';
import type { Executor } from '../../../db/database.js';
import { accessTokenCheck, type PartnerAccess, type TokenPresentation } from './access-token.js';
import {
  createOAuthProvider,
  oauthUrls,
  pruneExpiredOAuthModels,
  revokeAccountGrants,
  revokeClientGrants,
  revokePartnerGrants,
  withdrawPartnerCategories,
  type OAuthProviderOptions,
} from './oauth-provider.js';

export type OAuthServer = {
  provider: Provider;
  db: Executor;
  issuer: string;
  /** The GraphQL API's resource indicator and token audience. */
  resource: string;
  publicUrl: string;
  /**
   * The partner access behind a token, or null (unknown, expired, revoked, wrong audience, unbound
   * proof, partner suspended or inconsistently registered, account gone): one statement (plus the
   * proof's replay record for a DPoP-bound token), nothing remembered between requests.
   */
  principalForAccessToken(token: string, presentation: TokenPresentation): Promise<PartnerAccess | null>;
  /**
   * Ends the person's grant(s) to the partner: every access token, refresh token and code, then
   * the grant. Returns how many grants ended. `except` keeps one (a consent replacing the old).
   */
  revokePartnerGrant(accountId: string, partnerId: string, options?: { except?: string }): Promise<number>;
  /** Takes categories out of the person's grant(s) to the partner; a grant left empty ends. */
  withdrawPartnerCategories(accountId: string, partnerId: string, categories: readonly string[]): Promise<number>;
  /** Ends every grant anyone gave the partner (suspension); returns how many. */
  revokeClientGrants(partnerId: string): Promise<number>;
  /** Ends every grant the person gave any partner (account closure); returns how many. */
  revokeAccountGrants(accountId: string): Promise<number>;
  /** Deletes expired provider rows; returns how many. */
  pruneExpired(now?: Date): Promise<number>;
};

/**
 * Every read and write of the provider (its adapter, the registry, revocations) goes through an
 * ambient executor: inside `inTransaction(tx, …)` it joins that transaction, so a consent-ledger
 * write and the grant it creates or ends commit together or not at all.
 */
export function createOAuthServer(options: OAuthProviderOptions): OAuthServer {
  const db = ambientExecutor(options.db);
  const provider = createOAuthProvider({ ...options, db });
  const { issuer, resource } = oauthUrls(options.publicUrl);
  // Prepared once on the database itself: a token is checked before the request opens any transaction.
  const principalForAccessToken = accessTokenCheck(provider, options.db, resource);
  return {
    provider,
    db,
    issuer,
    resource,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    principalForAccessToken,
    revokePartnerGrant: (accountId, partnerId, opts) => revokePartnerGrants(provider, db, accountId, partnerId, opts?.except),
    withdrawPartnerCategories: (accountId, partnerId, categories) => withdrawPartnerCategories(provider, db, resource, accountId, partnerId, categories),
    revokeClientGrants: (partnerId) => revokeClientGrants(provider, db, partnerId),
    revokeAccountGrants: (accountId) => revokeAccountGrants(provider, db, accountId),
    pruneExpired: (now) => pruneExpiredOAuthModels(db, now),
  };
}
