// Every query the hot requests send to a personal table can be served by an index. The PWA's
// trusted documents (dashboard, medical records, access log, consent, devices) and a partner's
// dashboard run against the test database while their statements are captured; each statement
// that reads, updates or deletes a personal table (one with an account or subject id) is then
// EXPLAINed with its own parameters under `enable_seqscan = off`: a sequential scan left in the
// plan means no index can serve it, whatever the table's size. The plan's shape, not its timing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/database.js';
import { loadPersistedDocuments } from '../src/http/plugins/trusted-documents.js';
import { partnerTokens } from './support/partner-flow.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

/** The PWA's operations that load a screen, with the variables the PWA sends. */
const HOT_DOCUMENTS: Record<string, Record<string, unknown>> = {
  Session: {},
  DashboardGreeting: {},
  Dashboard: { from: '2023-01', to: '2025-12', months: 12 },
  MedicalRecords: { first: 20 },
  CardStatus: {},
  AccessLog: { first: 20 },
  ConsentCentre: {},
  CacheConsentState: {},
  MyDevices: {},
  MyInstallations: {},
  MyActivity: {},
  MyLocations: {},
};
const PARTNER_DASHBOARD = 'query PartnerDashboard { me { identity { realName } insurance { city participations { insuranceType } } contributions(last: 36) { month base } medicalRecords(first: 5) { totalCount nodes { date } } } }';

let t: TestApp;
let personalTables: Set<string>;
const captured = new Map<string, unknown[]>();

type Run = (text: string, params?: unknown[]) => Promise<unknown>;
type DriverClient = { begin?: (work: (tx: { unsafe: Run }) => Promise<unknown>) => Promise<unknown>; transaction?: (work: (tx: { query: Run }) => Promise<unknown>) => Promise<unknown> };

/** A parameter as an SQL literal, its type left to the prepared statement's. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return literal(`{${value.map((item) => JSON.stringify(String(item))).join(',')}}`);
  if (value instanceof Date) return literal(value.toISOString());
  if (typeof value === 'object') return literal(JSON.stringify(value));
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * EXPLAINs each statement with its parameters, sequential scans off, in one transaction (one
 * connection). On PostgreSQL the plan is the generic one the server's connections keep
 * (`plan_cache_mode`, database.ts): prepared, then EXPLAIN EXECUTE under that mode.
 */
async function plans(statements: [string, unknown[]][]): Promise<PlanNode[]> {
  const client = (t.database.db as unknown as { $client: DriverClient }).$client;
  const explainAll = async (run: Run, generic: boolean) => {
    await run('set local enable_seqscan = off');
    if (generic) await run('set local plan_cache_mode = force_generic_plan');
    const out: PlanNode[] = [];
    for (const [i, [query, params]] of statements.entries()) {
      let explain = () => run(`explain (format json) ${query}`, params);
      if (generic) {
        await run(`prepare plan_check_${i} as ${query}`);
        explain = () => run(`explain (format json) execute plan_check_${i}${params.length ? `(${params.map(literal).join(', ')})` : ''}`);
      }
      const [row] = rowsOf<Record<string, unknown>>(await explain());
      if (generic) await run(`deallocate plan_check_${i}`);
      const plan = Object.values(row!)[0];
      out.push((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan as PlanNode);
    }
    return out;
  };
  // postgres.js (PostgreSQL) or PGlite.
  if (client.begin) return (await client.begin((tx) => explainAll((text, params) => tx.unsafe(text, params), true))) as PlanNode[];
  return (await client.transaction!((tx) => explainAll((text, params) => tx.query(text, params), false))) as PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const here = node['Node Type'] === 'Seq Scan' && personalTables.has(node['Relation Name']!) ? [node['Relation Name']!] : [];
  return [...here, ...(node.Plans ?? []).flatMap(seqScans)];
}

beforeAll(async () => {
  t = await startTestApp();
  const columns = rowsOf<{ table_name: string }>(
    await t.database.db.execute(sql`select distinct table_name from information_schema.columns where table_schema = 'public' and column_name in ('account_id', 'subject_id')`),
  );
  personalTables = new Set(['accounts', ...columns.map((c) => c.table_name)]);

  const person = await t.signInDemo();
  const partner = await partnerTokens(t.url, person, { scopes: ['identity.basic', 'insurance.status', 'insurance.contributions', 'medical.records'] });
  await t.gql(PARTNER_DASHBOARD, {}, { token: partner.accessToken }); // the decision cache is warm: what follows is the steady state
  const documents = new Map([...loadPersistedDocuments()].map(([, text]) => [/^(?:query|mutation) (\w+)/.exec(text)![1]!, text]));
  const stop = t.database.onQuery((query, params) => {
    if (/^\s*(select|update|delete|with)\b/i.test(query)) captured.set(query, params);
  });
  try {
    for (const [name, variables] of Object.entries(HOT_DOCUMENTS)) {
      const result = await t.gql(documents.get(name)!, variables, { token: person });
      expect(result.errors, name).toBeUndefined();
    }
    for (const filter of [{ kind: 'INPATIENT' }, { from: '2024-01-01', to: '2024-12-31' }]) await t.gql(documents.get('MedicalRecords')!, { first: 20, filter }, { token: person });
    const read = await t.gql(PARTNER_DASHBOARD, {}, { token: partner.accessToken });
    expect(read.errors).toBeUndefined();
  } finally {
    stop();
  }
});
afterAll(() => t?.close());

describe('query plans of the hot requests', () => {
  it('captured the statements on personal tables', () => {
    const touched = new Set([...captured.keys()].flatMap((q) => [...personalTables].filter((table) => q.includes(`"${table}"`))));
    // The dashboard, medical records, access log, consent and devices screens between them.
    for (const table of ['accounts', 'contributions', 'medical_records', 'access_records', 'consent_events', 'devices']) expect(touched, table).toContain(table);
  });

  it('serves every statement on a personal table with an index', async () => {
    const personal = [...captured].filter(([query]) => [...personalTables].some((table) => query.includes(`"${table}"`)));
    const explained = await plans(personal);
    const unserved = personal.flatMap(([query], i) => {
      const scans = seqScans(explained[i]!);
      return scans.length ? [`${scans.join(', ')}: ${query.slice(0, 200)}`] : [];
    });
    expect(personal.length).toBeGreaterThan(10);
    // On PostgreSQL these are the generic plans, the ones production runs: no parameter (an
    // account id, which every statement is given) was bound into a plan as a literal.
    if (t.database.kind === 'postgres') {
      const ids = personal.flatMap(([, params]) => params.filter((p): p is string => typeof p === 'string' && /^[0-9a-f-]{36}$/.test(p)));
      expect(ids.length).toBeGreaterThan(10);
      const text = JSON.stringify(explained);
      expect(ids.filter((id) => text.includes(id))).toEqual([]);
    }
    // The check itself: a filter no index covers shows up as a sequential scan.
    const [unindexed] = await plans([['select "id" from "contributions" where "personal_part" = $1', ['1']]]);
    expect(seqScans(unindexed!)).toEqual(['contributions']);
    expect(unserved).toEqual([]);
  });
});
