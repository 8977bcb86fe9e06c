// A partner's tokens the way a partner gets them: discovery, PAR, PKCE, the person's answer on the
// consent screen (its backend, as the PWA page calls it, with the person's session cookie), the
// code exchange. Runs against the real test app with a demo partner's sandbox credentials.
import { readFile } from 'node:fs/promises';
import { importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { DataCategory } from '@shebao/vocabulary';
import { SESSION_COOKIE } from '../../src/modules/accounts/index.js';
import { DEMO_INSURER_CLIENT_ID, DEMO_PARTNER_REDIRECT_URI, DEMO_PARTNERS } from '../../src/seed/demo.js';
import { Browser } from '../oauth/oauth-harness.js';

const SANDBOX_KEY = new URL('../../../examples/partner/sandbox-private-key.json', import.meta.url);

export type PartnerSession = {
  config: oidc.Configuration;
  accessToken: string;
  refreshToken: string;
  scope: string;
};

/** openid-client set up as a demo partner (its sandbox key or secret), from the server's RFC 8414 metadata. */
export async function demoPartnerConfig(baseUrl: string, clientId = DEMO_INSURER_CLIENT_ID): Promise<oidc.Configuration> {
  const partner = DEMO_PARTNERS.find((p) => p.clientId === clientId);
  if (!partner) throw new Error(`no demo partner ${clientId}`);
  let auth: oidc.ClientAuth;
  if (partner.clientAuth === 'private_key_jwt') {
    const { _warning, ...jwk } = JSON.parse(await readFile(SANDBOX_KEY, 'utf8')) as JWK & { _warning?: string };
    auth = oidc.PrivateKeyJwt({ key: (await importJWK(jwk, 'ES256')) as CryptoKey, kid: jwk.kid });
  } else if (partner.clientAuth === 'client_secret_basic') {
    auth = oidc.ClientSecretBasic(partner.clientSecret);
  } else {
    auth = oidc.None();
  }
  const metadata = (await (await fetch(`${baseUrl}/.well-known/oauth-authorization-server/oauth`)).json()) as oidc.ServerMetadata;
  const config = new oidc.Configuration(metadata, partner.clientId, undefined, auth);
  oidc.allowInsecureRequests(config);
  return config;
}

/**
 * Tokens for `scopes`, after the person (signed in with `sessionToken`) grants `grant` (default:
 * everything asked) for `days`.
 */
export async function partnerTokens(
  baseUrl: string,
  sessionToken: string,
  options: {
    scopes: readonly DataCategory[];
    grant?: readonly DataCategory[];
    days?: number;
    clientId?: string;
    /** Another partner than a demo one (its own openid-client configuration). */
    config?: oidc.Configuration;
    /** Bind the tokens to this DPoP key (RFC 9449). */
    dpop?: oidc.DPoPHandle;
  },
): Promise<PartnerSession> {
  const config = options.config ?? (await demoPartnerConfig(baseUrl, options.clientId));
  const dpop = options.dpop ? { DPoP: options.dpop } : undefined;
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorizationUrl = await oidc.buildAuthorizationUrlWithPAR(
    config,
    {
      redirect_uri: DEMO_PARTNER_REDIRECT_URI,
      scope: options.scopes.join(' '),
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    },
    dpop,
  );
  const browser = new Browser(baseUrl);
  browser.setCookie(SESSION_COOKIE, sessionToken);
  const toInteraction = await browser.request('GET', authorizationUrl.href);
  const interaction = new URL(toInteraction.headers.get('location') ?? '', baseUrl).pathname;
  if (toInteraction.status !== 303 || !interaction.startsWith('/oauth/interaction/')) throw new Error(`authorization: ${toInteraction.status}`);
  const answer = await browser.request('POST', `${interaction}/consent`, { categories: options.grant ?? options.scopes, days: options.days ?? 30 });
  if (answer.status !== 200) throw new Error(`consent: ${answer.status} ${await answer.text()}`);
  const resumed = await browser.request('GET', ((await answer.json()) as { redirectTo: string }).redirectTo);
  const callback = resumed.headers.get('location');
  if (resumed.status !== 303 || !callback?.startsWith(DEMO_PARTNER_REDIRECT_URI)) throw new Error(`resume: ${resumed.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: codeVerifier, expectedState: state }, undefined, dpop);
  return { config, accessToken: tokens.access_token, refreshToken: tokens.refresh_token!, scope: tokens.scope ?? '' };
}

/** A narrower token from the same grant (refresh with a subset of the scopes, RFC 6749 §6). */
export async function narrowedToken(session: PartnerSession, scopes: readonly DataCategory[]): Promise<PartnerSession> {
  const tokens = await oidc.refreshTokenGrant(session.config, session.refreshToken, { scope: scopes.join(' ') });
  return { config: session.config, accessToken: tokens.access_token, refreshToken: tokens.refresh_token!, scope: tokens.scope ?? '' };
}
