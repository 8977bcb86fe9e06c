// Writes of the insurance tables. `replaceInsuranceRecord` stores what the platform returned for
// one person (the caller wraps it in one transaction); `bulkInsertPeople` loads many people at
// once for the seeder.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FieldCrypto } from '../../config/field-crypto.js';
import { rowsOf, type Executor } from '../../db/database.js';
import { balances, contributions, insuranceProfiles, medicalRecords, participations, socialInsuranceCards } from '../../db/schema.js';
import { isCardNumber, type PlatformRecord } from '../../platform/platform.js';

/** Rows per INSERT for one person: well under PostgreSQL's 65,535 bind parameters (≤ 11 per row). */
const CHUNK_ROWS = 1000;

/** ID numbers are compared in upper case (the check character may be "x" as typed). */
const idNumberKey = (idNumber: string) => idNumber.trim().toUpperCase();

/**
 * Upserts the card and profile and replaces participations, contributions, balances and medical
 * records of `accountId` with `record`. Run it inside one transaction: an error anywhere (a card
 * linked to another account violates the unique card hash) rolls everything back.
 */
export async function replaceInsuranceRecord(tx: Executor, crypto: FieldCrypto, accountId: string, record: PlatformRecord, now = new Date()): Promise<void> {
  if (!isCardNumber(record.cardNumber)) throw new Error('The platform returned a malformed card number');
  const cardNumberHash = crypto.lookupHash(record.cardNumber);
  await tx
    .insert(socialInsuranceCards)
    .values({ accountId, cardNumberEncrypted: crypto.encrypt(record.cardNumber), cardNumberHash, linkedAt: now, refreshedAt: now })
    .onConflictDoUpdate({
      target: socialInsuranceCards.accountId,
      set: {
        cardNumberEncrypted: sql`excluded.card_number_encrypted`,
        cardNumberHash: sql`excluded.card_number_hash`,
        // A refresh of the same card keeps when it was linked; a different card is a new link.
        linkedAt: sql`case when ${socialInsuranceCards.cardNumberHash} = excluded.card_number_hash then ${socialInsuranceCards.linkedAt} else excluded.linked_at end`,
        refreshedAt: sql`excluded.refreshed_at`,
      },
    });

  const { profile } = record;
  const profileRow = {
    accountId,
    realName: profile.realName,
    gender: profile.gender,
    ethnicity: profile.ethnicity,
    birthday: profile.birthday,
    idNumberEncrypted: crypto.encrypt(idNumberKey(profile.idNumber)),
    idNumberHash: crypto.lookupHash(idNumberKey(profile.idNumber)),
    city: profile.city,
    employer: profile.employer,
  };
  const { accountId: _key, ...profileUpdate } = profileRow;
  await tx.insert(insuranceProfiles).values(profileRow).onConflictDoUpdate({ target: insuranceProfiles.accountId, set: profileUpdate });

  await tx.delete(participations).where(eq(participations.accountId, accountId));
  await tx.delete(contributions).where(eq(contributions.accountId, accountId));
  await tx.delete(balances).where(eq(balances.accountId, accountId));
  await tx.delete(medicalRecords).where(eq(medicalRecords.accountId, accountId));

  for (const part of chunks(record.participations)) {
    await tx.insert(participations).values(part.map((p) => ({ accountId, ...p })));
  }
  for (const part of chunks(record.contributions)) {
    await tx.insert(contributions).values(part.map((c) => ({ accountId, ...c })));
  }
  for (const part of chunks(record.balances)) {
    await tx.insert(balances).values(part.map((b) => ({ accountId, ...b })));
  }
  for (const part of chunks(record.medicalRecords)) {
    await tx.insert(medicalRecords).values(part.map((m) => ({ accountId, ...m })));
  }
}

function* chunks<T>(items: readonly T[], size = CHUNK_ROWS): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

// ── bulk loading ────────────────────────────────────────────────────────────────────────────
//
// Many people at once, through a `BulkTarget`:
// - `unnestTarget` (any drizzle executor, PGlite included): `INSERT … SELECT * FROM unnest($1::uuid[],
//   $2::date[], …)`. Thousands of rows travel in one bind parameter per column, so PostgreSQL's
//   65,535-parameter limit never applies, and neither drizzle nor the driver handles a parameter
//   per value (a multi-row VALUES insert through the query builder managed under half the rows/s).
// - the seeder's COPY target on PostgreSQL (seed.cli.ts), ~1.6× faster again for plain appends.

