// The seeder end to end on a small scale: PGlite in a temporary data folder, or a throwaway
// PostgreSQL database (through COPY) when DATABASE_URL is set.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCrypto } from '../config/field-crypto.js';
import { loadConfig } from '../config/config.js';
import { loadSecrets } from '../config/secrets.js';
import { openDatabase, rowsOf, type DatabaseHandle } from '../db/database.js';
import { contributions, medicalRecords } from '../db/schema.js';
import { isCardNumber } from '../platform/platform.js';
import { runSeed, seedOffset, syntheticCardNumber, syntheticPhone, type SeedSummary } from './seed.cli.js';
import { generatePerson } from '../platform/synthetic-person.js';
import { scratchPostgresDatabase } from '../../test/support/databases.js';

const PEOPLE = 40;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: (() => Promise<void>) | undefined;
let first: SeedSummary;
let second: SeedSummary;

async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL, maxConnections: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The keys the seeder used: generated into the data folder on its first run. */
async function seederCrypto(): Promise<FieldCrypto> {
  const secrets = await loadSecrets(loadConfig(env));
  return new FieldCrypto(secrets.keyring, secrets.hashKey);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shebao-seed-'));
  env = { NODE_ENV: 'test', SHEBAO_DATA_DIR: dataDir, SHEBAO_LOG_LEVEL: 'silent' };
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const scratch = await scratchPostgresDatabase(adminUrl);
    env.DATABASE_URL = scratch.url;
    dropDatabase = scratch.drop;
  }
  first = await runSeed(['--people', String(PEOPLE), '--seed', 'cli-test', '--as-of', '2026-11', '--chunk', '15'], env);
  second = await runSeed(['--people', String(PEOPLE), '--seed', 'cli-test', '--as-of', '2026-11', '--chunk', '15'], env);
}, 240_000);

