// Runs on PGlite, or on a throwaway PostgreSQL database when DATABASE_URL is set.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCrypto } from '../../config/field-crypto.js';
import { rowsOf, type Database, type DatabaseHandle } from '../../db/database.js';
import { contributions, insuranceProfiles, medicalRecords, socialInsuranceCards } from '../../db/schema.js';
import type { PlatformRecord } from '../../platform/platform.js';
import { insertBareAccount, openEmptyDatabase } from '../../../test/support/databases.js';
import { generatePerson } from '../../platform/synthetic-person.js';
import { arrayLiteral, bulkInsertPeople, replaceInsuranceRecord, timeOrderedUuids, unnestInsert } from './insurance-writes.data.js';

const crypto = new FieldCrypto(Buffer.alloc(32, 7), Buffer.alloc(32, 9));
let handle: DatabaseHandle;
let drop: () => Promise<void>;
let db: Database;

beforeAll(async () => {
  ({ database: handle, drop } = await openEmptyDatabase());
  db = handle.db;
}, 120_000);
afterAll(() => drop?.());

const newAccount = () => insertBareAccount(db, crypto);

async function counts(accountId: string) {
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`select
      (select count(*)::int from social_insurance_cards where account_id = ${accountId}) as cards,
      (select count(*)::int from insurance_profiles where account_id = ${accountId}) as profiles,
      (select count(*)::int from participations where account_id = ${accountId}) as participations,
      (select count(*)::int from contributions where account_id = ${accountId}) as contributions,
      (select count(*)::int from balances where account_id = ${accountId}) as balances,
      (select count(*)::int from medical_records where account_id = ${accountId}) as medical`),
  );
  return row!;
}

const expected = (r: PlatformRecord) => ({
  cards: 1,
  profiles: 1,
  participations: r.participations.length,
  contributions: r.contributions.length,
  balances: r.balances.length,
  medical: r.medicalRecords.length,
});

const person = (seed: string, cardNumber: string) => generatePerson(seed, { cardNumber, asOfMonth: '2026-11', years: 20, birthYears: [1970, 1980] });

describe('replaceInsuranceRecord', () => {
  it('stores a record with the card and ID number encrypted and findable by keyed hash', async () => {
    const accountId = await newAccount();
    const record = person('store|1', 'S00000001');
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, record));
    expect(await counts(accountId)).toEqual(expected(record));
    expect(record.contributions.length).toBeGreaterThan(1000); // more than one chunk

    const [card] = await db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.cardNumberHash, crypto.lookupHash('S00000001')));
    expect(card?.accountId).toBe(accountId);
    expect(card!.cardNumberEncrypted).not.toContain('S00000001');
    expect(crypto.decrypt(card!.cardNumberEncrypted)).toBe('S00000001');
    const [profile] = await db.select().from(insuranceProfiles).where(eq(insuranceProfiles.idNumberHash, crypto.lookupHash(record.profile.idNumber)));
    expect(profile?.accountId).toBe(accountId);
    expect(crypto.decrypt(profile!.idNumberEncrypted)).toBe(record.profile.idNumber);
    expect(JSON.stringify(profile)).not.toContain(record.profile.idNumber);

    const stored = await db.select().from(medicalRecords).where(eq(medicalRecords.accountId, accountId));
    const total = (rows: { totalCost: string }[]) => rows.reduce((n, r) => n + Math.round(Number(r.totalCost) * 100), 0);
    expect(total(stored)).toBe(total(record.medicalRecords));
  });

  it('replaces rather than adds on refresh, and keeps when the same card was linked', async () => {
    const accountId = await newAccount();
    const first = person('store|2', 'S00000002');
    const linkedAt = new Date('2026-01-01T00:00:00Z');
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, first, linkedAt));
    const later = generatePerson('store|2', { cardNumber: 'S00000002', asOfMonth: '2027-03', years: 20, birthYears: [1970, 1980] });
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, later, new Date('2027-03-02T00:00:00Z')));
    expect(await counts(accountId)).toEqual(expected(later));
    const [card] = await db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    expect(card!.linkedAt.toISOString()).toBe(linkedAt.toISOString());
    expect(card!.refreshedAt.toISOString()).toBe('2027-03-02T00:00:00.000Z');

    // Another card on the same account is a new link.
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, person('store|3', 'S00000003'), new Date('2027-04-01T00:00:00Z')));
    const [relinked] = await db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    expect(relinked!.linkedAt.toISOString()).toBe('2027-04-01T00:00:00.000Z');
  });

  it('is atomic: a failure inside the transaction leaves the previous state untouched', async () => {
    const accountId = await newAccount();
    const original = person('store|4', 'S00000004');
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, original));
    const before = await counts(accountId);

    // The database rejects a row in the last table written (after every delete and earlier insert).
    const broken = structuredClone(person('store|5', 'S00000005'));
    broken.medicalRecords.at(-1)!.date = 'not-a-date';
    await expect(db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, broken))).rejects.toThrow();
    expect(await counts(accountId)).toEqual(before);
    const [card] = await db.select().from(socialInsuranceCards).where(eq(socialInsuranceCards.accountId, accountId));
    expect(crypto.decrypt(card!.cardNumberEncrypted)).toBe('S00000004');

    // The caller fails after the write: nothing of it stays either.
    await expect(
      db.transaction(async (tx) => {
        await replaceInsuranceRecord(tx, crypto, accountId, person('store|6', 'S00000006'));
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await counts(accountId)).toEqual(before);

    // A first link that fails leaves no trace at all.
    const fresh = await newAccount();
    await expect(db.transaction((tx) => replaceInsuranceRecord(tx, crypto, fresh, broken))).rejects.toThrow();
    expect(await counts(fresh)).toEqual({ cards: 0, profiles: 0, participations: 0, contributions: 0, balances: 0, medical: 0 });
  });

  it('refuses a card already linked to another account, writing nothing', async () => {
    const owner = await newAccount();
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, owner, person('store|7', 'S00000007')));
    const other = await newAccount();
    await expect(db.transaction((tx) => replaceInsuranceRecord(tx, crypto, other, person('store|7', 'S00000007')))).rejects.toThrow();
    expect((await counts(other)).profiles).toBe(0);
  });

  it('rejects a malformed card number before writing', async () => {
    const accountId = await newAccount();
    const bad = { ...person('store|8', 'S00000008'), cardNumber: 's-0008' };
    await expect(db.transaction((tx) => replaceInsuranceRecord(tx, crypto, accountId, bad))).rejects.toThrow(/malformed/);
    expect((await counts(accountId)).cards).toBe(0);
  });
});

