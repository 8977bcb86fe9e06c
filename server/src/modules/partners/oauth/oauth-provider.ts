// The partner authorization server: oidc-provider configured to the FAPI 2.0 Security Profile
// (PAR, PKCE S256, private_key_jwt, DPoP where registered) with data categories as scopes of one
// resource server, the GraphQL API. No ID tokens: partners get data access, not a login.
import { createHmac, hkdfSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { JWK } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Executor } from '../../../db/database.js';
import { accounts } from '../../../db/schema.js';
import { verifyPassword } from '../../accounts/index.js';
import { OAuthModelAdapter, grantIdsFor, grantIdsOfClient, pruneExpiredOAuthModels } from './oauth-models.adapter.js';
import { CATEGORIES_METADATA, PARTNER_ID_METADATA, PartnerClientAdapter, clientIdOfPartner, registeredCategoriesOf } from './partner-clients.js';

/** Where the provider is mounted; the issuer is the public URL plus this. */
export const OAUTH_PREFIX = '/oauth';
export const ACCESS_TOKEN_TTL_S = 10 * 60;
const AUTHORIZATION_CODE_TTL_S = 60;
/** Long enough to read the consent screen and sign in first. */
const INTERACTION_TTL_S = 15 * 60;
/** The provider's own browser session lives only for the flow: the PWA session is the login. */
const SESSION_TTL_S = 15 * 60;
/** Rotation issues a new one on every use; never beyond the grant (the consent's expiry). */
const REFRESH_TOKEN_TTL_S = 30 * 86_400;
/** Any grant not made by the consent step (there should be none) dies quickly. */
const FALLBACK_GRANT_TTL_S = 60;
/** FAPI 2.0 allows PS256, ES256 and EdDSA (Ed25519). */
export const SIGNING_ALGS = ['ES256', 'PS256', 'Ed25519', 'EdDSA'];

export type OAuthKeys = {
  /** Private JWKs the provider signs with (the first one signs); the same on every instance. */
  signingKeys: JWK[];
  /** At least 32 random bytes, the same on every instance: pairwise subjects, DPoP nonces and
   * cookie signatures are derived from it. */
  secret: Buffer;
};

export type OAuthProviderOptions = {
  db: Executor;
  /** The origin partners see, e.g. `https://shebao.example` (SHEBAO_PUBLIC_URL). */
  publicUrl: string;
  keys: OAuthKeys;
  /** Trust X-Forwarded-Proto/Host like the Fastify app does (TLS offloading proxy). */
  trustProxy?: boolean;
  accessTokenTtlSeconds?: number;
  /**
   * Outside production: the public PKCE client of GraphiQL's "as partner" (auth method `none`,
   * redirect back to `<publicUrl>/graphiql`). Never in production, where no public client exists.
   */
  developmentClients?: boolean;
  logger?: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
};

export type OAuthUrls = { issuer: string; resource: string };

/** The issuer (public URL + /oauth) and the one resource server, the GraphQL API. */
export function oauthUrls(publicUrl: string): OAuthUrls {
  const origin = publicUrl.replace(/\/+$/, '');
  return { issuer: `${origin}${OAUTH_PREFIX}`, resource: `${origin}/graphql` };
}

