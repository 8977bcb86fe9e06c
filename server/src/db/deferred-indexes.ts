// A bulk load's indexes, built once at its end instead of maintained row by row. Measured with
// 20,000 synthetic people on PostgreSQL: maintaining the two indexes of `contributions` and
// `medical_records` cost 30 % of the load, and left them half full (time-ordered keys land inside
// the index, below the random ids of people who registered, so every page split is a 50/50 one);
// built afterwards by sorting, they take a sixth of that time and come out packed.
//
// The definitions are recorded in `deferred_indexes` in the transaction that drops them, and the
// loader holds a session lock while they are missing. A loader that dies half-way releases the
// lock with its connection; the next start (of the server or of a loader) finds the records and
// builds the indexes before it serves, so nothing runs for long on a table without its keys.
import { inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database, type DatabaseHandle } from './database.js';
import { deferredIndexes } from './schema.js';

/** Held while indexes are deferred: by the loader, or by whoever is building them. */
export const DEFERRED_INDEXES_LOCK = { lockClass: 0x5eba2, name: 'deferred-indexes' } as const;

/** The tables with hundreds of rows per person, where a bulk load spends its time on indexes. */
export const BULK_LOAD_TABLES = ['contributions', 'medical_records'] as const;

/** Sorting a hundred million keys in 64 MB (PostgreSQL's default) spills to disk many times over. */
const BUILD_MEMORY = '512MB';

type IndexOnTable = { name: string; table_name: string; definition: string; constraint_name: string | null };

/**
 * Drops the primary keys, unique constraints and indexes of `tables` and records how to re-create
 * them, in one transaction. An index that a foreign key relies on is kept. Call it holding
 * `DEFERRED_INDEXES_LOCK`, and `buildDeferredIndexes` when the load is done.
 */
export async function deferIndexes(db: Database, tables: readonly string[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    const found = rowsOf<IndexOnTable>(
      await tx.execute(sql`
        select i.relname as name, t.relname as table_name, c.conname as constraint_name,
          case when c.oid is null then pg_get_indexdef(x.indexrelid)
               else format('alter table %I add constraint %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) end as definition
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = t.oid and c.contype in ('p', 'u', 'x')
        where t.relnamespace = current_schema()::regnamespace
          and t.relname in (${sql.join(tables.map((table) => sql`${table}`), sql`, `)})
          and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = x.indexrelid)
        order by t.relname, i.relname`),
    );
    if (found.length === 0) return [];
    await tx.insert(deferredIndexes).values(found.map((f) => ({ name: f.name, tableName: f.table_name, definition: f.definition })));
    for (const f of found) {
      await tx.execute(
        f.constraint_name
          ? sql`alter table ${sql.identifier(f.table_name)} drop constraint ${sql.identifier(f.constraint_name)}`
          : sql`drop index ${sql.identifier(f.name)}`,
      );
    }
    return found.map((f) => f.name);
  });
}

/**
 * Builds every recorded index, in one transaction: all of them or, on a failure, none (the
 * records stay for the next try). Returns the names built.
 */
export async function buildDeferredIndexes(db: Database): Promise<string[]> {
  return db.transaction(async (tx) => {
    const pending = await tx.select().from(deferredIndexes).orderBy(deferredIndexes.tableName, deferredIndexes.name).for('update');
    if (pending.length === 0) return [];
    // A build over a large table takes minutes: no statement timeout (the server's pool has one).
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql.raw(`set local maintenance_work_mem = '${BUILD_MEMORY}'`));
    for (const index of pending) await tx.execute(sql.raw(index.definition));
    await tx.delete(deferredIndexes).where(inArray(deferredIndexes.name, pending.map((p) => p.name)));
    return pending.map((p) => p.name);
  });
}

export type AbandonedIndexes = { built: string[]; seconds: number } | { loading: string[] } | null;

/**
 * At start: indexes left deferred by a loader that is gone are built now (the caller waits);
 * while a loader still holds the lock they are its to build, and only named. Null when none are.
 */
export async function buildAbandonedIndexes(database: DatabaseHandle): Promise<AbandonedIndexes> {
  const pending = await database.db.select({ name: deferredIndexes.name }).from(deferredIndexes);
  if (pending.length === 0) return null;
  const lock = await database.trySessionLock(DEFERRED_INDEXES_LOCK.lockClass, DEFERRED_INDEXES_LOCK.name);
  if (!lock) return { loading: pending.map((p) => p.name) };
  try {
    const started = performance.now();
    const built = await buildDeferredIndexes(database.db);
    return { built, seconds: (performance.now() - started) / 1000 };
  } finally {
    await lock.release();
  }
}

/** `finish` builds the indexes and frees the lock; called again (on the way out after a failure), it does nothing. */
export type DeferredLoad = { deferred: string[]; finish(): Promise<string[]> };

/** The loader's side: the lock, then the indexes of `tables` dropped; `finish` builds them. */
export async function deferIndexesForLoad(database: DatabaseHandle, tables: readonly string[]): Promise<DeferredLoad> {
  const lock = await database.trySessionLock(DEFERRED_INDEXES_LOCK.lockClass, DEFERRED_INDEXES_LOCK.name);
  if (!lock) throw new Error('Another bulk load has indexes deferred; wait for it to finish, or pass --keep-indexes');
  try {
    // What an earlier, dead loader left is built first: this load then starts from whole tables.
    await buildDeferredIndexes(database.db);
    const deferred = await deferIndexes(database.db, tables);
    let finished = false;
    return {
      deferred,
      finish: async () => {
        if (finished) return [];
        finished = true;
        try {
          // Safe even if the lock was lost meanwhile: builders take the records row-locked.
          return await buildDeferredIndexes(database.db);
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
