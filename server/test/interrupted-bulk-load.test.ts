// A bulk load (`pnpm db:seed`) that dies with the indexes of its tables dropped: the next start
// of the server builds them before it serves, and says so.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../src/db/database.js';
import { BULK_LOAD_TABLES, deferIndexes } from '../src/db/deferred-indexes.js';
import { cloneTestDatabase, startTestApp } from './support/test-app.js';

async function indexCount(database: DatabaseHandle): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from pg_indexes where tablename in ('contributions', 'medical_records')`));
  return row!.n;
}

it('a start after a bulk load died builds the indexes it had deferred, and logs it', async () => {
  const { database, drop } = await cloneTestDatabase();
  try {
    const whole = await indexCount(database);
    const deferred = await deferIndexes(database.db, BULK_LOAD_TABLES); // and then the loader died
    expect(deferred).toHaveLength(whole);
    expect(await indexCount(database)).toBe(0);

    const lines: { level: number; msg: string; indexes?: string[] }[] = [];
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await startTestApp({ database, logDestination, env: { SHEBAO_LOG_LEVEL: 'warn' } });
    await app.close();

    expect(await indexCount(database)).toBe(whole);
    const [{ left } = { left: -1 }] = rowsOf<{ left: number }>(await database.db.execute(sql`select count(*)::int as left from deferred_indexes`));
    expect(left).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/interrupted bulk load/), indexes: expect.arrayContaining(deferred) }));
  } finally {
    await drop();
  }
});