function derive(secret: Buffer, label: string): Buffer {
  if (secret.length < 32) throw new Error('The OAuth secret must be at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `shebao/oauth/${label}`, 32));
}

/** Seconds left on the grant being used, if the context has one: nothing outlives the consent. */
function grantRemaining(ctx: KoaContextWithOIDC | undefined): number | undefined {
  const grant = ctx?.oidc?.entities?.Grant;
  return grant?.exp ? Math.max(1, grant.exp - Math.floor(Date.now() / 1000)) : undefined;
}

export function createOAuthProvider(options: OAuthProviderOptions): Provider {
  const { db, keys } = options;
  const { issuer, resource } = oauthUrls(options.publicUrl);
  const accessTokenTtl = Math.min(options.accessTokenTtlSeconds ?? ACCESS_TOKEN_TTL_S, ACCESS_TOKEN_TTL_S);
  const pairwiseKey = derive(keys.secret, 'pairwise');
  const developmentClients = options.developmentClients ?? false;

  const configuration: Configuration = {
    adapter: (name: string) =>
      name === 'Client' ? new PartnerClientAdapter(db, developmentClients ? { publicUrl: options.publicUrl } : undefined) : new OAuthModelAdapter(db, name),
    clients: [],
    jwks: { keys: keys.signingKeys as NonNullable<Configuration['jwks']>['keys'] },
    async findAccount(_ctx, sub) {
      if (!/^[0-9a-f-]{36}$/i.test(sub)) return undefined;
      const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, sub));
      return row ? { accountId: row.id, claims: () => ({ sub: row.id }) } : undefined;
    },
    // Data categories are the resource server's scopes (below); `openid` stays known to the
    // provider but no partner is registered for it, so asking for it is `invalid_scope`.
    scopes: [],
    subjectTypes: ['pairwise'],
    async pairwiseIdentifier(_ctx, accountId, client) {
      const sector = String((client as unknown as Record<string, unknown>)[PARTNER_ID_METADATA] ?? client.clientId);
      return createHmac('sha256', pairwiseKey).update(`${sector}\0${accountId}`).digest('base64url');
    },
    clientAuthMethods: developmentClients ? ['private_key_jwt', 'client_secret_basic', 'none'] : ['private_key_jwt', 'client_secret_basic'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'ES256',
    },
    extraClientMetadata: { properties: [PARTNER_ID_METADATA, CATEGORIES_METADATA] },
    enabledJWA: {
      clientAuthSigningAlgValues: SIGNING_ALGS as never,
      dPoPSigningAlgValues: SIGNING_ALGS as never,
      idTokenSigningAlgValues: ['ES256'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    acceptQueryParamAccessTokens: false,
    // Browsers may call from our own origin only (GraphiQL's public client); partners are
    // server-side clients and need no CORS.
    clientBasedCORS: (_ctx, origin) => origin === new URL(issuer).origin,
    features: {
      devInteractions: { enabled: false },
      fapi: { enabled: true, profile: '2.0' },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true, allowUnregisteredRedirectUris: false },
      dPoP: { enabled: true, nonceSecret: derive(keys.secret, 'dpop-nonce'), requireNonce: () => false, allowReplay: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        async getResourceServerInfo(ctx, indicator, client) {
          if (indicator !== resource) throw new errors.InvalidTarget();
          const registered = registeredCategoriesOf(client);
          if (ctx.oidc.route === 'pushed_authorization_request' || ctx.oidc.route === 'authorization') {
            const scope = ctx.oidc.params?.scope;
            const requested = typeof scope === 'string' && scope ? scope.split(' ') : [];
            if (requested.length === 0) throw new errors.InvalidScope('scope must name at least one data category', '');
            const outside = requested.filter((s) => !registered.has(s));
            if (outside.length > 0) throw new errors.InvalidScope('requested scope is not allowed', outside.join(' '));
          }
          return { scope: [...registered].join(' '), audience: resource, accessTokenTTL: accessTokenTtl, accessTokenFormat: 'opaque' };
        },
      },
      // A partner revokes its own tokens only; someone else's is left alone, and the answer is the
      // same 200 (RFC 7009 §2.2), so a token's existence is not revealed.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      // A partner introspects its own tokens only; the answer has its pairwise subject, never ours.
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      registration: { enabled: false },
      claimsParameter: { enabled: false },
      requestObjects: { enabled: false },
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Every use rotates; a rotated token used again revokes the whole grant (provider behaviour).
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    // Every authorization goes through the consent screen: only the grant that the consent step
    // just made resolves a request, never one remembered in the provider's session.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    interactions: { url: async (_ctx, interaction) => `${OAUTH_PREFIX}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: (ctx, token) => Math.min(token.resourceServer?.accessTokenTTL ?? accessTokenTtl, grantRemaining(ctx) ?? Infinity),
      AuthorizationCode: AUTHORIZATION_CODE_TTL_S,
      RefreshToken: (ctx) => Math.min(REFRESH_TOKEN_TTL_S, grantRemaining(ctx) ?? Infinity),
      Grant: FALLBACK_GRANT_TTL_S,
      Interaction: INTERACTION_TTL_S,
      Session: SESSION_TTL_S,
    },
    cookies: {
      names: { session: 'oauth_session', interaction: 'oauth_interaction', resume: 'oauth_resume' },
      keys: [derive(keys.secret, 'cookies').toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    // Standard OAuth errors only, as JSON; descriptions come from the provider and carry no input.
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = { error: out.error, ...(out.error_description ? { error_description: out.error_description } : {}) };
    },
    discovery: { service_documentation: `${options.publicUrl.replace(/\/+$/, '')}/graphiql` },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = options.trustProxy ?? false;

  // The provider's own browser session only carries one authorization: once the browser goes back
  // to the partner (code or error), it ends. The person is the PWA session's; a session left over
  // would tie the next authorization in this browser (maybe someone else's) to this person.
  provider.use(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    if (route !== 'authorization' && route !== 'resume') return;
    const location = ctx.response.get('location');
    if (location && new URL(location, issuer).pathname.startsWith(`${OAUTH_PREFIX}/interaction/`)) return;
    const session = ctx.oidc.session;
    if (session?.accountId) await session.destroy();
  });

  // Sandbox secrets are stored as argon2 hashes; the metadata's client_secret is that hash.
  provider.Client.prototype.compareClientSecret = function compareHashedSecret(this: { clientSecret?: string }, actual: string) {
    return this.clientSecret ? verifyPassword(this.clientSecret, actual) : Promise.resolve(false);
  };

  const log = options.logger;
  if (log) {
    // Names only: messages and details may echo request input.
    provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => log.error({ err: { name: error.name }, route: ctx.oidc?.route }, 'OAuth server error'));
    // At the token endpoint the provider revokes a grant only on a reused code or refresh token.
    provider.on('grant.revoked', (ctx: KoaContextWithOIDC) => {
      if (ctx.oidc?.route === 'token') log.warn({ clientId: ctx.oidc.client?.clientId }, 'OAuth grant revoked: a code or refresh token was used twice');
    });
  }
  return provider;
}

