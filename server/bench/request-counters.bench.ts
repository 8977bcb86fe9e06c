// The rate limit's cost: one counting statement alone (sequential hits), against a `select 1`,
// and how many statements 2,000 concurrent hits take (they are coalesced).
//   node --import @swc-node/register/esm-register bench/request-counters.bench.ts   (PGlite, in memory)
//   DATABASE_URL=postgres://… node --import @swc-node/register/esm-register bench/request-counters.bench.ts
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.js';
import { RequestCounters } from '../src/db/request-counters.js';

const HITS = 2000;
const url = process.env.DATABASE_URL;
const database = url ? await openDatabase({ kind: 'postgres', url }) : await openDatabase({ kind: 'pglite' });
await database.migrate();
const counters = new RequestCounters(database.db, 60_000, (key) => `bench:${key}`);

async function perCall(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i += 1) await run(i); // warm up
  const started = performance.now();
  for (let i = 0; i < HITS; i += 1) await run(i);
  return (performance.now() - started) / HITS;
}

const selectMs = await perCall((i) => database.db.execute(sql`select ${i}::int`));
const hitMs = await perCall((i) => counters.hit(`sequential:${i % 50}`));
const before = database.statementCount();
const started = performance.now();
await Promise.all(Array.from({ length: HITS }, (_, i) => counters.hit(`concurrent:${i % 50}`)));
console.log(
  JSON.stringify({
    database: database.kind,
    selectOneMs: Number(selectMs.toFixed(2)),
    oneHitMs: Number(hitMs.toFixed(2)),
    concurrentHits: HITS,
    concurrentMs: Number((performance.now() - started).toFixed(1)),
    concurrentStatements: database.statementCount() - before,
  }),
);
await database.close();