export type BulkValue = string | number | null;
/**
 * `type` is the column's SQL type. `text: true` values are quoted in array literals; the others
 * are plain tokens (ids, dates, enums, numbers). Array-typed columns (`text[]`) take literals.
 */
export type BulkColumn = { name: string; type: string; text?: boolean };

export interface BulkTarget {
  /** One INSERT of the rows, given column by column; `suffix` (constants only) may add ON CONFLICT / RETURNING. */
  insert<R = unknown>(table: string, columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[], suffix?: string): Promise<R[]>;
  /** Rows that cannot conflict and return nothing: a target may use a faster path (COPY). */
  append(table: string, columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[]): Promise<void>;
  /** A constant statement (SET LOCAL …). */
  exec(statement: string): Promise<void>;
}

/** Rows per bulk statement: large enough to amortise the round trip, small enough to stream. */
const BULK_ROWS = 10_000;

const QUOTE_NEEDED = /["\\]/;
const QUOTE_CHARS = /["\\]/g;

/** A PostgreSQL array literal: `{a,"b c",NULL}`. */
export function arrayLiteral(values: readonly BulkValue[], text: boolean): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (!text) out += v;
    else {
      const s = String(v);
      out += QUOTE_NEEDED.test(s) ? `"${s.replace(QUOTE_CHARS, '\\$&')}"` : `"${s}"`;
    }
  }
  return `${out}}`;
}

const isArrayType = (c: BulkColumn) => c.type.endsWith('[]');

/** The pieces of `insert into t (…) select … from unnest(…) as u(…)`; array-typed columns travel as literals and are cast back. */
function unnestPieces(table: string, columns: readonly BulkColumn[]) {
  return {
    head: `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) select ${columns.map((c, i) => (isArrayType(c) ? `u.c${i}::${c.type}` : `u.c${i}`)).join(', ')} from unnest(`,
    casts: columns.map((c) => `::${isArrayType(c) ? 'text' : c.type}[]`),
    tail: `) as u(${columns.map((_, i) => `c${i}`).join(', ')})`,
  };
}

/** The statement with `$1…$n` placeholders, for drivers used directly (postgres.js). */
export function unnestStatement(table: string, columns: readonly BulkColumn[], suffix = ''): string {
  const { head, casts, tail } = unnestPieces(table, columns);
  return `${head}${casts.map((cast, i) => `$${i + 1}${cast}`).join(', ')}${tail} ${suffix}`;
}

/** One array literal per column, matching `unnestStatement`'s placeholders. */
export function unnestParams(columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[]): string[] {
  if (data.length !== columns.length) throw new Error('One value array per column');
  return columns.map((c, i) => arrayLiteral(data[i]!, c.text === true || isArrayType(c)));
}

/** Bulk writes through any drizzle executor (a transaction, PGlite or PostgreSQL). */
export function unnestTarget(db: Executor): BulkTarget {
  const insert = async <R>(table: string, columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[], suffix = ''): Promise<R[]> => {
    if ((data[0]?.length ?? 0) === 0) return [];
    const { head, casts, tail } = unnestPieces(table, columns);
    const params = unnestParams(columns, data);
    const arrays = sql.join(
      casts.map((cast, i) => sql`${params[i]}${sql.raw(cast)}`),
      sql`, `,
    );
    const statement = sql`${sql.raw(head)}${arrays}${sql.raw(`${tail} ${suffix}`)}`;
    return rowsOf<R>(await db.execute(statement));
  };
  return {
    insert,
    append: async (table, columns, data) => {
      await insert(table, columns, data);
    },
    exec: async (statement) => {
      await db.execute(sql.raw(statement));
    },
  };
}

/** Inserts rows given column by column through drizzle in one statement (see `unnestTarget`). */
export function unnestInsert<R = unknown>(db: Executor, table: string, columns: readonly BulkColumn[], data: readonly (readonly BulkValue[])[], suffix = ''): Promise<R[]> {
  return unnestTarget(db).insert<R>(table, columns, data, suffix);
}