/** Every token and code of one grant, then the grant itself (the order the provider uses). */
export async function revokeGrant(provider: Provider, grantId: string): Promise<void> {
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
  ]);
  const grant = await provider.Grant.find(grantId, { ignoreExpiration: true });
  if (grant) await grant.destroy();
  else await provider.Grant.adapter.destroy(grantId);
}

/** Ends every grant one person gave one partner (consent withdrawal); returns how many ended. */
export async function revokePartnerGrants(provider: Provider, db: Executor, accountId: string, partnerId: string, except?: string): Promise<number> {
  const clientId = await clientIdOfPartner(db, partnerId);
  if (!clientId) return 0;
  const grantIds = (await grantIdsFor(db, accountId, [clientId])).filter((id) => id !== except);
  for (const grantId of grantIds) await revokeGrant(provider, grantId);
  return grantIds.length;
}

/** Ends every grant anyone gave one partner (suspension); returns how many ended. */
export async function revokeClientGrants(provider: Provider, db: Executor, partnerId: string): Promise<number> {
  const clientId = await clientIdOfPartner(db, partnerId);
  if (!clientId) return 0;
  const grantIds = await grantIdsOfClient(db, clientId);
  for (const grantId of grantIds) await revokeGrant(provider, grantId);
  return grantIds.length;
}

/**
 * Takes categories out of the person's grant(s) to the partner (a partial withdrawal): tokens
 * already issued lose them at the resource at once (it intersects with the grant), refreshed ones
 * no longer carry them. A grant left with no category ends. Returns how many grants changed.
 */
export async function withdrawPartnerCategories(provider: Provider, db: Executor, resource: string, accountId: string, partnerId: string, categories: readonly string[]): Promise<number> {
  const clientId = await clientIdOfPartner(db, partnerId);
  if (!clientId) return 0;
  const grantIds = await grantIdsFor(db, accountId, [clientId]);
  for (const grantId of grantIds) {
    const grant = await provider.Grant.find(grantId);
    if (!grant) continue;
    grant.rejectResourceScope(resource, categories.join(' '));
    if (grant.getResourceScope(resource) === '') await revokeGrant(provider, grantId);
    else await grant.save();
  }
  return grantIds.length;
}

/** Ends every grant the person gave any partner (account closure); returns how many ended. */
export async function revokeAccountGrants(provider: Provider, db: Executor, accountId: string): Promise<number> {
  const grantIds = await grantIdsFor(db, accountId);
  for (const grantId of grantIds) await revokeGrant(provider, grantId);
  return grantIds.length;
}

export { pruneExpiredOAuthModels };
