// The partner authorization server's face: import from here only.
export { createOAuthServer, type OAuthServer } from './oauth-server.js';
export { ACCESS_TOKEN_TTL_S, OAUTH_PREFIX, oauthUrls, type OAuthKeys, type OAuthProviderOptions } from './oauth-provider.js';
export { OAuthInteractions, InteractionError, PARTNER_GRANT_PURPOSE, type OAuthConsentPort, type PartnerConsent } from './interactions.js';
export type { PartnerAccess, TokenPresentation } from './access-token.js';
export { pruneExpiredOAuthModels } from './oauth-models.adapter.js';
