// The GraphQL side's check of a partner access token: in-process, on every request, so a revoked
// grant or a suspended partner stops the very next request. Opaque tokens are looked up through
// the provider's own model; what `AccessToken.find` leaves out (the grant, the partner, DPoP at a
// resource server) is checked here.
import { createHash } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import { PARTNER_ID_METADATA } from './partner-clients.js';
import { SIGNING_ALGS } from './oauth-provider.js';

/** How far a DPoP proof's `iat` may be from now (RFC 9449 §11.1: a short window plus replay checks). */
const DPOP_PROOF_WINDOW_S = 60;
const MAX_TOKEN_LENGTH = 512;

export type PartnerAccess = {
  /** The person the grant was made by (our account id; partners only ever see a pairwise subject). */
  accountId: string;
  partnerId: string;
  partnerClientId: string;
  /** The token's scopes (data categories); the decision intersects them with the ledger and the registration. */
  scopes: DataCategory[];
  grantId: string;
  expiresAt: Date;
};

export type TokenPresentation = {
  /** The Authorization scheme the token came with; a DPoP-bound token must come as `DPoP`. */
  scheme?: 'Bearer' | 'DPoP';
  /** The `DPoP` request header, if any. */
  dpopProof?: string;
  /** The request's method and absolute URL as the client addressed it (for `htm` and `htu`). */
  method: string;
  url: string;
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** The partner access behind a token, or null (unknown, expired, revoked, wrong audience, unbound proof). */
export async function principalForAccessToken(provider: Provider, resource: string, token: string, presentation: TokenPresentation): Promise<PartnerAccess | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const accessToken = await provider.AccessToken.find(token);
  if (!accessToken || accessToken.isExpired || !accessToken.grantId || !accessToken.accountId || !accessToken.clientId) return null;
  const audiences = Array.isArray(accessToken.aud) ? accessToken.aud : [accessToken.aud];
  if (!audiences.includes(resource)) return null;

  const [grant, client] = await Promise.all([provider.Grant.find(accessToken.grantId), provider.Client.find(accessToken.clientId)]);
  if (!grant || grant.isExpired || grant.clientId !== accessToken.clientId || grant.accountId !== accessToken.accountId) return null;
  if (!client) return null; // suspended or no longer consistently registered

  if (accessToken.jkt) {
    if (presentation.scheme && presentation.scheme !== 'DPoP') return null;
    if (!presentation.dpopProof || !(await dpopProofValid(provider, presentation.dpopProof, token, accessToken.jkt, presentation))) return null;
  } else if (presentation.scheme === 'DPoP') {
    return null;
  }

  // The token's own scopes: the request's decision intersects them with the person's current
  // ledger grant and the partner's registration, and says which of those withheld a category.
  const scopes = [...accessToken.scopes].filter(isDataCategory);
  const partnerId = (client as unknown as Record<string, unknown>)[PARTNER_ID_METADATA];
  if (typeof partnerId !== 'string') return null;
  return {
    accountId: accessToken.accountId,
    partnerId,
    partnerClientId: accessToken.clientId,
    scopes,
    grantId: accessToken.grantId,
    expiresAt: new Date(accessToken.exp! * 1000),
  };
}

/** RFC 9449 §4.3 at the resource server, with jose; replays are caught across instances via the provider's store. */
async function dpopProofValid(provider: Provider, proof: string, token: string, jkt: string, presentation: TokenPresentation): Promise<boolean> {
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: SIGNING_ALGS });
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.jti !== 'string' || !payload.jti || typeof payload.iat !== 'number') return false;
    if (Math.abs(now - payload.iat) > DPOP_PROOF_WINDOW_S) return false;
    if (payload.htm !== presentation.method.toUpperCase()) return false;
    if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== withoutQuery(presentation.url)) return false;
    if (payload.ath !== sha256(token)) return false;
    if (!protectedHeader.jwk || (await calculateJwkThumbprint(protectedHeader.jwk)) !== jkt) return false;
    return await provider.ReplayDetection.unique(`dpop-rs:${jkt}`, payload.jti, now + 2 * DPOP_PROOF_WINDOW_S);
  } catch {
    return false;
  }
}

function withoutQuery(value: string): string | null {
  const url = URL.parse(value);
  if (!url) return null;
  url.search = '';
  url.hash = '';
  return url.href;
}
