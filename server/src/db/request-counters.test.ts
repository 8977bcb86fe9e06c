// Request counts are exact however the hits arrive: concurrent hits on many keys are counted in
// one statement, each hit gets its own place in its key's window, and a new window starts over.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase } from '../../test/support/databases.js';
import type { DatabaseHandle } from './database.js';
import { RequestCounters } from './request-counters.js';
import { requestCounters } from './schema.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openEmptyDatabase());
});
afterAll(async () => {
  await drop();
});

const hashed = (key: string) => `test:${key}`;

describe('RequestCounters', () => {
  it('counts concurrent hits on several keys exactly, in one statement per batch', async () => {
    const counters = new RequestCounters(database.db, 60_000, hashed);
    const keys = ['c', 'a', 'b', 'd'];
    const before = database.statementCount();
    const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => counters.hit(`several:${keys[i % keys.length]}`)));
    // The first hit goes out alone; the other 39 wait for the next statement, which counts them all.
    expect(database.statementCount() - before).toBe(2);
    for (const [index, key] of keys.entries()) {
      const hits = counts.filter((_, i) => i % keys.length === index).map((count) => count.hits);
      expect(hits, key).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
    for (const count of counts) expect(count.ttlMs > 0 && count.ttlMs <= 60_000, String(count.ttlMs)).toBe(true);
    const rows = await database.db.select().from(requestCounters).where(sql`${requestCounters.keyHash} like 'test:several:%'`);
    expect(Object.fromEntries(rows.map((row) => [row.keyHash, row.hits]))).toEqual({
      'test:several:a': 10,
      'test:several:b': 10,
      'test:several:c': 10,
      'test:several:d': 10,
    });
  });

  it('goes on counting in the same window, and starts a new window from the hits that open it', async () => {
    const counters = new RequestCounters(database.db, 60_000, hashed);
    expect((await counters.hit('window')).hits).toBe(1);
    expect((await Promise.all([counters.hit('window'), counters.hit('window'), counters.hit('window')])).map((c) => c.hits)).toEqual([2, 3, 4]);
    // The window began two minutes ago: the next hits open a new one.
    await database.db
      .update(requestCounters)
      .set({ windowStartedAt: sql`now() - interval '2 minutes'` })
      .where(sql`${requestCounters.keyHash} = 'test:window'`);
    expect((await Promise.all([counters.hit('window'), counters.hit('window')])).map((c) => c.hits)).toEqual([1, 2]);
  });

  it('shares the count between instances on one database', async () => {
    const [one, other] = [new RequestCounters(database.db, 60_000, hashed), new RequestCounters(database.db, 60_000, hashed)];
    const counts = await Promise.all([one.hit('shared'), other.hit('shared'), one.hit('shared'), other.hit('shared')]);
    expect(counts.map((c) => c.hits).sort()).toEqual([1, 2, 3, 4]);
  });
});
