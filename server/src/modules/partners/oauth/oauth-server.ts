// The authorization server as the rest of the gateway sees it: the provider (mounted by
// http/routes/oauth.route.ts) and the operations the GraphQL side and the consent centre call.
import type Provider from 'oidc-provider';
import type { Executor } from '../../../db/database.js';
import { principalForAccessToken, type PartnerAccess, type TokenPresentation } from './access-token.js';
import { createOAuthProvider, oauthUrls, pruneExpiredOAuthModels, revokeAccountGrants, revokePartnerGrants, type OAuthProviderOptions } from './oauth-provider.js';

export type OAuthServer = {
  provider: Provider;
  db: Executor;
  issuer: string;
  /** The GraphQL API's resource indicator and token audience. */
  resource: string;
  publicUrl: string;
  principalForAccessToken(token: string, presentation: TokenPresentation): Promise<PartnerAccess | null>;
  /**
   * Ends the person's grant(s) to the partner: every access token, refresh token and code, then
   * the grant. Returns how many grants ended. `except` keeps one (a consent replacing the old).
   */
  revokePartnerGrant(accountId: string, partnerId: string, options?: { except?: string }): Promise<number>;
  /** Ends every grant the person gave any partner (account deletion); returns how many. */
  revokeAccountGrants(accountId: string): Promise<number>;
  /** Deletes expired provider rows; returns how many. */
  pruneExpired(now?: Date): Promise<number>;
};

export function createOAuthServer(options: OAuthProviderOptions): OAuthServer {
  const provider = createOAuthProvider(options);
  const { issuer, resource } = oauthUrls(options.publicUrl);
  return {
    provider,
    db: options.db,
    issuer,
    resource,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    principalForAccessToken: (token, presentation) => principalForAccessToken(provider, resource, token, presentation),
    revokePartnerGrant: (accountId, partnerId, opts) => revokePartnerGrants(provider, options.db, accountId, partnerId, opts?.except),
    revokeAccountGrants: (accountId) => revokeAccountGrants(provider, options.db, accountId),
    pruneExpired: (now) => pruneExpiredOAuthModels(options.db, now),
  };
}