/**
 * Time-ordered UUIDs (version 7 layout: 48-bit time, then a counter, then fixed random bits).
 * Bulk-loaded rows then land at the right edge of the primary-key index instead of at random
 * pages, which keeps a 10⁸-row load from thrashing the buffer cache.
 */
export function timeOrderedUuids(startMs = Date.now()): () => string {
  const time = startMs.toString(16).padStart(12, '0').slice(-12);
  const random = randomBytes(4).toString('hex');
  const variant = (0x8 | (randomBytes(1)[0]! & 0x3)).toString(16);
  let counter = 0;
  return () => {
    const c = (counter++).toString(16).padStart(13, '0'); // 52 bits: 3 in rand_a, 10 in rand_b
    return `${time.slice(0, 8)}-${time.slice(8)}-7${c.slice(0, 3)}-${variant}${c.slice(3, 6)}-${c.slice(6)}${random.slice(0, 5)}`;
  };
}

const COLUMNS = {
  cards: [
    { name: 'account_id', type: 'uuid' },
    { name: 'card_number_encrypted', type: 'text', text: true },
    { name: 'card_number_hash', type: 'text', text: true },
  ],
  profiles: [
    { name: 'account_id', type: 'uuid' },
    { name: 'real_name', type: 'text', text: true },
    { name: 'gender', type: 'text', text: true },
    { name: 'ethnicity', type: 'text', text: true },
    { name: 'birthday', type: 'date' },
    { name: 'id_number_encrypted', type: 'text', text: true },
    { name: 'id_number_hash', type: 'text', text: true },
    { name: 'city', type: 'text', text: true },
    { name: 'employer', type: 'text', text: true },
  ],
  participations: [
    { name: 'id', type: 'uuid' },
    { name: 'account_id', type: 'uuid' },
    { name: 'insurance_type', type: 'insurance_type' },
    { name: 'status', type: 'participation_status' },
    { name: 'employer', type: 'text', text: true },
    { name: 'since', type: 'date' },
    { name: 'contribution_months', type: 'integer' },
  ],
  contributions: [
    { name: 'id', type: 'uuid' },
    { name: 'account_id', type: 'uuid' },
    { name: 'month', type: 'date' },
    { name: 'insurance_type', type: 'insurance_type' },
    { name: 'base', type: 'numeric' },
    { name: 'employer_part', type: 'numeric' },
    { name: 'personal_part', type: 'numeric' },
    { name: 'status', type: 'contribution_status' },
    { name: 'employer', type: 'text', text: true },
  ],
  balances: [
    { name: 'account_id', type: 'uuid' },
    { name: 'account_type', type: 'balance_account_type' },
    { name: 'amount', type: 'numeric' },
    { name: 'as_of', type: 'date' },
  ],
  medicalRecords: [
    { name: 'id', type: 'uuid' },
    { name: 'account_id', type: 'uuid' },
    { name: 'kind', type: 'medical_record_kind' },
    { name: 'date', type: 'date' },
    { name: 'discharge_date', type: 'date' },
    { name: 'item_count', type: 'integer' },
    { name: 'institution', type: 'text', text: true },
    { name: 'department', type: 'text', text: true },
    { name: 'city', type: 'text', text: true },
    { name: 'total_cost', type: 'numeric' },
    { name: 'fund_paid', type: 'numeric' },
    { name: 'personal_account_paid', type: 'numeric' },
    { name: 'out_of_pocket', type: 'numeric' },
  ],
} as const satisfies Record<string, readonly BulkColumn[]>;

/** Collects rows column by column; `add` says when it is full. */
class ColumnBuffer {
  private data: BulkValue[][];

  constructor(
    private readonly target: BulkTarget,
    private readonly table: string,
    private readonly columns: readonly BulkColumn[],
    private readonly conflictSuffix?: string,
  ) {
    this.data = columns.map(() => []);
  }

  /** Adds one row; true when the buffer is full and should be flushed (kept synchronous: it runs per row). */
  add(...values: BulkValue[]): boolean {
    for (let i = 0; i < values.length; i++) this.data[i]!.push(values[i]!);
    return this.data[0]!.length >= BULK_ROWS;
  }

