// The partners module: the partner registry, the OAuth authorization server partners use
// (oauth/: oidc-provider, its adapter, the consent-screen backend; mounted by
// http/routes/oauth.route.ts) and what becomes of their access tokens on the GraphQL side.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { SigningKeys } from '../../config/secrets.js';
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import type { OAuthServer } from './oauth/index.js';
import { PartnerAccessService } from './partner-access.service.js';
import { PartnerDirectory } from './partners.data.js';
import { PartnersResolver, type PartnersServices } from './partners.resolver.js';
import { ResearcherTokenService } from './researcher-tokens.service.js';

export type PartnersDeps = {
  db: Database;
  oauth: Pick<OAuthServer, 'principalForAccessToken' | 'revokeClientGrants'>;
  signing: SigningKeys;
};

export const partnersModule = defineModule({
  name: 'partners',
  resolvers: [PartnersResolver],
  create: (deps: PartnersDeps): ModuleInstance<PartnersServices> => {
    const partners = new PartnerDirectory(deps.db);
    return {
      services: {
        partners,
        partnerAccess: new PartnerAccessService(deps.db, deps.oauth),
        researcherTokens: new ResearcherTokenService(deps.signing),
      },
    };
  },
});

export type { PartnersServices } from './partners.resolver.js';
export { Partner } from './partners.types.js';
export { clientMetadataFor } from './oauth/partner-clients.js';
export {
  InteractionError,
  OAUTH_PREFIX,
  OAuthInteractions,
  createOAuthServer,
  type OAuthConsentPort,
  type OAuthKeys,
  type OAuthServer,
  type PartnerConsent,
  type TokenPresentation,
} from './oauth/index.js';
