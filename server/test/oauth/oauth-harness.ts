// Test harness for the partner authorization server: a Fastify instance with the OAuth routes on
// a free port, a browser with a cookie jar that drives the consent backend as the PWA page would,
// and partners that talk to it with openid-client (PAR, PKCE, private_key_jwt, DPoP).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { DataCategory } from '@shebao/vocabulary';
import { inTransaction } from '../../src/db/ambient-transaction.js';
import type { Database, Executor } from '../../src/db/database.js';
import { accounts } from '../../src/db/schema.js';
import { loadConfig } from '../../src/config/config.js';
import { RequestCounters } from '../../src/db/request-counters.js';
import { registerErrorHandler } from '../../src/http/plugins/error-handler.js';
import { registerRateLimit } from '../../src/http/plugins/rate-limit.js';
import { registerOAuthRoutes } from '../../src/http/routes/oauth.route.js';
import { createOAuthServer, type OAuthConsentPort, type OAuthKeys, type OAuthServer, type PartnerConsent } from '../../src/modules/partners/oauth/index.js';
import { registerPartner, type PartnerRegistration } from '../../src/modules/partners/partner-registration.js';
import type { HttpOptions } from '../../src/http/http-options.js';
import { securityHeaders } from '../../src/http/plugins/security-headers.js';

export const REDIRECT_URI = 'https://partner.example/cb';
const SESSION_COOKIE = 'shebao_session';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function testKeys(): Promise<OAuthKeys> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'ES256', use: 'sig' };
  return { signingKeys: [jwk], secret: randomBytes(32) };
}

export type RecordedGrant = PartnerConsent;

/**
 * The consent port with an in-memory ledger: sessions are `shebao_session` cookie values mapped to
 * accounts. The provider's grant is saved in a real transaction, as the product does, and a
 * ledger failure (`failNext`) rolls it back.
 */
export class InMemoryConsent implements OAuthConsentPort {
  readonly sessions = new Map<string, string>();
  readonly grants: RecordedGrant[] = [];
  failNext = false;

  constructor(private readonly db: Database) {}

  signIn(accountId: string): string {
    const token = `sbs_${randomBytes(16).toString('base64url')}`;
    this.sessions.set(token, accountId);
    return token;
  }

  async authenticate(request: FastifyRequest): Promise<string | null> {
    const cookie = request.headers.cookie ?? '';
    const token = cookie
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === SESSION_COOKIE)?.[1];
    return (token && this.sessions.get(token)) ?? null;
  }

  async recordGrant(consent: PartnerConsent, saveGrant: () => Promise<string>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await inTransaction(tx, saveGrant);
      if (this.failNext) {
        this.failNext = false;
        throw new Error('ledger unavailable');
      }
    });
    this.grants.push(consent);
  }
}

export type OAuthTestApp = { url: string; oauth: OAuthServer; app: FastifyInstance; consent: InMemoryConsent; close(): Promise<void> };

/**
 * One instance: the OAuth routes plus `/probe`, a stand-in for the GraphQL side that answers with
 * what `principalForAccessToken` makes of the request's credential.
 */
