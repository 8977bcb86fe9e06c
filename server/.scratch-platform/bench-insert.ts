import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '/work/main/server/src/db/database.js';
import { accounts, contributions } from '/work/main/server/src/db/schema.js';
import { generatePerson } from '/work/main/server/src/seed/synthetic-person.js';
const url = 'postgres://postgres@127.0.0.1:5432/shebao_bench_a';
const h = await openDatabase({ kind: 'postgres', url });
await h.migrate();
const lit = (vs: (string | null)[]) => '{' + vs.map((v) => (v === null ? 'NULL' : '"' + v.replace(/[\\"]/g, (c) => '\\' + c) + '"')).join(',') + '}';
const N = Number(process.env.N ?? 2000);
const people = Array.from({ length: N * 3 }, (_, i) => ({ accountId: randomUUID(), rec: generatePerson(`b|${i}`, { asOfMonth: '2026-11' }) }));
await h.db.insert(accounts).values(people.map((p, i) => ({ id: p.accountId, phoneHash: `h${i}`, phoneEncrypted: 'x', passwordHash: 'x' })));
const rowsOf = (ps: typeof people) => ps.flatMap((p) => p.rec.contributions.map((c) => ({ accountId: p.accountId, ...c })));
// (a) drizzle multi-row insert, 7000 rows per statement
if (process.env.DRIZZLE) {
  const rows = rowsOf(people.slice(0, N));
  const t = Date.now();
  await h.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 7000) await tx.insert(contributions).values(rows.slice(i, i + 7000));
  });
  console.log('drizzle', rows.length, Date.now() - t, 'ms', Math.round(rows.length / ((Date.now() - t) / 1000)), 'rows/s');
}
// (b) unnest arrays
{
  const rows = rowsOf(people.slice(N, 2 * N));
  const t = Date.now();
  await h.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 20000) {
      const part = rows.slice(i, i + 20000);
      const col = <K extends keyof (typeof part)[0]>(k: K) => lit(part.map((r) => r[k] as string | null));
      await tx.execute(sql`insert into contributions (account_id, month, insurance_type, base, employer_part, personal_part, status, employer)
        select * from unnest(${col('accountId')}::uuid[], ${col('month')}::date[], ${col('insuranceType')}::insurance_type[], ${col('base')}::numeric[], ${col('employerPart')}::numeric[], ${col('personalPart')}::numeric[], ${col('status')}::contribution_status[], ${col('employer')}::text[])`);
    }
  });
  console.log('unnest', rows.length, Date.now() - t, 'ms', Math.round(rows.length / ((Date.now() - t) / 1000)), 'rows/s');
}
// (c) COPY via postgres.js
{
  const rows = rowsOf(people.slice(2 * N));
  const client = postgres(url, { max: 1 });
  const t = Date.now();
  await client.begin(async (tx) => {
    const w = await tx`copy contributions (account_id, month, insurance_type, base, employer_part, personal_part, status, employer) from stdin`.writable();
    let buf: string[] = [];
    for (const r of rows) {
      buf.push(`${r.accountId}\t${r.month}\t${r.insuranceType}\t${r.base}\t${r.employerPart}\t${r.personalPart}\t${r.status}\t${r.employer ?? '\\N'}\n`);
      if (buf.length >= 5000) { if (!w.write(buf.join(''))) await new Promise((r) => w.once('drain', r)); buf = []; }
    }
    w.write(buf.join(''));
    await new Promise<void>((res, rej) => { w.end(); w.on('finish', () => res()); w.on('error', rej); });
  });
  console.log('copy', rows.length, Date.now() - t, 'ms', Math.round(rows.length / ((Date.now() - t) / 1000)), 'rows/s');
  await client.end();
}
await h.close();
