// The GraphQL side's check of a partner access token: in-process, on every request, so a revoked
// grant or a suspended partner stops the very next request. One statement reads the token row, its
// grant, the partner and the person's consent version together (for every request that arrived at
// the same moment: `BatchedLookup`, each read after its request arrived); the provider's own models decode
// the token and the grant (as `AccessToken.find` and `Grant.find` would), the partner row becomes
// client metadata as `Client.find` makes it, and what those leave out (grant, audience, DPoP at a
// resource server) is checked here. Nothing is remembered between requests but the provider's
// verdict on a given client metadata document (a pure function of it, as the provider caches it).
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { EmbeddedJWK, calculateJwkThumbprint, jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import type { AccessToken, AdapterPayload, ClientMetadata, Grant } from 'oidc-provider';
import { isDataCategory, type DataCategory } from '@shebao/vocabulary';
import type { Executor } from '../../../db/database.js';
import { BatchedLookup } from '../../../lib/batched-lookup.js';
import { accounts, oauthModels, partners } from '../../../db/schema.js';
import { claimOnce, notExpired, storedId, storedPayload } from './oauth-models.adapter.js';
import { PARTNER_CLIENT_COLUMNS, PARTNER_ID_METADATA, PartnerClientAdapter } from './partner-clients.js';
import { SIGNING_ALGS } from './oauth-provider.js';

/** How far a DPoP proof's `iat` may be from now (RFC 9449 §11.1: a short window plus replay checks). */
const DPOP_PROOF_WINDOW_S = 60;
const MAX_TOKEN_LENGTH = 512;
/** Client metadata documents whose verdict is kept (the provider keeps as many clients). */
const CLIENT_VERDICTS = 100;

/** A partner's access to one person's data, as the token and the rows behind it say now. */
export type PartnerAccess = {
  /** The person the grant was made by (our account id; partners only ever see a pairwise subject). */
  accountId: string;
  partnerId: string;
  partnerClientId: string;
  partnerName: string;
  /** What the partner is registered for (the decision intersects the token's scopes with it). */
  registeredCategories: DataCategory[];
  /** The token's scopes (data categories); the decision intersects them with the ledger and the registration. */
  scopes: DataCategory[];
  grantId: string;
  expiresAt: Date;
  /** The person's consent version (the decision cache's key). */
  consentVersion: number;
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

export type AccessTokenCheck = (token: string, presentation: TokenPresentation) => Promise<PartnerAccess | null>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** What `BaseModel.find` does after the adapter's read: `verify(stored)`, then `instantiate(payload)`. */
type ModelDecoding<T> = { verify(stored: AdapterPayload, options?: { ignoreExpiration?: boolean }): Promise<AdapterPayload>; instantiate(payload: AdapterPayload): T };

function decoding<T>(model: object, name: string): ModelDecoding<T> {
  const { verify, instantiate } = model as Partial<ModelDecoding<T>>;
  if (typeof verify !== 'function' || typeof instantiate !== 'function') throw new Error(`oidc-provider's ${name} model has no verify/instantiate: the access token check needs them`);
  return { verify: verify.bind(model), instantiate: instantiate.bind(model) };
}

/**
 * The token rows (by their hashed ids, not expired) of the requests that arrived together, its grant (not expired), the partner of the
 * token's client and the person's account: one prepared statement, its rows joined by the columns
 * the adapter extracts from the token's payload. Left joins: a row comes back for every live token,
 * and what is missing behind it is a null the check refuses.
 */
function prepareTokenRead(db: Executor) {
  const grants = alias(oauthModels, 'grant');
  const now = sql.placeholder('now');
  return db
    .select({
      id: oauthModels.id,
      payload: oauthModels.payload,
      consumedAt: oauthModels.consumedAt,
      grant: { payload: grants.payload, consumedAt: grants.consumedAt },
      partner: { ...PARTNER_CLIENT_COLUMNS, name: partners.name },
      consentVersion: accounts.consentVersion,
    })
    .from(oauthModels)
    .leftJoin(grants, and(eq(grants.model, 'Grant'), eq(grants.id, oauthModels.grantId), notExpired(grants.expiresAt, now)))
    .leftJoin(partners, eq(partners.clientId, oauthModels.clientId))
    // Account ids are uuids (the provider's findAccount accepts nothing else); the cast keeps the key usable.
    .leftJoin(accounts, eq(accounts.id, sql`${oauthModels.accountId}::uuid`))
    .where(and(eq(oauthModels.model, 'AccessToken'), sql`${oauthModels.id} = any(${sql.placeholder('ids')}::text[])`, notExpired(oauthModels.expiresAt, now)))
    .prepare('partner_access_tokens');
}

/**
 * The token check of one provider. `db` is the database itself, not an ambient executor: the
 * statement is prepared once, and a token is checked before any transaction of the request.
 */
export function accessTokenCheck(provider: Provider, db: Executor, resource: string): AccessTokenCheck {
  const read = prepareTokenRead(db);
  type TokenRow = Awaited<ReturnType<typeof read.execute>>[number];
  // Concurrent requests' tokens in one statement, each read after its request arrived.
  const tokenRows = new BatchedLookup<TokenRow>(async (ids) => {
    const rows = await read.execute({ ids, now: new Date().toISOString() });
    return new Map(rows.map((row) => [row.id, row]));
  });
  const AccessTokens = decoding<AccessToken>(provider.AccessToken, 'AccessToken');
  const Grants = decoding<Grant>(provider.Grant, 'Grant');
  const clients = (provider.Client as unknown as { adapter: unknown }).adapter;
  if (!(clients instanceof PartnerClientAdapter)) throw new Error('The provider’s clients are not the partner registry');
  const verdicts = new Map<string, boolean>();

  /** Whether the provider takes this metadata as a client (`Client.find` would throw otherwise). */
  async function clientAccepted(metadata: ClientMetadata): Promise<boolean> {
    const key = JSON.stringify(metadata); // the document itself: no hash to compute per request
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = await provider.Client.validate(metadata).then(
        () => true,
        () => false,
      );
      if (verdicts.size >= CLIENT_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(key, verdict);
    }
    return verdict;
  }

  return async (token, presentation) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    // Shared by the requests that presented the same token at once: read, never changed.
    const row = await tokenRows.get(storedId('AccessToken', token));
    if (!row) return null;

    // AccessToken.find: the adapter's payload, verified and instantiated by the model, and its
    // session binding (never set here: tokens do not expire with the provider's session).
    let accessToken: AccessToken;
    try {
      accessToken = AccessTokens.instantiate(await AccessTokens.verify(storedPayload('AccessToken', row, token)));
    } catch {
      return null;
    }
    if (accessToken.expiresWithSession && !(await sessionBindingHolds(provider, accessToken))) return null;
    if (accessToken.isExpired || !accessToken.grantId || !accessToken.accountId || !accessToken.clientId) return null;
    const audiences = Array.isArray(accessToken.aud) ? accessToken.aud : [accessToken.aud];
    if (!audiences.includes(resource)) return null;

    // Grant.find: the same decoding; then the grant must be this client's, for this person.
    if (!row.grant) return null;
    let grant: Grant;
    try {
      grant = Grants.instantiate(await Grants.verify(storedPayload('Grant', row.grant, accessToken.grantId)));
    } catch {
      return null;
    }
    if (grant.isExpired || grant.clientId !== accessToken.clientId || grant.accountId !== accessToken.accountId) return null;

    // Client.find: the row as client metadata (none when suspended or no longer consistently
    // registered), which the provider must accept.
    const { partner } = row;
    if (!partner || partner.clientId !== accessToken.clientId) return null;
    const metadata = clients.metadataFor(partner);
    if (!metadata || !(await clientAccepted(metadata))) return null;
    const partnerId = metadata[PARTNER_ID_METADATA];
    if (typeof partnerId !== 'string') return null;
    if (row.consentVersion === null) return null; // the account is gone

    if (accessToken.jkt) {
      if (presentation.scheme && presentation.scheme !== 'DPoP') return null;
      if (!presentation.dpopProof || !(await dpopProofValid(db, presentation.dpopProof, token, accessToken.jkt, presentation))) return null;
    } else if (presentation.scheme === 'DPoP') {
      return null;
    }

    return {
      accountId: accessToken.accountId,
      partnerId,
      partnerClientId: accessToken.clientId,
      partnerName: partner.name,
      registeredCategories: partner.registeredCategories.filter(isDataCategory),
      // The token's own scopes: the request's decision intersects them with the person's current
      // ledger grant and the partner's registration, and says which of those withheld a category.
      scopes: [...accessToken.scopes].filter(isDataCategory),
      grantId: accessToken.grantId,
      expiresAt: new Date(accessToken.exp! * 1000),
      consentVersion: row.consentVersion,
    };
  };
}

/** What `AccessToken.find` checks of a token that expires with the provider's session. */
async function sessionBindingHolds(provider: Provider, token: AccessToken): Promise<boolean> {
  const session = token.sessionUid ? await provider.Session.findByUid(token.sessionUid) : undefined;
  return !!session && session.accountId === token.accountId && session.grantIdFor(token.clientId!) === token.grantId;
}

/** RFC 9449 §4.3 at the resource server, with jose; replays are caught across instances in the provider's table. */
async function dpopProofValid(db: Executor, proof: string, token: string, jkt: string, presentation: TokenPresentation): Promise<boolean> {
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: SIGNING_ALGS });
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.jti !== 'string' || !payload.jti || typeof payload.iat !== 'number') return false;
    if (Math.abs(now - payload.iat) > DPOP_PROOF_WINDOW_S) return false;
    if (payload.htm !== presentation.method.toUpperCase()) return false;
    if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== withoutQuery(presentation.url)) return false;
    if (payload.ath !== sha256(token)) return false;
    if (!protectedHeader.jwk || (await calculateJwkThumbprint(protectedHeader.jwk)) !== jkt) return false;
    return await claimOnce(db, `dpop-rs:${jkt}`, payload.jti, now + 2 * DPOP_PROOF_WINDOW_S);
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