export async function startOAuthApp(options: {
  db: Database;
  keys: OAuthKeys;
  consent?: InMemoryConsent;
  /** Registers the product's rate limit (shared counters in the database) with this budget per address. */
  rateLimitMax?: number;
  /** Registers the product's other app-wide plugins too (@fastify/cookie, the security headers). */
  productPlugins?: boolean;
  /** The public URL (issuer base) when it is not this instance's own address: several instances behind one name. */
  publicUrl?: string;
}): Promise<OAuthTestApp> {
  const port = await freePort();
  const url = options.publicUrl ?? `http://127.0.0.1:${port}`;
  const own = `http://127.0.0.1:${port}`;
  const consent = options.consent ?? new InMemoryConsent(options.db);
  const app = Fastify({ logger: false });
  if (options.productPlugins) {
    await app.register(fastifyCookie);
    await securityHeaders(app, { config: loadConfig({}) } as HttpOptions);
  }
  if (options.rateLimitMax !== undefined) {
    registerErrorHandler(app);
    const config = loadConfig({ SHEBAO_LIMITS: JSON.stringify({ requests: { windowSeconds: 3600, perAddress: options.rateLimitMax } }) });
    const windowMs = config.limits.requests.windowSeconds * 1000;
    await registerRateLimit(app, { config, requestCounters: new RequestCounters(options.db, windowMs, (key) => `${port}:${key}`) });
  }
  const oauth = createOAuthServer({ db: options.db, publicUrl: url, keys: options.keys });
  await registerOAuthRoutes(app, { oauth, consent });
  app.get('/probe', async (request, reply) => {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const access = await oauth.principalForAccessToken(token ?? '', {
      scheme: scheme === 'DPoP' ? 'DPoP' : scheme === 'Bearer' ? 'Bearer' : undefined,
      dpopProof: typeof request.headers.dpop === 'string' ? request.headers.dpop : undefined,
      method: request.method,
      // As the client addressed it: the public name (several instances answer for one).
      url: `${url}${request.url}`,
    });
    return access ? { ...access, expiresAt: access.expiresAt.toISOString() } : reply.code(401).send({ error: 'invalid_token' });
  });
  await app.listen({ host: '127.0.0.1', port });
  return { url: own, oauth, app, consent, close: () => app.close() };
}

export async function createAccount(db: Executor): Promise<string> {
  const [row] = await db
    .insert(accounts)
    .values({ phoneHash: `test-${randomUUID()}`, phoneEncrypted: 'not-a-real-phone', passwordHash: 'not-a-real-hash' })
    .returning({ id: accounts.id });
  return row!.id;
}

export type TestPartner = { id: string; clientId: string; privateKey: CryptoKey; kid: string; publicJwk: JWK; clientSecret?: string };

export const PARTNER_CATEGORIES: DataCategory[] = ['insurance.status', 'insurance.contributions', 'medical.records'];