  async flush(): Promise<void> {
    if (this.data[0]!.length === 0) return;
    const data = this.data;
    this.data = this.columns.map(() => []);
    if (this.conflictSuffix) await this.target.insert(this.table, this.columns, data, this.conflictSuffix);
    else await this.target.append(this.table, this.columns, data);
  }
}

export type BulkPerson = { accountId: string; record: PlatformRecord };

const isBulkTarget = (x: Executor | BulkTarget): x is BulkTarget => typeof (x as BulkTarget).append === 'function';

/**
 * Streams people's insurance rows into a bulk target, `BULK_ROWS` rows per statement. Records
 * can be dropped right after `add`, so a large load keeps only the buffers in memory. For
 * accounts that exist and have no insurance rows yet; call `finish` before committing.
 * A card number already linked to another account is skipped rather than failing the batch.
 */
export class BulkPeopleWriter {
  private readonly cards: ColumnBuffer;
  private readonly profiles: ColumnBuffer;
  private readonly participations: ColumnBuffer;
  private readonly contributions: ColumnBuffer;
  private readonly balances: ColumnBuffer;
  private readonly medicalRecords: ColumnBuffer;

  constructor(
    target: Executor | BulkTarget,
    private readonly crypto: FieldCrypto,
    private readonly newId: () => string = timeOrderedUuids(),
  ) {
    const t = isBulkTarget(target) ? target : unnestTarget(target);
    this.cards = new ColumnBuffer(t, 'social_insurance_cards', COLUMNS.cards, 'on conflict do nothing');
    this.profiles = new ColumnBuffer(t, 'insurance_profiles', COLUMNS.profiles);
    this.participations = new ColumnBuffer(t, 'participations', COLUMNS.participations);
    this.contributions = new ColumnBuffer(t, 'contributions', COLUMNS.contributions);
    this.balances = new ColumnBuffer(t, 'balances', COLUMNS.balances);
    this.medicalRecords = new ColumnBuffer(t, 'medical_records', COLUMNS.medicalRecords);
  }

  async add(accountId: string, record: PlatformRecord): Promise<void> {
    if (!isCardNumber(record.cardNumber)) throw new Error('Malformed card number in a generated record');
    const { crypto, newId } = this;
    const p = record.profile;
    const id = idNumberKey(p.idNumber);
    if (this.cards.add(accountId, crypto.encrypt(record.cardNumber), crypto.lookupHash(record.cardNumber))) await this.cards.flush();
    if (this.profiles.add(accountId, p.realName, p.gender, p.ethnicity, p.birthday, crypto.encrypt(id), crypto.lookupHash(id), p.city, p.employer)) await this.profiles.flush();
    for (const x of record.participations) {
      if (this.participations.add(newId(), accountId, x.insuranceType, x.status, x.employer, x.since, x.contributionMonths)) await this.participations.flush();
    }
    for (const c of record.contributions) {
      if (this.contributions.add(newId(), accountId, c.month, c.insuranceType, c.base, c.employerPart, c.personalPart, c.status, c.employer)) await this.contributions.flush();
    }
    for (const b of record.balances) {
      if (this.balances.add(accountId, b.accountType, b.amount, b.asOf)) await this.balances.flush();
    }
    for (const m of record.medicalRecords) {
      const full = this.medicalRecords.add(newId(), accountId, m.kind, m.date, m.dischargeDate, m.itemCount, m.institution, m.department, m.city, m.totalCost, m.fundPaid, m.personalAccountPaid, m.outOfPocket);
      if (full) await this.medicalRecords.flush();
    }
  }

  /** Writes what is still buffered. */
  async finish(): Promise<void> {
    for (const buffer of [this.cards, this.profiles, this.participations, this.contributions, this.balances, this.medicalRecords]) await buffer.flush();
  }
}

/**
 * Inserts the insurance rows of many people whose accounts already exist (and have no insurance
 * rows yet), in large statements. Wrap it in a transaction.
 */
export async function bulkInsertPeople(
  db: Executor | BulkTarget,
  crypto: FieldCrypto,
  people: readonly BulkPerson[],
  options: { newId?: () => string } = {},
): Promise<void> {
  const writer = new BulkPeopleWriter(db, crypto, options.newId);
  for (const { accountId, record } of people) await writer.add(accountId, record);
  await writer.finish();
}
