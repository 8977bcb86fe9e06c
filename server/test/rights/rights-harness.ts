// One test app for the rights suites: jobs run only when a test says so, in small batches, with a
// fault hook that kills a chosen batch before it commits (a process dying half-way).
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export type RightsApp = TestApp & {
  /** Throw inside the next batches of `kind` whose per-runner batch number is in `batches`. */
  crashOn(kind: string | null, batches?: number[]): void;
  accountIdOfCard(card: string): Promise<string>;
  count(query: ReturnType<typeof sql>): Promise<number>;
};

export const BATCH_SIZE = 25;

export async function startRightsApp(): Promise<RightsApp> {
  let crash: { kind: string; batches: Set<number> } | null = null;
  const counter = new Map<string, number>();
  const t = await startTestApp({
    jobs: {
      batchSize: BATCH_SIZE,
      background: false,
      retryDelayMs: 0,
      beforeCommit: (job) => {
        if (!crash || crash.kind !== job.kind) return;
        const n = (counter.get(job.kind) ?? 0) + 1;
        counter.set(job.kind, n);
        if (crash.batches.has(n)) throw new Error('simulated crash');
      },
    },
  });
  return Object.assign(t, {
    crashOn(kind: string | null, batches: number[] = []) {
      crash = kind ? { kind, batches: new Set(batches) } : null;
      counter.clear();
    },
    async accountIdOfCard(card: string) {
      const rows = rowsOf<{ id: string }>(await t.database.db.execute(sql`select account_id as id from social_insurance_cards where card_number_hash = ${t.app.crypto.lookupHash(card)}`));
      return rows[0]!.id;
    },
    async count(query: ReturnType<typeof sql>) {
      return rowsOf<{ n: number }>(await t.database.db.execute(query))[0]!.n;
    },
  });
}
