import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.js';
import { accounts } from '../src/db/schema.js';
import { generatePerson } from '../src/seed/synthetic-person.js';
import { timeOrderedUuids, unnestInsert } from '../src/modules/insurance/insurance.store.js';
const url = process.argv[2]!;
const h = await openDatabase({ kind: 'postgres', url });
await h.migrate();
const newId = timeOrderedUuids();
const mk = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ accountId: newId(), rec: generatePerson(`${tag}|${i}`, { asOfMonth: '2026-11' }) }));
const cols = [
  { name: 'id', type: 'uuid' }, { name: 'account_id', type: 'uuid' }, { name: 'month', type: 'date' }, { name: 'insurance_type', type: 'insurance_type' },
  { name: 'base', type: 'numeric' }, { name: 'employer_part', type: 'numeric' }, { name: 'personal_part', type: 'numeric' }, { name: 'status', type: 'contribution_status' }, { name: 'employer', type: 'text', text: true },
];
const client = postgres(url, { max: 1, onnotice: () => {} });
for (const round of [1, 2]) {
  for (const method of ['unnest', 'copy']) {
    const people = mk(500, `${method}${round}`);
    await h.db.insert(accounts).values(people.map((p) => ({ id: p.accountId, phoneHash: p.accountId, phoneEncrypted: 'x', passwordHash: 'x' })));
    const rows = people.flatMap((p) => p.rec.contributions.map((c) => [newId(), p.accountId, c.month, c.insuranceType, c.base, c.employerPart, c.personalPart, c.status, c.employer]));
    const t = performance.now();
    if (method === 'unnest') {
      await h.db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += 10000) {
          const part = rows.slice(i, i + 10000);
          await unnestInsert(tx, 'contributions', cols, cols.map((_, j) => part.map((r) => r[j] ?? null)));
        }
      });
    } else {
      await client.begin(async (t) => {
        const w = await t`copy contributions (id, account_id, month, insurance_type, base, employer_part, personal_part, status, employer) from stdin`.writable();
        for (let i = 0; i < rows.length; i += 10000) {
          const chunk = rows.slice(i, i + 10000).map((r) => r.map((v) => v ?? '\\N').join('\t')).join('\n') + '\n';
          if (!w.write(chunk)) await new Promise((r) => w.once('drain', r));
        }
        await new Promise<void>((res, rej) => { w.on('finish', () => res()); w.on('error', rej); w.end(); });
      });
    }
    const ms = performance.now() - t;
    console.log(method, round, rows.length, Math.round(ms), 'ms', Math.round(rows.length / (ms / 1000)), 'rows/s');
  }
}
await client.end(); await h.close();
