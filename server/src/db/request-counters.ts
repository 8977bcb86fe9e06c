// Request counts per key in fixed windows, kept in the database so that every instance counts
// against the same budget. Hits that arrive while a statement is in flight wait for the next one,
// which counts all of them at once (`NextStatementQueue`): at most one statement in flight per
// instance, however many requests arrive, and no hit is lost or counted twice.
import { sql } from 'drizzle-orm';
import type { Executor } from './database.js';
import { NextStatementQueue, type KeyedBatch } from '../lib/batched-lookup.js';
import { requestCounters } from './schema.js';

export type WindowCount = {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Until the window ends. */
  ttlMs: number;
};

type Waiter = { resolve: (count: WindowCount) => void; reject: (error: unknown) => void };

/** One statement counts at most this many keys. */
const MAX_KEYS_PER_STATEMENT = 500;
/** Keys whose hash is remembered; all forgotten at once when full. */
const MAX_REMEMBERED_KEYS = 10_000;

export class RequestCounters {
  private readonly queue: NextStatementQueue<Waiter>;
  private lastSweepMs = Date.now();
  private readonly statement;
  /** Hashing (an HMAC) cost as much as the rest of a hit; the same keys come back all the time. */
  private readonly keyHashes = new Map<string, string>();

  constructor(
    private readonly db: Executor,
    readonly windowMs: number,
    /** The keyed hash (HMAC) a key is stored as: the table holds no addresses or account ids. */
    private readonly hash: (key: string) => string,
  ) {
    if (windowMs % 1000 !== 0) throw new Error('windowMs must be whole seconds');
    this.statement = this.upsert().prepare('request_counter_hits');
    this.queue = new NextStatementQueue(async (batch) => {
      await this.count(batch);
      if (Date.now() - this.lastSweepMs > 5 * this.windowMs) await this.sweep();
    }, MAX_KEYS_PER_STATEMENT);
  }

  /** Counts one hit under `key`. */
  hit(key: string): Promise<WindowCount> {
    const keyHash = this.keyHashOf(key);
    return new Promise((resolve, reject) => this.queue.enqueue(keyHash, { resolve, reject }));
  }

  private keyHashOf(key: string): string {
    let keyHash = this.keyHashes.get(key);
    if (keyHash === undefined) {
      if (this.keyHashes.size >= MAX_REMEMBERED_KEYS) this.keyHashes.clear();
      keyHash = this.hash(key);
      this.keyHashes.set(key, keyHash);
    }
    return keyHash;
  }

  /**
   * Adds each key's hits to its current window (a new window starts from them); returns the
   * counts. The keys and their hits go as two arrays, so one prepared statement serves a batch of
   * any size and nothing is built per batch.
   */
  private upsert() {
    const seconds = this.windowMs / 1000;
    const windowStartedAt = sql`to_timestamp(floor(extract(epoch from now()) / ${seconds}::int) * ${seconds}::int)`;
    return this.db
      .insert(requestCounters)
      .select(
        sql`select hit.key_hash, ${windowStartedAt}, hit.hits
            from unnest(${sql.placeholder('keyHashes')}::text[], ${sql.placeholder('hits')}::int[]) as hit(key_hash, hits)`,
      )
      .onConflictDoUpdate({
        target: requestCounters.keyHash,
        set: {
          hits: sql`case when ${requestCounters.windowStartedAt} = excluded.window_started_at then ${requestCounters.hits} + excluded.hits else excluded.hits end`,
          windowStartedAt: sql`excluded.window_started_at`,
        },
      })
      .returning({
        keyHash: requestCounters.keyHash,
        hits: requestCounters.hits,
        ttlMs: sql<string>`ceil(extract(epoch from (${requestCounters.windowStartedAt} + make_interval(secs => ${seconds}::int) - now())) * 1000)`,
      });
  }

  private async count(batch: KeyedBatch<Waiter>): Promise<void> {
    try {
      // Sorted, so two instances lock the same rows in the same order.
      batch.sort(([a], [b]) => (a < b ? -1 : 1));
      const rows = await this.statement.execute({ keyHashes: batch.map(([keyHash]) => keyHash), hits: batch.map(([, waiters]) => waiters.length) });
      const byKey = new Map(rows.map((row) => [row.keyHash, row]));
      for (const [key, waiters] of batch) {
        const row = byKey.get(key)!;
        const ttlMs = Math.max(0, Number(row.ttlMs));
        // The batch's hits are the last `waiters.length` of the window, in arrival order.
        waiters.forEach((waiter, index) => waiter.resolve({ hits: row.hits - waiters.length + 1 + index, ttlMs }));
      }
    } catch (error) {
      for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
    }
  }

  /** Rows of windows long gone say nothing; drop them now and then. */
  private async sweep(): Promise<void> {
    this.lastSweepMs = Date.now();
    await this.db
      .delete(requestCounters)
      .where(sql`${requestCounters.windowStartedAt} < now() - make_interval(secs => ${(2 * this.windowMs) / 1000}::int)`)
      .catch(() => undefined);
  }
}