afterAll(async () => {
  await dropDatabase?.();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('db:seed', () => {
  it('adds the people once; a second run with the same seed adds nobody', () => {
    expect(first).toMatchObject({ added: PEOPLE, skipped: 0 });
    expect(first.contributions).toBeGreaterThan(PEOPLE * 12);
    expect(second).toMatchObject({ added: 0, skipped: PEOPLE, consenting: 0, contributions: 0 });
  });

  it('writes their insurance rows, and the demo as on a first start', async () => {
    const counts = await withDatabase(async ({ db }) =>
      rowsOf<Record<string, number>>(
        await db.execute(sql`select
          (select count(*)::int from accounts) as accounts,
          (select count(*)::int from social_insurance_cards) as cards,
          (select count(*)::int from insurance_profiles) as profiles,
          (select count(*)::int from contributions) as contributions,
          (select count(*)::int from medical_records) as medical,
          (select count(*)::int from notice_versions) as notices`),
      )[0]!,
    );
    expect(counts.accounts).toBe(PEOPLE + 1); // and the demo person
    expect(counts.cards).toBe(PEOPLE + 1);
    expect(counts.profiles).toBe(PEOPLE + 1);
    expect(counts.notices).toBe(1);
    // The demo person's rows come on top of the synthetic people's.
    expect(counts.contributions).toBeGreaterThan(first.contributions);
    expect(counts.medical).toBeGreaterThan(first.medicalRecords);
  });

  it('leaves every foreign key true though it skipped the checks, and the checks in force after', async () => {
    await withDatabase(async ({ db }) => {
      // Every single-column foreign key to accounts, whichever tables have one.
      const keys = rowsOf<{ table: string; column: string }>(
        await db.execute(sql`select c.conrelid::regclass::text as table, a.attname as column
          from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
          where c.contype = 'f' and c.confrelid = 'accounts'::regclass and array_length(c.conkey, 1) = 1`),
      );
      expect(keys.map((k) => k.table)).toEqual(expect.arrayContaining(['contributions', 'medical_records', 'consent_events', 'insurance_profiles']));
      for (const { table, column } of keys) {
        const [orphans] = rowsOf<{ n: number }>(
          await db.execute(sql.raw(`select count(*)::int as n from ${table} t where t."${column}" is not null and not exists (select 1 from accounts a where a.id = t."${column}")`)),
        );
        expect({ table, orphans: orphans!.n }).toEqual({ table, orphans: 0 });
      }
      const [mode] = rowsOf<{ mode: string }>(await db.execute(sql`select current_setting('session_replication_role') as mode`));
      expect(mode!.mode).toBe('origin');
      await expect(
        db.execute(sql`insert into balances (account_id, account_type, amount, as_of) values ('00000000-0000-7000-8000-000000000000', 'PENSION_PERSONAL', 1, '2026-11-01')`),
      ).rejects.toThrow();
    });
  });

  it('grants RESEARCH to about 70 % of them, with the consent version bumped', async () => {
    expect(first.consenting / PEOPLE).toBeGreaterThan(0.4);
    expect(first.consenting / PEOPLE).toBeLessThan(0.95);
    const rows = await withDatabase(async ({ db }) =>
      rowsOf<{ kind: string; purpose: string; recipient_type: string; categories: string[]; notice_version: number; consent_version: number }>(
        await db.execute(sql`select e.kind, e.purpose, e.recipient_type, e.categories, e.notice_version, a.consent_version
          from consent_events e join accounts a on a.id = e.account_id where e.purpose = 'RESEARCH'`),
      ),
    );
    expect(rows).toHaveLength(first.consenting);
    for (const row of rows) {
      expect(row).toMatchObject({ kind: 'GRANT', recipient_type: 'SERVICE', notice_version: 1, consent_version: 1 });
      expect(row.categories).toEqual(['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records']);
    }
  });

  it('derives phone and card numbers deterministically from the seed', async () => {
    const crypto = await seederCrypto();
    const cards = await withDatabase(async ({ db }) => rowsOf<{ c: string }>(await db.execute(sql`select card_number_encrypted as c from social_insurance_cards`)));
    const stored = new Set(cards.map((r) => crypto.decrypt(r.c)));
    expect(stored.has('DEMO00001')).toBe(true);
    expect(stored.size).toBe(PEOPLE + 1);
    for (const card of stored) if (card !== 'DEMO00001') expect(isCardNumber(card)).toBe(true);
  });

  it('stores exactly what the generator produced (through COPY on PostgreSQL)', async () => {
    const crypto = await seederCrypto();
    for (const index of [0, 17, PEOPLE - 1]) {
      const cardNumber = syntheticCardNumber(seedOffset('cli-test'), index);
      const record = generatePerson(`cli-test|${index}`, { cardNumber, asOfMonth: '2026-11' });
      const hash = crypto.lookupHash(cardNumber);
      const stored = await withDatabase(async ({ db }) => ({
        contributions: rowsOf<Record<string, string | null>>(
          await db.execute(sql`select c.month::text as month, c.insurance_type::text as "insuranceType", c.base::text as base,
              c.employer_part::text as "employerPart", c.personal_part::text as "personalPart", c.status::text as status, c.employer
            from contributions c join social_insurance_cards s on s.account_id = c.account_id
            where s.card_number_hash = ${hash} order by c.month, c.insurance_type`),
        ),
        medical: rowsOf<Record<string, unknown>>(
          await db.execute(sql`select m.kind::text as kind, m.date::text as date, m.discharge_date::text as "dischargeDate", m.item_count as "itemCount",
              m.institution, m.department, m.city, m.total_cost::text as "totalCost", m.fund_paid::text as "fundPaid",
              m.personal_account_paid::text as "personalAccountPaid", m.out_of_pocket::text as "outOfPocket"
            from medical_records m join social_insurance_cards s on s.account_id = m.account_id where s.card_number_hash = ${hash}`),
        ),
        profile: rowsOf<Record<string, string | null>>(
          await db.execute(sql`select p.real_name as "realName", p.gender, p.ethnicity, p.birthday::text as birthday, p.city, p.employer, p.id_number_encrypted as id
            from insurance_profiles p join social_insurance_cards s on s.account_id = p.account_id where s.card_number_hash = ${hash}`),
        )[0]!,
      }));
      expect(stored.contributions).toEqual(record.contributions);
      const key = (r: object) => JSON.stringify(r);
      expect(stored.medical.map(key).sort()).toEqual(record.medicalRecords.map(key).sort());
      const { id, ...profile } = stored.profile;
      const { idNumber, ...expectedProfile } = record.profile;
      expect(profile).toEqual(expectedProfile);
      expect(crypto.decrypt(id!)).toBe(idNumber);
    }
  });

  it('builds once at its end the indexes it deferred (a load into a near-empty database), and keeps them for a smaller one', async () => {
    const expected = [contributions, medicalRecords].reduce((n, table) => n + getTableConfig(table).indexes.length + getTableConfig(table).primaryKeys.length, 0);
    expect(first.indexesBuilt).toBe(expected);
    expect(second.indexesBuilt).toBe(0); // 40 people into 41 accounts
    const state = await withDatabase(async ({ db }) =>
      rowsOf<{ deferred: number; indexes: number }>(
        await db.execute(sql`select (select count(*)::int from deferred_indexes) as deferred,
          (select count(*)::int from pg_indexes where tablename in ('contributions', 'medical_records')) as indexes`),
      ),
    );
    expect(state).toEqual([{ deferred: 0, indexes: expected }]);
  });

  it('never repeats a phone or card number within a seed, and keeps clear of the simulator triggers', () => {
    const offset = 123_456_789_012n;
    const phones = new Set<string>();
    const cards = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const phone = syntheticPhone(offset, i);
      const card = syntheticCardNumber(offset, i);
      expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
      expect(isCardNumber(card)).toBe(true);
      expect(card).not.toMatch(/^(NF|NOTFOUND|DOWN|DEMO)/);
      phones.add(phone);
      cards.add(card);
    }
    expect(phones.size).toBe(20_000);
    expect(cards.size).toBe(20_000);
  });

  it('refuses bad options with a usage error and touches nothing', async () => {
    await expect(runSeed(['--people', '0'], env)).rejects.toThrow(/--people/);
    await expect(runSeed(['--people', '5', '--as-of', '2026-13'], env)).rejects.toThrow(/--as-of/);
    await expect(runSeed(['--people', '5', '--research-share', '2'], env)).rejects.toThrow(/--research-share/);
  });
});
