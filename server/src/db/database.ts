// Opens the one database the process uses: PostgreSQL through `postgres` when a URL is given,
// otherwise embedded PGlite in the data folder. Both get the same drizzle schema and migrations.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Logger } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Config } from '../config/config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database (`transaction` on one opens a savepoint). */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'query' | 'selectDistinct' | 'transaction'>;

const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');

/** The PostgreSQL pool's size and every bound on waiting for it (config: SHEBAO_DB_*). */
export type PoolSettings = {
  max: number;
  /** TCP connect plus startup; the driver's own default is 30 s. */
  connectTimeoutMs: number;
  /** Per statement, enforced by the server (`statement_timeout`); 0 = none (tools, bulk loads). */
  statementTimeoutMs: number;
  /** An idle connection is closed after this. */
  idleTimeoutMs: number;
};

/** Tools and tests get bounded connects too; only the server sets a statement timeout. */
const DEFAULT_POOL: PoolSettings = { max: 4, connectTimeoutMs: 2_000, statementTimeoutMs: 0, idleTimeoutMs: 30_000 };

/** A transaction left open by a stuck client holds locks; the server ends it after this. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Reconnect delay after a failed connect, in seconds. The driver's default grows to 20 s, which
 * is how long an instance stayed dead after PostgreSQL came back; capped at a quarter second, a
 * returning database is in use again well within a second.
 */
const reconnectBackoffSeconds = (retries: number) => Math.min(0.25, 0.02 * 2 ** retries);

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; maxConnections?: number; pool?: Partial<PoolSettings>; countSent?: boolean }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export type DatabaseHandle = {
  db: Database;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  /** True when every migration in the folder is applied. */
  isMigrated(): Promise<boolean>;
  ping(): Promise<void>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** SQL statements issued through drizzle since the handle opened. */
  statementCount(): number;
  /**
   * Every statement the driver sent (transaction control and raw queries too), where counted:
   * PostgreSQL with `countSent` (the benchmark's), else the drizzle count.
   */
  sentCount(): number;
  /** Calls `listener` with every statement issued through drizzle (and its parameters) until the returned function is called. */
  onQuery(listener: QueryListener): () => void;
  /** PGlite only: the data folder as a tarball, to clone a migrated database quickly in tests. */
  dumpDataDir?(): Promise<Blob>;
  /**
   * Takes the session-level advisory lock `(lockClass, hashtext(name))` without waiting and holds
   * it until `release()` or the process ends; null when someone else holds it. On PostgreSQL the
   * lock lives on a connection of its own (no idle timeout, no maximum lifetime), so work done
   * meanwhile through `db` cannot release it. PGlite has one session, where the lock is re-entrant:
   * the names held by this handle stand in for it between callers in the process (no other
   * process opens the data folder).
   */
  trySessionLock(lockClass: number, name: string): Promise<SessionLock | null>;
};

export type SessionLock = {
  /** Throws when the session that held the lock is gone (its connection dropped, and the lock with it). */
  check(): Promise<void>;
  release(): Promise<void>;
};

type QueryListener = (query: string, params: unknown[]) => void;

/**
 * Counts the SQL statements a handle issued (tests assert that list lengths do not change it) and
 * shows them to listeners (the query-plan test EXPLAINs what the hot requests send).
 */
function countingLogger(): Logger & { count: number; listeners: Set<QueryListener> } {
  return {
    count: 0,
    listeners: new Set(),
    logQuery(query, params) {
      this.count += 1;
      for (const listener of this.listeners) listener(query, params);
    },
  };
}

function listen(logger: { listeners: Set<QueryListener> }, listener: QueryListener): () => void {
  logger.listeners.add(listener);
  return () => void logger.listeners.delete(listener);
}

/**
 * libpq's way of naming a Unix socket in a URL, `postgres://user@localhost/db?host=/var/run/postgresql`,
 * which postgres.js would send to the server as a setting: the socket's path, and the URL without it.
 */
export function unixSocketOf(databaseUrl: string): { url: string; socketPath?: string } {
  const url = new URL(databaseUrl);
  const folder = url.searchParams.get('host');
  if (!folder?.startsWith('/')) return { url: databaseUrl };
  url.searchParams.delete('host');
  return { url: url.href, socketPath: `${folder}/.s.PGSQL.${url.port || 5432}` };
}

