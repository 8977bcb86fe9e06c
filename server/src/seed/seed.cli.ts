// `pnpm db:seed --people N [--seed S]`: loads N synthetic people into the configured database
// (DATABASE_URL → PostgreSQL, otherwise PGlite in SHEBAO_DATA_DIR), deterministically for the
// seed. About 70 % of them get a synthetic RESEARCH grant so the research aggregates have data.
// Each chunk of people is one transaction; on PostgreSQL the rows go in through COPY. Run as a
// superuser, it skips the foreign-key checks inside its own transactions (see seedChunk). A load
// at least as large as what is there builds the big tables' indexes once at its end
// (db/deferred-indexes.ts); `--keep-indexes` keeps them throughout, for a database in service.
// With PGlite, stop the server first: one data folder must not be opened by two processes.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { desc, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { NOTICE_CHANNEL, hashNotice } from '../authz/notice-registry.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { FieldCrypto } from '../config/field-crypto.js';
import { loadSecrets } from '../config/secrets.js';
import { openConfiguredDatabase, openDatabase, postgresClient, rowsOf, sqlStateOf, type Database, type DatabaseHandle } from '../db/database.js';
import { BULK_LOAD_TABLES, deferIndexesForLoad, type DeferredLoad } from '../db/deferred-indexes.js';
import { noticeVersions } from '../db/schema.js';
import { createApp } from '../index.js';
import { hashPassword } from '../modules/accounts/index.js';
import { NOTICE_V1 } from '../modules/consent/index.js';
import {
  BulkPeopleWriter,
  timeOrderedUuids,
  unnestParams,
  unnestStatement,
  unnestTarget,
  type BulkColumn,
  type BulkTarget,
  type BulkValue,
} from '../modules/insurance/index.js';
import { generatePerson, Rng } from '../platform/synthetic-person.js';

const USAGE = `Usage: pnpm db:seed --people N [--seed S] [--as-of YYYY-MM] [--research-share 0.7] [--chunk 1000] [--concurrency K] [--keep-indexes]

  --people N          synthetic people to add (required)
  --seed S            any string or number; the same seed gives the same people (default 1)
  --as-of YYYY-MM     the current month of the generated histories (default: this month)
  --research-share F  share of people with a synthetic RESEARCH grant (default 0.7)
  --chunk N           people per transaction (default 1000)
  --concurrency K     transactions in flight (default 3 on PostgreSQL, 1 on PGlite)
  --keep-indexes      maintain every index during the load (a server is reading the database);
                      by default a load of at least as many people as there are builds the
                      indexes of contributions and medical_records once, at its end

Re-running with the same seed adds nobody twice: people whose phone number exists are skipped.`;

/** What the synthetic people consent to for research (RESEARCH, recipient SERVICE). */
const SYNTHETIC_RESEARCH_CATEGORIES = ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'] as const;

// Mainland mobile prefixes (China Mobile, Unicom, Telecom).
const PHONE_PREFIXES = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '177', '180', '181', '189', '199'];
// Card letters: none of the simulator's triggers (DEMO, DOWN, NF/NOTFOUND) can start with these.
const CARD_LETTERS = 'ABCEFGHJKLMPQRSTUVWXYZ';
/** A prime: multiplying by it permutes 0…M-1 for every M it does not divide. */
const SPREAD = 2_654_435_761n;

/**
 * Index → a unique value in [0, space): an affine permutation whose offset depends on the seed,
 * so numbers look scattered but never repeat within one seed.
 */
function permute(index: number, space: bigint, offset: bigint): bigint {
  return (BigInt(index) * SPREAD + offset) % space;
}

export function syntheticPhone(seedOffset: bigint, index: number): string {
  const space = BigInt(PHONE_PREFIXES.length) * 100_000_000n;
  const j = permute(index, space, seedOffset % space);
  return `+86${PHONE_PREFIXES[Number(j / 100_000_000n)]}${String(j % 100_000_000n).padStart(8, '0')}`;
}

export function syntheticCardNumber(seedOffset: bigint, index: number): string {
  const space = BigInt(CARD_LETTERS.length) * 100_000_000n;
  const j = permute(index, space, (seedOffset * 7n) % space);
  return `${CARD_LETTERS[Number(j / 100_000_000n)]}${String(j % 100_000_000n).padStart(8, '0')}`;
}

/** Per seed, so two seeds give different (but each collision-free) numbers. */
export function seedOffset(seed: string): bigint {
  const rng = new Rng(`offset|${seed}`);
  return BigInt(Math.floor(rng.next() * 2 ** 31)) * 2_147_483_648n + BigInt(Math.floor(rng.next() * 2 ** 31));
}

