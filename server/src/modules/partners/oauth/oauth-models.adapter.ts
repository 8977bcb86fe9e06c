// oidc-provider's storage adapter on this project's database: every model in one table
// (`oauth_models`), the same SQL on PGlite and PostgreSQL. Times are compared with the process
// clock (as oidc-provider does), not the database's, so every instance agrees with its provider.
import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lte, or, type Column, type Placeholder } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Executor } from '../../../db/database.js';
import { oauthModels } from '../../../db/schema.js';

/**
 * Models whose id is itself a bearer credential (the opaque value a client presents). Their id is
 * stored as SHA-256 and their `jti` is dropped from the payload, so a database read yields no
 * usable code or token (as with the PWA's sessions).
 */
const BEARER_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'ClientCredentials',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'InitialAccessToken',
  'RegistrationAccessToken',
  'PreAuthorizedCode',
]);

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

/** The key a model's row is stored under: a bearer credential's SHA-256, any other id as it is. */
export function storedId(model: string, id: string): string {
  return BEARER_MODELS.has(model) ? sha256(id) : id;
}

/**
 * A stored row as the provider's payload (what `Adapter.find` returns): a bearer model gets its
 * `jti` back (the value presented, never stored), and a consumed row says when.
 */
export function storedPayload(model: string, row: { payload: unknown; consumedAt: Date | null }, id: string): AdapterPayload {
  const payload = { ...(row.payload as AdapterPayload) };
  if (BEARER_MODELS.has(model)) payload.jti = id;
  if (row.consumedAt) payload.consumed = epochSeconds(row.consumedAt);
  return payload;
}

export class OAuthModelAdapter implements Adapter {
  private readonly bearer: boolean;

  constructor(
    private readonly db: Executor,
    private readonly model: string,
  ) {
    this.bearer = BEARER_MODELS.has(model);
  }

  private key(id: string): string {
    return storedId(this.model, id);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const stored: Record<string, unknown> = { ...payload };
    if (this.bearer) delete stored.jti;
    const row = {
      payload: stored,
      grantId: text(payload.grantId),
      uid: text(payload.uid),
      userCode: text(payload.userCode),
      accountId: text(payload.accountId),
      clientId: text(payload.clientId),
      expiresAt: typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    // A re-save keeps `consumed_at`: what was used once stays used.
    await this.db
      .insert(oauthModels)
      .values({ model: this.model, id: this.key(id), ...row, consumedAt: null })
      .onConflictDoUpdate({ target: [oauthModels.model, oauthModels.id], set: row });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: oauthModels.payload, consumedAt: oauthModels.consumedAt })
      .from(oauthModels)
      .where(and(eq(oauthModels.model, this.model), eq(oauthModels.id, this.key(id)), notExpired()));
    return row ? this.toPayload(row, id) : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: oauthModels.payload, consumedAt: oauthModels.consumedAt, id: oauthModels.id })
      .from(oauthModels)
      .where(and(eq(oauthModels.model, this.model), eq(oauthModels.uid, uid), notExpired()))
      .limit(1);
    // Only sessions are looked up by uid, and their ids are stored as they are.
    return row && !this.bearer ? this.toPayload(row, row.id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    // Device codes are bearer models: their jti cannot be restored from a user code. The device
    // flow is off; this stays unsupported rather than half-working.
    if (this.bearer) return undefined;
    const [row] = await this.db
      .select({ payload: oauthModels.payload, consumedAt: oauthModels.consumedAt, id: oauthModels.id })
      .from(oauthModels)
      .where(and(eq(oauthModels.model, this.model), eq(oauthModels.userCode, userCode), notExpired()))
      .limit(1);
    return row ? this.toPayload(row, row.id) : undefined;
  }

  async consume(id: string): Promise<void> {
    await this.db
      .update(oauthModels)
      .set({ consumedAt: new Date() })
      .where(and(eq(oauthModels.model, this.model), eq(oauthModels.id, this.key(id)), isNull(oauthModels.consumedAt)));
  }

  async destroy(id: string): Promise<void> {
    await this.db.delete(oauthModels).where(and(eq(oauthModels.model, this.model), eq(oauthModels.id, this.key(id))));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.delete(oauthModels).where(and(eq(oauthModels.model, this.model), eq(oauthModels.grantId, grantId)));
  }

  private toPayload(row: { payload: unknown; consumedAt: Date | null }, id: string): AdapterPayload {
    return storedPayload(this.model, row, id);
  }
}

/** A row not expired at `now` (the process clock unless given; a placeholder in prepared statements). */
export function notExpired(expiresAt: Column = oauthModels.expiresAt, now: Date | Placeholder = new Date()) {
  return or(isNull(expiresAt), gt(expiresAt, now));
}

/**
 * Records a one-time value (a DPoP proof's `jti` for an issuer) unless a live record has it; true
 * when this call recorded it. One statement, atomic: of several requests carrying the same value at
 * once, on one instance or several, exactly one gets true (the provider's `ReplayDetection.unique`
 * reads, then writes, and lets them all through). The row is the one the provider would store: id
 * SHA-256 of issuer and value, its payload, and an expiry after which the value may be taken again.
 */
export async function claimOnce(db: Executor, iss: string, jti: string, exp: number, now: Date = new Date()): Promise<boolean> {
  const id = sha256(`${iss}${jti}`);
  const payload = { iat: epochSeconds(now), exp, jti: id, kind: 'ReplayDetection', iss };
  const claimed = await db
    .insert(oauthModels)
    .values({ model: 'ReplayDetection', id, payload, expiresAt: new Date(exp * 1000), consumedAt: null })
    .onConflictDoUpdate({
      target: [oauthModels.model, oauthModels.id],
      set: { payload, expiresAt: new Date(exp * 1000), consumedAt: null },
      // Only an expired record gives way (a prune has not removed it yet).
      setWhere: lte(oauthModels.expiresAt, now),
    })
    .returning({ id: oauthModels.id });
  return claimed.length > 0;
}

/** Deletes rows that expired before `now` (a periodic job calls this); returns how many went. */
export async function pruneExpiredOAuthModels(db: Executor, now: Date = new Date()): Promise<number> {
  const deleted = await db.delete(oauthModels).where(lte(oauthModels.expiresAt, now)).returning({ id: oauthModels.id });
  return deleted.length;
}

/** The ids of every grant any person gave one client (a partner's suspension ends them all). */
export async function grantIdsOfClient(db: Executor, clientId: string): Promise<string[]> {
  const rows = await db
    .select({ id: oauthModels.id })
    .from(oauthModels)
    .where(and(eq(oauthModels.model, 'Grant'), eq(oauthModels.clientId, clientId)));
  return rows.map((row) => row.id);
}

/** The ids of the grants one person gave these clients (normally at most one each), or any client. */
export async function grantIdsFor(db: Executor, accountId: string, clientIds?: string[]): Promise<string[]> {
  if (clientIds?.length === 0) return [];
  const rows = await db
    .select({ id: oauthModels.id })
    .from(oauthModels)
    .where(and(eq(oauthModels.model, 'Grant'), eq(oauthModels.accountId, accountId), clientIds ? inArray(oauthModels.clientId, clientIds) : undefined));
  return rows.map((row) => row.id);
}
