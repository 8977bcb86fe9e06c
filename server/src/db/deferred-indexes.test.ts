// Indexes deferred by a bulk load come back exactly as they were, all at once or not at all, and
// a start after a loader died builds them; while a loader runs, they are its to build.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FieldCrypto } from '../config/field-crypto.js';
import { insertBareAccount, openEmptyDatabase } from '../../test/support/databases.js';
import { rowsOf, type DatabaseHandle } from './database.js';
import {
  BULK_LOAD_TABLES,
  DEFERRED_INDEXES_LOCK,
  buildAbandonedIndexes,
  buildDeferredIndexes,
  deferIndexes,
  deferIndexesForLoad,
} from './deferred-indexes.js';
import { contributions, deferredIndexes } from './schema.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;
let before: IndexShape[];

type IndexShape = { table: string; definition: string; constraint: string | null };

/** Every index on the bulk tables, as PostgreSQL prints it, with the constraint it backs. */
async function indexesOfBulkTables(): Promise<IndexShape[]> {
  return rowsOf<IndexShape>(
    await database.db.execute(sql`
      select t.relname as "table", pg_get_indexdef(x.indexrelid) as definition, c.contype::text as "constraint"
      from pg_index x join pg_class t on t.oid = x.indrelid
      left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = t.oid
      where t.relname in ('contributions', 'medical_records') order by 2`),
  );
}

const recorded = async () => (await database.db.select({ name: deferredIndexes.name }).from(deferredIndexes)).map((r) => r.name).sort();

beforeAll(async () => {
  ({ database, drop } = await openEmptyDatabase());
  before = await indexesOfBulkTables();
});

afterAll(async () => {
  await drop();
});

beforeEach(async () => {
  await buildDeferredIndexes(database.db); // each test starts from whole tables
});

describe('indexes deferred for a bulk load', () => {
  it('covers the primary keys and secondary indexes of both bulk tables', () => {
    expect(before.map((i) => [i.table, i.constraint])).toEqual(
      expect.arrayContaining([
        ['contributions', 'p'],
        ['contributions', null],
        ['medical_records', 'p'],
        ['medical_records', null],
      ]),
    );
  });

  it('drops them with a record of each, and builds back exactly what was there', async () => {
    const deferred = await deferIndexes(database.db, BULK_LOAD_TABLES);
    expect(deferred.sort()).toEqual(await recorded());
    expect(deferred).toHaveLength(before.length);
    expect(await indexesOfBulkTables()).toEqual([]);

    expect((await buildDeferredIndexes(database.db)).sort()).toEqual(deferred.sort());
    expect(await indexesOfBulkTables()).toEqual(before);
    expect(await recorded()).toEqual([]);
  });

  it('builds all of them or none: a key broken during the load keeps every record for the next try', async () => {
    const crypto = new FieldCrypto(Buffer.alloc(32, 7), Buffer.alloc(32, 9));
    const accountId = await insertBareAccount(database.db, crypto);
    await deferIndexes(database.db, BULK_LOAD_TABLES);
    const row = { id: randomUUID(), accountId, month: '2026-01-01', insuranceType: 'PENSION', base: '1.00', employerPart: '1.00', personalPart: '1.00', status: 'PAID' } as const;
    await database.db.insert(contributions).values([row, row]); // nothing enforces the key meanwhile

    await expect(buildDeferredIndexes(database.db)).rejects.toThrow();
    expect(await recorded()).toHaveLength(before.length);
    expect(await indexesOfBulkTables()).toEqual([]); // not even the ones that could have been built

    await database.db.execute(sql`delete from contributions where account_id = ${accountId}`);
    expect(await buildDeferredIndexes(database.db)).toHaveLength(before.length);
    expect(await indexesOfBulkTables()).toEqual(before);
  });

  it('a start after a loader died builds them; while a loader holds the lock, it only names them', async () => {
    const loader = await database.trySessionLock(DEFERRED_INDEXES_LOCK.lockClass, DEFERRED_INDEXES_LOCK.name);
    expect(loader).not.toBeNull();
    const deferred = await deferIndexes(database.db, BULK_LOAD_TABLES);

    expect(await buildAbandonedIndexes(database)).toEqual({ loading: expect.arrayContaining(deferred) });
    expect(await recorded()).toHaveLength(before.length);

    await loader!.release(); // what a dead loader's connection does
    expect(await buildAbandonedIndexes(database)).toMatchObject({ built: expect.arrayContaining(deferred) });
    expect(await indexesOfBulkTables()).toEqual(before);
    expect(await buildAbandonedIndexes(database)).toBeNull();
  });

  it('lets one loader at a time defer them, and its finish builds them and frees the next', async () => {
    const first = await deferIndexesForLoad(database, BULK_LOAD_TABLES);
    expect(first.deferred).toHaveLength(before.length);
    await expect(deferIndexesForLoad(database, BULK_LOAD_TABLES)).rejects.toThrow(/--keep-indexes/);
    expect(await first.finish()).toHaveLength(before.length);
    expect(await indexesOfBulkTables()).toEqual(before);

    const second = await deferIndexesForLoad(database, BULK_LOAD_TABLES);
    expect(await second.finish()).toHaveLength(before.length);
  });

  it('starts a load from whole tables when an earlier loader left its indexes deferred', async () => {
    await deferIndexes(database.db, BULK_LOAD_TABLES); // and died
    const load = await deferIndexesForLoad(database, BULK_LOAD_TABLES);
    expect(load.deferred).toHaveLength(before.length); // built first, then deferred again: one record each
    expect(await recorded()).toHaveLength(before.length);
    await load.finish();
    expect(await indexesOfBulkTables()).toEqual(before);
  });
});