/** A private_key_jwt partner (unless `clientAuth` says otherwise) with a fresh ES256 key. */
export async function registerTestPartner(db: Executor, overrides: Partial<PartnerRegistration> = {}): Promise<TestPartner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `k-${randomBytes(4).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kty: 'EC' as const, kid, alg: 'ES256', use: 'sig' as const };
  const registration: PartnerRegistration = {
    name: '测试伙伴',
    nameEn: 'Test partner',
    description: '测试用途',
    descriptionEn: 'Testing',
    contact: 'privacy@partner.example',
    purposes: [{ zh: '核保', en: 'Underwriting' }],
    registeredCategories: PARTNER_CATEGORIES,
    redirectUris: [REDIRECT_URI],
    clientAuth: { method: 'private_key_jwt', jwks: { keys: [publicJwk] } },
    maxGrantDays: 90,
    ...overrides,
  };
  const registered = await registerPartner(db, registration);
  return { id: registered.id, clientId: registered.clientId, privateKey, kid, publicJwk, clientSecret: registered.clientSecret };
}

/** openid-client configured for the partner, discovered through RFC 8414 (path-inserted) metadata. */
export async function partnerConfig(app: OAuthTestApp, partner: TestPartner, auth?: oidc.ClientAuth): Promise<oidc.Configuration> {
  const clientAuth = auth ?? (partner.clientSecret ? oidc.ClientSecretBasic(partner.clientSecret) : oidc.PrivateKeyJwt({ key: partner.privateKey, kid: partner.kid }));
  // Discovery goes to this instance; the metadata names the shared issuer, its endpoints this instance.
  const metadata = (await (await fetch(`${app.url}/.well-known/oauth-authorization-server/oauth`)).json()) as oidc.ServerMetadata;
  const config = new oidc.Configuration(metadata, partner.clientId, undefined, clientAuth);
  oidc.allowInsecureRequests(config);
  return config;
}

type StoredCookie = { name: string; value: string; path: string };

/** Just enough of a browser: manual redirects and a path-aware cookie jar. */
export class Browser {
  private cookies: StoredCookie[] = [];

  /** `base` is where requests go; `origin` what the page's Origin header says (the public URL). */
  constructor(
    private readonly base: string,
    private readonly origin = base,
  ) {}

  setCookie(name: string, value: string, path = '/'): void {
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    this.cookies.push({ name, value, path });
  }

  async request(method: string, target: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(target, this.base);
    const cookie = this.cookies
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json', origin: this.origin } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    for (const line of response.headers.getSetCookie()) this.store(line, url.pathname);
    return response;
  }

  private store(line: string, requestPath: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const [name, ...rest] = pair!.split('=');
    const value = rest.join('=');
    const attr = new Map(attributes.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=').slice(1).join('=')]));
    const path = attr.get('path') ?? requestPath;
    const expires = attr.get('expires');
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    if (value && !(expires && new Date(expires).getTime() < Date.now())) this.cookies.push({ name: name!, value, path });
  }
}

export type AuthorizeOptions = {
  scope?: string;
  /** What the person grants; default: everything asked, 30 days. `'refuse'` declines. */
  consent?: { categories: string[]; days: number } | 'refuse';
  DPoP?: oidc.DPoPHandle;
  browser?: Browser;
};

/**
 * The whole front channel: PAR, the authorization request, the consent backend (as the PWA page
 * calls it) and the resume; returns the callback URL the partner receives and the PKCE verifier.
 */
export async function authorize(app: OAuthTestApp, config: oidc.Configuration, accountId: string, options: AuthorizeOptions = {}) {
  const scope = options.scope ?? PARTNER_CATEGORIES.join(' ');
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(
    config,
    { redirect_uri: REDIRECT_URI, scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256' },
    options.DPoP ? { DPoP: options.DPoP } : undefined,
  ).catch((error: { error?: string; error_description?: string }) => {
    throw Object.assign(new Error(`PAR refused: ${error.error} (${error.error_description})`), { error: error.error });
  });
  const browser = options.browser ?? new Browser(app.url, app.oauth.publicUrl);
  browser.setCookie(SESSION_COOKIE, app.consent.signIn(accountId));
  const toInteraction = await browser.request('GET', authorizationUrl.href);
  if (toInteraction.status !== 303) throw new Error(`authorization: expected 303, got ${toInteraction.status} ${await toInteraction.text()}`);
  const interactionPath = new URL(toInteraction.headers.get('location')!, app.url).pathname;
  const uid = interactionPath.split('/').pop()!;
  const details = await (await browser.request('GET', `${interactionPath}/details`)).json();
  const consent = options.consent ?? { categories: scope.split(' '), days: 30 };
  const answer =
    consent === 'refuse' ? await browser.request('POST', `${interactionPath}/refuse`, {}) : await browser.request('POST', `${interactionPath}/consent`, consent);
  if (answer.status !== 200) throw new Error(`consent: ${answer.status} ${await answer.text()}`);
  const { redirectTo } = (await answer.json()) as { redirectTo: string };
  const resumed = await browser.request('GET', redirectTo);
  const callback = resumed.headers.get('location');
  if (resumed.status !== 303 || !callback) throw new Error(`resume: ${resumed.status} ${await resumed.text()}`);
  return { callbackUrl: new URL(callback, app.url), codeVerifier, state, uid, details, browser };
}

/** Authorization through to tokens. */
export async function obtainTokens(app: OAuthTestApp, config: oidc.Configuration, accountId: string, options: AuthorizeOptions = {}) {
  const flow = await authorize(app, config, accountId, options);
  const tokens = await oidc.authorizationCodeGrant(
    config,
    flow.callbackUrl,
    { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state },
    undefined,
    options.DPoP ? { DPoP: options.DPoP } : undefined,
  );
  return { ...flow, tokens };
}

export async function probe(app: OAuthTestApp, accessToken: string, init: { scheme?: string; dpop?: string } = {}) {
  const response = await fetch(`${app.url}/probe`, {
    headers: { authorization: `${init.scheme ?? 'Bearer'} ${accessToken}`, ...(init.dpop ? { dpop: init.dpop } : {}) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The OAuth error a rejected openid-client call carried. */
export async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { error?: string; cause?: { error?: string } | { parameters?: { error?: string } }[]; code?: string };
    // A 401 with WWW-Authenticate comes as a challenge error whose cause lists the challenges.
    if (Array.isArray(e.cause)) return e.cause[0]?.parameters?.error ?? String(error);
    return e.error ?? e.cause?.error ?? e.code ?? String(error);
  }
  throw new Error('expected the call to fail');
}