type Options = { people: number; seed: string; asOfMonth: string; researchShare: number; chunk: number; concurrency: number | undefined; keepIndexes: boolean };

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      people: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      'research-share': { type: 'string', default: '0.7' },
      chunk: { type: 'string', default: '1000' },
      concurrency: { type: 'string' },
      'keep-indexes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const people = Number(values.people);
  const researchShare = Number(values['research-share']);
  const chunk = Number(values.chunk);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  const asOfMonth = values['as-of'] ?? new Date().toISOString().slice(0, 7);
  const problems = [
    !(Number.isInteger(people) && people > 0) && '--people must be a positive whole number',
    !(researchShare >= 0 && researchShare <= 1) && '--research-share must be between 0 and 1',
    !(Number.isInteger(chunk) && chunk > 0) && '--chunk must be a positive whole number',
    concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0) && '--concurrency must be a positive whole number',
    !/^\d{4}-(0[1-9]|1[0-2])$/.test(asOfMonth) && '--as-of must be YYYY-MM',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { people, seed: values.seed!, asOfMonth, researchShare, chunk, concurrency, keepIndexes: values['keep-indexes']! };
}

class UsageError extends Error {}

/** Consent rows need a published notice: the server's first start publishes one (and the demo). */
async function currentNoticeVersion(db: Database): Promise<number> {
  const [latest] = await db.select({ version: noticeVersions.version }).from(noticeVersions).orderBy(desc(noticeVersions.version)).limit(1);
  if (latest) return latest.version;
  // SHEBAO_SEED_DEMO=false and an empty database: publish version 1 like the first start would.
  await db.transaction(async (tx) => {
    await tx.insert(noticeVersions).values({ version: 1, content: NOTICE_V1, contentHash: hashNotice(NOTICE_V1) }).onConflictDoNothing();
    await tx.execute(sql`select pg_notify(${NOTICE_CHANNEL}, '1')`);
  });
  return 1;
}

const ACCOUNT_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'phone_hash', type: 'text', text: true },
  { name: 'phone_encrypted', type: 'text', text: true },
  { name: 'password_hash', type: 'text', text: true },
  { name: 'consent_version', type: 'integer' },
];

const CONSENT_COLUMNS: readonly BulkColumn[] = [
  { name: 'account_id', type: 'uuid' },
  { name: 'kind', type: 'consent_event_kind' },
  { name: 'notice_version', type: 'integer' },
  { name: 'purpose', type: 'text', text: true },
  { name: 'recipient_type', type: 'recipient_type' },
  { name: 'categories', type: 'text[]' },
  { name: 'at', type: 'timestamptz', text: true },
];

/** Runs one chunk in one transaction, handing it a bulk target. */
type InTransaction = <T>(work: (target: BulkTarget) => Promise<T>) => Promise<T>;

/** PGlite (or any drizzle database): INSERT … SELECT FROM unnest. */
function drizzleTransactions(db: Database): InTransaction {
  return (work) => db.transaction((tx) => work(unnestTarget(tx)));
}

/**
 * COPY FROM STDIN text format, written straight into one growing buffer: building a string per
 * row cost more in garbage collection than the database spent inserting.
 */
class CopyEncoder {
  private buffer = Buffer.allocUnsafe(1 << 22);
  private length = 0;

  /** Plain-token columns (ids, dates, numbers, enums) are written as they are; text is escaped. */
  field(value: BulkValue, text: boolean): void {
    if (value === null) return this.ascii('\\N');
    const s = typeof value === 'string' ? value : String(value);
    this.reserve(s.length * 3);
    this.length += this.buffer.write(text && /[\\\t\n\r]/.test(s) ? escapeCopy(s) : s, this.length);
  }

  byte(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }

  private ascii(s: string): void {
    this.reserve(s.length);
    this.length += this.buffer.write(s, this.length, 'latin1');
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  take(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function escapeCopy(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * PostgreSQL through postgres.js: plain appends go through COPY FROM STDIN (measured ~1.6× the
 * rows per second of the unnest INSERT on this schema); conflicts and RETURNING use unnest.
 */
function postgresTransactions(client: postgres.Sql): InTransaction {
  return <T>(work: (target: BulkTarget) => Promise<T>) =>
    client.begin((t) => {
      const target: BulkTarget = {
        insert: async <R>(table: string, columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[], suffix = '') => {
          if ((data[0]?.length ?? 0) === 0) return [] as R[];
          return [...(await t.unsafe(unnestStatement(table, columns, suffix), unnestParams(columns, data)))] as R[];
        },
        append: async (table, columns, data) => {
          const rows = data[0]?.length ?? 0;
          if (rows === 0) return;
          const text = columns.map((c) => c.text === true || c.type.endsWith('[]'));
          const encoder = new CopyEncoder();
          for (let r = 0; r < rows; r++) {
            for (let c = 0; c < columns.length; c++) {
              if (c > 0) encoder.byte(TAB);
              encoder.field(data[c]![r]!, text[c]!);
            }
            encoder.byte(NEWLINE);
          }
          const stream = await t.unsafe(`copy "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) from stdin`).writable();
          await new Promise<void>((resolve, reject) => {
            stream.on('error', reject);
            stream.end(encoder.take(), resolve);
          });
        },
        exec: async (statement) => {
          await t.unsafe(statement);
        },
      };
      return work(target);
    }) as Promise<T>;
}

type ChunkResult = { added: number; skipped: number; consenting: number; contributions: number; medicalRecords: number; generateMs: number };

type SeedContext = {
  options: Options;
  offset: bigint;
  passwordHash: string;
  noticeVersion: number;
  newId: () => string;
  now: Date;
  /** Whether this role may set `session_replication_role` (a superuser's). */
  skipReferenceChecks: boolean;
};

/** Only a superuser may turn the foreign-key triggers off for its own transactions. */
async function maySkipReferenceChecks(db: Database): Promise<boolean> {
  const [row] = rowsOf<{ superuser: boolean }>(await db.execute(sql`select current_setting('is_superuser') = 'on' as superuser`));
  return row?.superuser === true;
}

async function seedChunk(inTransaction: InTransaction, crypto: FieldCrypto, ctx: SeedContext, from: number, to: number): Promise<ChunkResult> {
  const { options, offset } = ctx;
  const people: { index: number; accountId: string; phone: string; research: boolean }[] = [];
  for (let i = from; i < to; i++) {
    const research = new Rng(`${options.seed}|${i}|research`).chance(options.researchShare);
    people.push({ index: i, accountId: ctx.newId(), phone: syntheticPhone(offset, i), research });
  }

  return inTransaction(async (target) => {
    // A seeder's transaction can be redone: do not wait for the WAL flush on commit.
    await target.exec('set local synchronous_commit = off');
    // Every row below belongs to an account inserted by this transaction (only those that were),
    // so the foreign-key triggers would check what holds by construction: they cost a third of
    // the load. `local`: back on at commit, and on a crash nothing has changed.
    if (ctx.skipReferenceChecks) await target.exec('set local session_replication_role = replica');
    const inserted = await target.insert<{ id: string }>(
      'accounts',
      ACCOUNT_COLUMNS,
      [
        people.map((p) => p.accountId),
        people.map((p) => crypto.lookupHash(p.phone)),
        people.map((p) => crypto.encrypt(p.phone)),
        people.map(() => ctx.passwordHash),
        people.map((p) => (p.research ? 1 : 0)), // one consent event each: the grant below
      ],
      'on conflict (phone_hash) do nothing returning id',
    );
    const added = new Set(inserted.map((r) => r.id));
    const kept = people.filter((p) => added.has(p.accountId));

    // Generated one by one and streamed out: a record is garbage as soon as its rows are buffered.
    const writer = new BulkPeopleWriter(target, crypto, ctx.newId);
    let contributions = 0;
    let medicalRecords = 0;
    let generateMs = 0;
    for (const person of kept) {
      const started = performance.now();
      const record = generatePerson(`${options.seed}|${person.index}`, { cardNumber: syntheticCardNumber(offset, person.index), asOfMonth: options.asOfMonth });
      generateMs += performance.now() - started;
      contributions += record.contributions.length;
      medicalRecords += record.medicalRecords.length;
      await writer.add(person.accountId, record);
    }
    await writer.finish();

    // The only consent rows the seeder writes: synthetic RESEARCH grants (no receipts).
    const consenting = kept.filter((p) => p.research).map((p) => p.accountId);
    const categories = `{${SYNTHETIC_RESEARCH_CATEGORIES.join(',')}}`;
    const at = ctx.now.toISOString();
    await target.append('consent_events', CONSENT_COLUMNS, [
      consenting,
      consenting.map(() => 'GRANT'),
      consenting.map(() => ctx.noticeVersion),
      consenting.map(() => 'RESEARCH'),
      consenting.map(() => 'SERVICE'),
      consenting.map(() => categories),
      consenting.map(() => at),
    ]);
    return { added: kept.length, skipped: people.length - kept.length, consenting: consenting.length, contributions, medicalRecords, generateMs };
  });
}

export type SeedSummary = {
  added: number;
  skipped: number;
  consenting: number;
  contributions: number;
  medicalRecords: number;
  /** Indexes dropped for the load and built at its end. */
  indexesBuilt: number;
  seconds: number;
};

export async function runSeed(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<SeedSummary> {
  const options = parseOptions(argv);
  const config = loadConfig(env);
  const secrets = await loadSecrets(config);
  const crypto = new FieldCrypto(secrets.keyring, secrets.hashKey);
  const concurrency = options.concurrency ?? (config.databaseUrl ? 3 : 1);

  const t0 = performance.now();
  let database: DatabaseHandle | undefined;
  let client: postgres.Sql | undefined;
  let deferred: DeferredLoad | undefined;
  try {
    database = config.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, maxConnections: concurrency + 2 })
      : await openConfiguredDatabase(config);
    // The server's own start: migrate, and on an empty database publish the notice and seed the demo.
    const app = await createApp({ ...config, logLevel: 'silent' }, { database });
    await app.close();
    const db = database.db;
    const noticeVersion = await currentNoticeVersion(db);
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url')); // nobody can sign in as them
    const ctx: SeedContext = {
      options,
      offset: seedOffset(options.seed),
      passwordHash,
      noticeVersion,
      newId: timeOrderedUuids(),
      now: new Date(),
      skipReferenceChecks: await maySkipReferenceChecks(db),
    };
    if (config.databaseUrl) client = postgresClient(config.databaseUrl, { max: concurrency, onnotice: () => {} });
    const inTransaction = client ? postgresTransactions(client) : drizzleTransactions(db);
    const [{ accounts } = { accounts: 0 }] = rowsOf<{ accounts: number }>(await db.execute(sql`select count(*)::int as accounts from accounts`));
    // Rebuilding costs a sort of what is already there: worth it when the load at least doubles it.
    deferred = options.keepIndexes || options.people < accounts ? undefined : await deferIndexesForLoad(database, BULK_LOAD_TABLES);
    console.log(
      `seeding ${options.people} people (seed ${JSON.stringify(options.seed)}, as of ${options.asOfMonth}) into ${database.kind}, ${concurrency} transaction(s) at a time` +
        `${ctx.skipReferenceChecks ? ', foreign keys true by construction' : ''}${deferred ? `, ${deferred.deferred.length} indexes built at the end` : ''}`,
    );

    const t1 = performance.now();
    const totals: ChunkResult = { added: 0, skipped: 0, consenting: 0, contributions: 0, medicalRecords: 0, generateMs: 0 };
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < options.people) {
        const from = next;
        const to = Math.min(options.people, from + options.chunk);
        next = to;
        const result = await seedChunk(inTransaction, crypto, ctx, from, to);
        for (const key of Object.keys(totals) as (keyof ChunkResult)[]) totals[key] += result[key];
        done += to - from;
        const elapsed = (performance.now() - t1) / 1000;
        const rate = done / elapsed;
        progress(`${done}/${options.people} people, ${elapsed.toFixed(0)} s, ${rate.toFixed(0)} people/s, ~${((options.people - done) / rate).toFixed(0)} s left`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    progressEnd();

    const t2 = performance.now();
    const built = (await deferred?.finish()) ?? [];
    const t3 = performance.now();
    // Fresh statistics, so the first research queries do not plan against empty tables.
    await db.execute(sql`analyze accounts, consent_events, insurance_profiles, participations, contributions, balances, medical_records`);
    const loadSeconds = (performance.now() - t1) / 1000;
    console.log(
      [
        `added ${totals.added} people (${totals.skipped} already there), ${totals.consenting} with a RESEARCH grant`,
        `rows: ${totals.contributions} contributions, ${totals.medicalRecords} medical records`,
        `time: ${loadSeconds.toFixed(1)} s loading (${(totals.generateMs / 1000).toFixed(1)} s of it generating, ` +
          `${built.length > 0 ? `${((t3 - t2) / 1000).toFixed(1)} s building ${built.length} indexes, ` : ''}${((performance.now() - t3) / 1000).toFixed(1)} s analyze),` +
          ` ${((performance.now() - t0) / 1000).toFixed(1)} s in all; ${((totals.contributions + totals.medicalRecords) / loadSeconds).toFixed(0)} rows/s`,
      ].join('\n'),
    );
    const { generateMs: _generateMs, ...counts } = totals;
    return { ...counts, indexesBuilt: built.length, seconds: loadSeconds };
  } finally {
    // A failed load still leaves whole tables behind (if building fails too, the next start does).
    await deferred?.finish().catch((error: unknown) => {
      console.error(`could not build the deferred indexes (${sqlStateOf(error) ?? (error as Error).name}); the next start of the server builds them`);
    });
    await client?.end({ timeout: 5 });
    await database?.close();
  }
}

let lastProgress = 0;
function progress(line: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`);
  else if (performance.now() - lastProgress > 5000) {
    lastProgress = performance.now();
    console.log(line);
  }
}
function progressEnd(): void {
  if (process.stdout.isTTY) process.stdout.write('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runSeed(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(64); // EX_USAGE
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    console.error(error);
    process.exit(1);
  });
}
