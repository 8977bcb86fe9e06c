// Runs on PGlite, or on a throwaway PostgreSQL database when DATABASE_URL is set.
import { readFile } from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashNotice } from '../authz/notice-registry.js';
import { FieldCrypto } from '../config/field-crypto.js';
import { rowsOf, type DatabaseHandle } from '../db/database.js';
import { accounts, consentEvents, noticeVersions, partners } from '../db/schema.js';
import { NOTICE_V1 } from '../modules/consent/notice.content.js';
import { clientMetadataFor } from '../modules/partners/index.js';
import { SimulatedPlatform } from '../platform/simulated-platform.js';
import { DEMO_CARD_NUMBER, DEMO_INSURER_CLIENT_ID, DEMO_PARTNERS, DEMO_PASSWORD, DEMO_PHONE_E164, findDemoAccountId, seedDemo } from './demo.js';
import { openEmptyDatabase } from '../../test/support/databases.js';

const crypto = new FieldCrypto(Buffer.alloc(32, 3), Buffer.alloc(32, 4));
// argon2 is slow and not what is under test; the real server passes its argon2id hashPassword.
const hashPassword = async (password: string) => `test-hash:${password}`;
const platform = new SimulatedPlatform();
let handle: DatabaseHandle;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database: handle, drop } = await openEmptyDatabase());
}, 120_000);
afterAll(() => drop?.());

const TABLES = [
  'accounts',
  'notice_versions',
  'partners',
  'social_insurance_cards',
  'insurance_profiles',
  'participations',
  'contributions',
  'balances',
  'medical_records',
  'devices',
  'app_installations',
  'installation_events',
  'device_events',
  'search_logs',
  'location_samples',
  'consent_events',
] as const;

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
  return out;
}

describe('seedDemo', () => {
  it('leaves the empty database empty when the platform fails', async () => {
    const down = new SimulatedPlatform({ fail: 'PLATFORM_UNAVAILABLE' });
    await expect(seedDemo(handle.db, { crypto, hashPassword, platform: down })).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE' });
    expect(Object.values(await tableCounts()).every((n) => n === 0)).toBe(true);
  });

  it('seeds an empty database once, and then does nothing', async () => {
    const seeded = await seedDemo(handle.db, { crypto, hashPassword, platform });
    expect(seeded?.accountId).toMatch(/^[0-9a-f-]{36}$/);
    const after = await tableCounts();

    // Until the demo person has a consent event, a next start resumes with the grants.
    expect(await seedDemo(handle.db, { crypto, hashPassword, platform })).toEqual(seeded);
    expect(await tableCounts()).toEqual(after);

    // Consent is granted through the consent service afterwards, never here.
    expect(after.consent_events).toBe(0);
    for (const table of TABLES.filter((t) => t !== 'consent_events')) expect(after[table], table).toBeGreaterThan(0);
    expect(after.accounts).toBe(1);
    expect(after.devices).toBe(2);
    expect(after.contributions).toBeGreaterThanOrEqual(100 * 5); // about ten years, five insurances

    await handle.db.insert(consentEvents).values({ accountId: seeded!.accountId, kind: 'GRANT', noticeVersion: 1, purpose: 'SERVICE', recipientType: 'SERVICE', categories: ['device.info'] });
    expect(await seedDemo(handle.db, { crypto, hashPassword, platform })).toBeNull();
  });

  it('publishes notice version 1 with its content hash', async () => {
    const [notice] = await handle.db.select().from(noticeVersions);
    expect(notice!.version).toBe(1);
    expect(notice!.contentHash).toBe(hashNotice(NOTICE_V1));
    expect(hashNotice(notice!.content as typeof NOTICE_V1)).toBe(notice!.contentHash);
  });

  it('creates the demo person with the documented credentials and card', async () => {
    const accountId = await findDemoAccountId(handle.db, crypto);
    expect(accountId).toBeDefined();
    const [account] = await handle.db.select().from(accounts);
    expect(account!.passwordHash).toBe(await hashPassword(DEMO_PASSWORD));
    expect(crypto.decrypt(account!.phoneEncrypted)).toBe(DEMO_PHONE_E164);
    expect(account!.displayName).toBe('演示用户');
    const [card] = rowsOf<{ encrypted: string }>(await handle.db.execute(sql`select card_number_encrypted as encrypted from social_insurance_cards where account_id = ${accountId}`));
    expect(crypto.decrypt(card!.encrypted)).toBe(DEMO_CARD_NUMBER);
  });

  it('registers the demo partners as valid sandbox clients: keys, hashed secrets or (development only) the public GraphiQL client', async () => {
    const rows = await handle.db.select().from(partners);
    expect(rows.map((r) => r.clientId).sort()).toEqual(['demo-health', 'demo-insurer', 'demo-lender', 'shebao-graphiql']);
    for (const partner of DEMO_PARTNERS) {
      const row = rows.find((r) => r.clientId === partner.clientId)!;
      expect(row.registeredCategories).toEqual(partner.registeredCategories);
      expect(row.sandbox).toBe(true);
      if (partner.clientAuth === 'client_secret_basic') expect(row.clientSecretHash).toBe(await hashPassword(partner.clientSecret));
      const development = clientMetadataFor(row, { publicUrl: 'http://127.0.0.1:4000' });
      expect(development?.token_endpoint_auth_method).toBe(partner.clientAuth);
      // In production the public client does not exist; the others do.
      expect(clientMetadataFor(row)?.token_endpoint_auth_method).toBe(partner.clientAuth === 'none' ? undefined : partner.clientAuth);
    }
  });

  it('registers the public half of the example partner’s committed sandbox key', async () => {
    const file = JSON.parse(await readFile(new URL('../../../examples/partner/sandbox-private-key.json', import.meta.url), 'utf8')) as JWK;
    const [row] = await handle.db.select().from(partners).where(eq(partners.clientId, DEMO_INSURER_CLIENT_ID));
    expect(await calculateJwkThumbprint(row!.jwks!.keys[0] as JWK)).toBe(await calculateJwkThumbprint({ kty: file.kty, crv: file.crv, x: file.x, y: file.y }));
  });
});
