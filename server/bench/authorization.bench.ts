// `pnpm bench`: the `me` dashboard with the authorization layer against the same schema assembled
// without it, side by side in one process, interleaved rounds, for the person and for a partner
// with about half the categories granted. Prints throughputs and their ratio (target ≥ 0.95).
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { authorizationPlugin } from '../src/authz/authorization.plugin.js';
import type { Principal } from '../src/authz/principal.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { contextFor, principalForToken } from '../src/http/request-context.js';
import { createApp } from '../src/index.js';
import type { AppContext } from '../src/schema/modules.js';
import { buildDomainSchema, buildGatewaySchema } from '../src/schema/schema.js';
import { DEMO_PASSWORD, DEMO_PHONE } from '../src/seed/demo.js';
import { partnerTokens } from '../test/support/partner-flow.js';

const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    me {
      id
      profile { displayName }
      identity { realName birthday }
      insurance { city employer contributionYears participations { insuranceType status employer since contributionMonths } }
      contributions(last: 36) { month insuranceType base employerPart personalPart status }
      balances { accountType amount asOf }
      medicalSpending(months: 12) { month totalCost fundPaid personalAccountPaid outOfPocket }
      medicalRecords(first: 5) { totalCount nodes { __typename date institution totalCost } }
      devices { model osVersion installations { appVersion } }
    }
  }
`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 60);

const dataDir = await mkdtemp(path.join(tmpdir(), 'shebao-bench-'));
const config = loadConfig({ NODE_ENV: 'test', SHEBAO_DATA_DIR: dataDir, SHEBAO_LOG_LEVEL: 'silent', PORT: '0' });
const database = process.env.DATABASE_URL ? await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL }) : await openDatabase({ kind: 'pglite' });
const app = await createApp(config, { database });
const { services, gateway: deps } = app;

const signIn = await app.services.accounts.signIn(DEMO_PHONE, DEMO_PASSWORD, { address: '127.0.0.1' });
const personToken = signIn.session.token;
// A partner registered for four categories, granted three (identity.basic, insurance.status,
// insurance.contributions) of the dashboard's nine categories, through the real OAuth flow.
const url = await app.listen();
const partner = { token: (await partnerTokens(url, personToken, { scopes: ['identity.basic', 'insurance.status', 'insurance.contributions'] })).accessToken };

const gateway = new ApolloServer<AppContext>({
  schema: await buildGatewaySchema({ production: false }),
  plugins: [authorizationPlugin({ db: deps.db, accessLog: services.accessLog })],
});
const baseline = new ApolloServer<AppContext>({ schema: await buildDomainSchema() });
await gateway.start();
await baseline.start();

// Authentication (who is asking) is the same work in both: one look-up per request.
async function authenticate(token: string): Promise<Principal> {
  return (await principalForToken(services, token))!;
}

async function run(server: ApolloServer<AppContext>, token: string): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < PER_ROUND; i += 1) {
    const principal = await authenticate(token);
    const contextValue = contextFor(deps, principal, `bench-${i}`, { address: '127.0.0.1' });
    const response = await server.executeOperation({ query: DASHBOARD, operationName: 'Dashboard' }, { contextValue });
    if (response.body.kind !== 'single' || !response.body.singleResult.data?.me) throw new Error('dashboard failed');
  }
  return performance.now() - started;
}

type Row = { principal: string; withAuthorization: number; without: number; ratio: number };
const rows: Row[] = [];
for (const [name, token] of [
  ['person', personToken],
  ['partner (3 of 9 categories granted)', partner.token],
] as const) {
  await run(gateway, token); // warm-up: JIT, caches, decision cache
  await run(baseline, token);
  let timeWith = 0;
  let timeWithout = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first so drift on the machine hits both alike.
    if (round % 2 === 0) {
      timeWith += await run(gateway, token);
      timeWithout += await run(baseline, token);
    } else {
      timeWithout += await run(baseline, token);
      timeWith += await run(gateway, token);
    }
  }
  const total = ROUNDS * PER_ROUND;
  const withRps = (total / timeWith) * 1000;
  const withoutRps = (total / timeWithout) * 1000;
  rows.push({ principal: name, withAuthorization: Math.round(withRps), without: Math.round(withoutRps), ratio: Number((withRps / withoutRps).toFixed(3)) });
}

console.log(`\nme dashboard throughput (requests/s, ${ROUNDS}×${PER_ROUND} per side, ${database.kind}):`);
console.table(rows);
const worst = Math.min(...rows.map((r) => r.ratio));
console.log(`lowest ratio ${worst} (target ≥ 0.95): ${worst >= 0.95 ? 'met' : 'NOT met'}`);

await gateway.stop();
await baseline.stop();
await app.close();
await database.close();
await rm(dataDir, { recursive: true, force: true });