/** A postgres.js client for `databaseUrl`, a Unix socket named the libpq way included. */
export function postgresClient(databaseUrl: string, options: postgres.Options<Record<string, never>> = {}): postgres.Sql {
  const { url, socketPath } = unixSocketOf(databaseUrl);
  return postgres(url, { ...options, ...(socketPath && { path: socketPath }) });
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    let sent = 0;
    const pool: PoolSettings = { ...DEFAULT_POOL, ...(options.maxConnections && { max: options.maxConnections }), ...options.pool };
    const clientOptions = (statementTimeoutMs: number, max: number) => ({
      max,
      onnotice: () => {},
      connect_timeout: pool.connectTimeoutMs / 1000,
      idle_timeout: pool.idleTimeoutMs / 1000,
      backoff: reconnectBackoffSeconds,
      connection: {
        application_name: 'shebao',
        // Dates as YYYY-MM-DD wherever PostgreSQL turns one into text (statements build JSON text).
        DateStyle: 'ISO, YMD',
        // Every statement is prepared once per connection; by default PostgreSQL still plans a
        // statement again on every call while it judges a generic plan costlier than the custom
        // ones, which a partner's token check (four tables) did forever: its planning was six
        // times its execution. Statements are written for one plan (account id first, optional
        // bounds as coalesce); query-plans.test.ts checks these generic plans use indexes.
        plan_cache_mode: 'force_generic_plan',
        statement_timeout: statementTimeoutMs,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
      // numeric/date come back as strings; conversion happens at the GraphQL edge.
    });
    const client = postgresClient(options.url, clientOptions(pool.statementTimeoutMs, pool.max));
    // The driver's debug hook sees every statement it sends; only the benchmark turns it on. Set
    // after creation: given at creation, the driver also records a stack trace for every query,
    // which cost the benchmarked server a few per cent of its CPU that production never pays.
    if (options.countSent) client.options.debug = () => void (sent += 1);
    const logger = countingLogger();
    const db = drizzlePostgres(preparing(client), { schema, logger }) as unknown as Database;
    return {
      statementCount: () => logger.count,
      sentCount: () => (options.countSent ? sent : logger.count),
      onQuery: (listener) => listen(logger, listener),
      db,
      kind: 'postgres',
      // Its own connection without a statement timeout (a migration on a big table may take
      // minutes), and unprepared: its statements run once, and some cannot be prepared.
      migrate: async () => {
        const migrator = postgresClient(options.url, clientOptions(0, 1));
        try {
          await migratePostgres(drizzlePostgres(migrator) as never, { migrationsFolder });
        } finally {
          await migrator.end({ timeout: 5 });
        }
      },
      isMigrated: () => isMigrated(db),
      ping: async () => {
        await client`select 1`;
      },
      listen: async (channel, onNotify) => {
        const { unlisten } = await client.listen(channel, (payload) => onNotify(payload));
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
      trySessionLock: async (lockClass, name) => {
        const session = postgresClient(options.url, { ...clientOptions(0, 1), idle_timeout: 0, max_lifetime: 0 });
        try {
          const [row] = await session<{ locked: boolean; pid: number }[]>`select pg_try_advisory_lock(${lockClass}::int4, hashtext(${name})) as locked, pg_backend_pid() as pid`;
          if (!row?.locked) {
            await session.end({ timeout: 5 });
            return null;
          }
          return {
            check: async () => {
              // A dropped connection is reopened on the next query, as a new session without the lock.
              const [now] = await session<{ pid: number }[]>`select pg_backend_pid() as pid`;
              if (now?.pid !== row.pid) throw new Error(`The session holding the lock ${name} was lost`);
            },
            // Ending the session releases the lock.
            release: () => session.end({ timeout: 5 }),
          };
        } catch (error) {
          await session.end({ timeout: 5 });
          throw error;
        }
      },
    };
  }
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const heldLocks = new Set<string>();
  const logger = countingLogger();
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
  return {
    statementCount: () => logger.count,
    sentCount: () => logger.count,
    onQuery: (listener) => listen(logger, listener),
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    isMigrated: () => isMigrated(db),
    ping: async () => {
      await client.query('select 1');
    },
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    close: () => client.close(),
    dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
    trySessionLock: async (lockClass, name) => {
      const key = `${lockClass}:${name}`;
      if (heldLocks.has(key)) return null;
      heldLocks.add(key);
      const locked = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::int4, hashtext($2)) as locked', [lockClass, name]).then(
        ({ rows }) => rows[0]?.locked === true,
        (error: unknown) => {
          heldLocks.delete(key);
          throw error;
        },
      );
      if (!locked) {
        heldLocks.delete(key);
        return null;
      }
      return {
        check: async () => {},
        release: async () => {
          try {
            await client.query('select pg_advisory_unlock($1::int4, hashtext($2))', [lockClass, name]);
          } finally {
            heldLocks.delete(key);
          }
        },
      };
    },
  };
}

/**
 * The postgres client drizzle gets: every statement prepared. drizzle sends its unnamed queries
 * with `prepare: false`, so PostgreSQL parses and plans each one again, in an extra round trip;
 * postgres.js prepares a statement once per connection, keyed by its text, and re-executes it.
 * The texts are drizzle's (parameters are never inlined), so the set is bounded by the code's
 * queries and the lengths of their `in (…)` lists. Behind a transaction-pooling proxy
 * (PgBouncer before 1.21) named statements need its prepared-statement support.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, parameters as never, { ...options, prepare: true });
      }
      if (property === 'begin') {
        // Transactions get a client of their own (one connection): prepared the same way.
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: postgres.TransactionSql) => work(preparing(tx as unknown as postgres.Sql)));
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The database the configuration names: PostgreSQL when `DATABASE_URL` is set, else PGlite in the data folder. */
export function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePool' | 'benchStats'>>): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl, pool: config.databasePool, countSent: config.benchStats })
    : openDatabase({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') });
}

async function isMigrated(db: Database): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    // drizzle keeps its journal in the `drizzle` schema on PostgreSQL and PGlite alike.
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    return (row?.n ?? 0) >= expected;
  } catch {
    return false;
  }
}

/** Rows of `db.execute` differ by driver (array vs `{ rows }`); this reads both. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const state = typeof code === 'string' ? code : cause?.code;
  return typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state) ? state : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}
