// The storage adapter on this run's database (PGlite, or PostgreSQL when DATABASE_URL is set):
// oidc-provider's adapter contract, hashed bearer ids, expiry and pruning.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { oauthModels } from '../../src/db/schema.js';
import { OAuthModelAdapter, claimOnce, grantIdsFor, pruneExpiredOAuthModels } from '../../src/modules/partners/oauth/oauth-models.adapter.js';
import { cloneTestDatabase } from '../support/test-app.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await cloneTestDatabase());
});
afterAll(async () => {
  await drop?.();
});
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Math.floor(Date.now() / 1000);
const rows = (model: string) => database.db.select().from(oauthModels).where(eq(oauthModels.model, model));

describe(`OAuthModelAdapter (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('stores and finds a payload, and updates it in place', async () => {
    const grants = new OAuthModelAdapter(database.db, 'Grant');
    const payload = { jti: 'grant-1', kind: 'Grant', accountId: 'acc-1', clientId: 'client-1', iat: now(), exp: now() + 60, resources: { 'https://api': 'a b' } };
    await grants.upsert('grant-1', payload, 60);
    expect(await grants.find('grant-1')).toEqual(payload);
    await grants.upsert('grant-1', { ...payload, resources: { 'https://api': 'a' } }, 60);
    expect(await grants.find('grant-1')).toMatchObject({ resources: { 'https://api': 'a' } });
    expect(await rows('Grant')).toHaveLength(1);
    expect(await grantIdsFor(database.db, 'acc-1', ['client-1'])).toEqual(['grant-1']);
    expect(await grantIdsFor(database.db, 'acc-1', ['client-2'])).toEqual([]);
    // Another model with the same id is another row.
    expect(await new OAuthModelAdapter(database.db, 'Session').find('grant-1')).toBeUndefined();
  });

  it('stores bearer artefacts under their SHA-256 only, without the jti, and gives the jti back on find', async () => {
    const tokens = new OAuthModelAdapter(database.db, 'AccessToken');
    const value = 'opaque-access-token-value-0123456789';
    await tokens.upsert(value, { jti: value, kind: 'AccessToken', grantId: 'g-hash', accountId: 'acc', clientId: 'c', iat: now(), exp: now() + 60 }, 60);
    const [row] = await rows('AccessToken');
    expect(row!.id).not.toBe(value);
    expect(row!.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row!.payload)).not.toContain(value);
    expect(row).toMatchObject({ grantId: 'g-hash', accountId: 'acc', clientId: 'c' });
    expect(await tokens.find(value)).toMatchObject({ jti: value, grantId: 'g-hash' });
    expect(await tokens.find(row!.id)).toBeUndefined(); // the stored key is not a token
  });

  it('marks a model consumed, and a re-save keeps it consumed', async () => {
    const codes = new OAuthModelAdapter(database.db, 'AuthorizationCode');
    await codes.upsert('code-1', { jti: 'code-1', kind: 'AuthorizationCode', grantId: 'g-code', iat: now(), exp: now() + 60 }, 60);
    expect((await codes.find('code-1'))?.consumed).toBeUndefined();
    await codes.consume('code-1');
    const consumed = (await codes.find('code-1'))?.consumed;
    expect(consumed).toBeGreaterThanOrEqual(now() - 1);
    await codes.upsert('code-1', { jti: 'code-1', kind: 'AuthorizationCode', grantId: 'g-code', iat: now(), exp: now() + 60 }, 60);
    expect((await codes.find('code-1'))?.consumed).toBe(consumed);
  });

  it('finds a session by its uid', async () => {
    const sessions = new OAuthModelAdapter(database.db, 'Session');
    await sessions.upsert('session-cookie-1', { jti: 'session-cookie-1', kind: 'Session', uid: 'uid-1', iat: now(), exp: now() + 60 }, 60);
    expect(await sessions.findByUid('uid-1')).toMatchObject({ jti: 'session-cookie-1', uid: 'uid-1' });
    expect(await sessions.findByUid('uid-2')).toBeUndefined();
  });

  it('finds by user code where the model keeps its id', async () => {
    const model = new OAuthModelAdapter(database.db, 'CustomModel');
    await model.upsert('m-1', { jti: 'm-1', userCode: 'ABCD-EFGH' }, 60);
    expect(await model.findByUserCode('ABCD-EFGH')).toMatchObject({ jti: 'm-1' });
  });

  it('destroys one row, and revokes by grant within its own model only', async () => {
    const access = new OAuthModelAdapter(database.db, 'AccessToken');
    const refresh = new OAuthModelAdapter(database.db, 'RefreshToken');
    for (const [adapter, id, grantId] of [
      [access, 'at-a', 'grant-a'],
      [access, 'at-b', 'grant-a'],
      [access, 'at-c', 'grant-b'],
      [refresh, 'rt-a', 'grant-a'],
    ] as const) {
      await adapter.upsert(id, { jti: id, grantId, iat: now(), exp: now() + 60 }, 60);
    }
    await access.revokeByGrantId('grant-a');
    expect(await access.find('at-a')).toBeUndefined();
    expect(await access.find('at-b')).toBeUndefined();
    expect(await access.find('at-c')).toBeDefined();
    expect(await refresh.find('rt-a')).toBeDefined();
    await refresh.destroy('rt-a');
    expect(await refresh.find('rt-a')).toBeUndefined();
  });

  it('finds nothing once expired, and pruning deletes expired rows only', async () => {
    const interactions = new OAuthModelAdapter(database.db, 'Interaction');
    await interactions.upsert('short', { jti: 'short', iat: now(), exp: now() + 5 }, 5);
    await interactions.upsert('long', { jti: 'long', iat: now(), exp: now() + 3600 }, 3600);
    await interactions.upsert('forever', { jti: 'forever' });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 10_000);
    expect(await interactions.find('short')).toBeUndefined();
    expect(await interactions.find('long')).toBeDefined();
    const pruned = await pruneExpiredOAuthModels(database.db, new Date());
    expect(pruned).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .select({ id: oauthModels.id })
      .from(oauthModels)
      .where(and(eq(oauthModels.model, 'Interaction'), sql`true`));
    expect(left.map((r) => r.id).sort()).toEqual(['forever', 'long']);
    expect(await pruneExpiredOAuthModels(database.db, new Date())).toBe(0);
  });

  it('claims a one-time value once while its record lives, atomically, and again once it expired', async () => {
    const exp = now() + 120;
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimOnce(database.db, 'dpop-rs:jkt-1', 'proof-1', exp)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimOnce(database.db, 'dpop-rs:jkt-1', 'proof-1', exp)).toBe(false);
    expect(await claimOnce(database.db, 'dpop-rs:jkt-2', 'proof-1', exp)).toBe(true);
    // Stored as the provider's ReplayDetection model stores it, and found by it.
    const replays = new OAuthModelAdapter(database.db, 'ReplayDetection');
    const id = createHash('sha256').update('dpop-rs:jkt-1proof-1').digest('base64url');
    expect(await replays.find(id)).toEqual({ iat: expect.any(Number), exp, jti: id, kind: 'ReplayDetection', iss: 'dpop-rs:jkt-1' });
    // Past its expiry (not yet pruned), the record gives way.
    expect(await claimOnce(database.db, 'dpop-rs:jkt-1', 'proof-1', exp + 600, new Date((exp + 1) * 1000))).toBe(true);
    expect(await replays.find(id)).toMatchObject({ exp: exp + 600 });
  });
});
