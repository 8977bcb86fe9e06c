// The partners module: the partner registry and partner access tokens (today development-issued
// JWTs backed by a row). Partner OAuth lands here: the oidc-provider authorization server and its
// adapter, mounted by http/routes/oauth.route.ts; see docs/architecture.md.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Secrets } from '../../config/secrets.js';
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { PartnerTokenService } from './partner-tokens.service.js';
import { PartnerDirectory } from './partners.data.js';
import { PartnersResolver, type PartnersServices } from './partners.resolver.js';

export type PartnersDeps = { db: Database; notices: NoticeRegistry; secrets: Pick<Secrets, 'signingKey' | 'verifyKey' | 'publicJwk'> };

export const partnersModule = defineModule({
  name: 'partners',
  resolvers: [PartnersResolver],
  create: (deps: PartnersDeps): ModuleInstance<PartnersServices> => {
    const partners = new PartnerDirectory(deps.db);
    return { services: { partners, partnerTokens: new PartnerTokenService(deps.db, deps.secrets, deps.notices, partners) } };
  },
});

export type { PartnersServices } from './partners.resolver.js';
export { Partner } from './partners.types.js';
export {
  InteractionError,
  OAUTH_PREFIX,
  OAuthInteractions,
  createOAuthServer,
  type OAuthConsentPort,
  type OAuthServer,
} from './oauth/index.js';