describe('bulkInsertPeople', () => {
  it('writes what replaceInsuranceRecord writes, for many people at once', async () => {
    const people = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => ({ accountId: await newAccount(), record: person(`bulk|${i}`, `B${String(i).padStart(8, '0')}`) })),
    );
    await db.transaction((tx) => bulkInsertPeople(tx, crypto, people));
    for (const { accountId, record } of people.slice(0, 5)) expect(await counts(accountId)).toEqual(expected(record));

    const sample = people[0]!;
    const viaReplace = await newAccount();
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, viaReplace, { ...sample.record, cardNumber: 'R00000000' }));
    const read = async (accountId: string) =>
      (await db.select().from(contributions).where(eq(contributions.accountId, accountId))).map(({ id: _id, accountId: _a, ...rest }) => rest).sort((a, b) => (a.month + a.insuranceType).localeCompare(b.month + b.insuranceType));
    expect(await read(sample.accountId)).toEqual(await read(viaReplace));
    const [profile] = await db.select().from(insuranceProfiles).where(eq(insuranceProfiles.accountId, sample.accountId));
    expect(crypto.decrypt(profile!.idNumberEncrypted)).toBe(sample.record.profile.idNumber);
  });

  it('skips a card that is already linked instead of failing the batch', async () => {
    const a = await newAccount();
    await db.transaction((tx) => replaceInsuranceRecord(tx, crypto, a, person('dup|1', 'C00000001')));
    const b = await newAccount();
    await db.transaction((tx) => bulkInsertPeople(tx, crypto, [{ accountId: b, record: person('dup|2', 'C00000001') }]));
    expect((await counts(b)).cards).toBe(0);
    expect((await counts(b)).profiles).toBe(1);
  });

  it('round-trips awkward text through array literals', async () => {
    const accountId = await newAccount();
    const record = person('quote|1', 'Q00000001');
    const awkward = ['公司 "引号" 有限公司', 'back\\slash, comma {brace}', 'NULL', ''];
    record.contributions.slice(0, awkward.length).forEach((c, i) => (c.employer = awkward[i]!));
    await db.transaction((tx) => bulkInsertPeople(tx, crypto, [{ accountId, record }]));
    const rows = await db.select({ month: contributions.month, type: contributions.insuranceType, employer: contributions.employer }).from(contributions).where(eq(contributions.accountId, accountId));
    const employers = new Set(rows.map((r) => r.employer));
    for (const text of awkward) expect(employers.has(text)).toBe(true);
    expect(arrayLiteral(['a"b', null, 'c\\d'], true)).toBe('{"a\\"b",NULL,"c\\\\d"}');
  });

  it('returns rows and honours ON CONFLICT through unnestInsert', async () => {
    const newId = timeOrderedUuids();
    const ids = [newId(), newId()];
    expect(ids[0]! < ids[1]!).toBe(true);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const columns = [
      { name: 'id', type: 'uuid' },
      { name: 'phone_hash', type: 'text', text: true },
      { name: 'phone_encrypted', type: 'text', text: true },
      { name: 'password_hash', type: 'text', text: true },
    ];
    const data = [ids, ['h-1', 'h-2'], ['e', 'e'], ['p', 'p']];
    const first = await unnestInsert<{ id: string }>(db, 'accounts', columns, data, 'on conflict (phone_hash) do nothing returning id');
    expect(first.map((r) => r.id).sort()).toEqual([...ids].sort());
    const again = await unnestInsert<{ id: string }>(db, 'accounts', columns, [[newId(), newId()], ['h-1', 'h-3'], ['e', 'e'], ['p', 'p']], 'on conflict (phone_hash) do nothing returning id');
    expect(again).toHaveLength(1);
  });
});
