// Starts the real server on a free port over a private clone of the seeded test database.
import { readFile } from 'node:fs/promises';
import { expect, inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { createApp, type App, type AppOverrides } from '../../src/index.js';
import type { SocialInsurancePlatform } from '../../src/platform/platform.js';
import { DEMO_PASSWORD, DEMO_PHONE } from '../../src/seed/demo.js';
import { scratchPostgresDatabase } from './databases.js';

export type GraphQLResponse<T = any> = {
  status: number;
  headers: Headers;
  data: T;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
};

export type TestApp = {
  url: string;
  app: App;
  database: DatabaseHandle;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  signInDemo(): Promise<string>;
  close(): Promise<void>;
};

export async function cloneTestDatabase(): Promise<{ database: DatabaseHandle; url?: string; drop: () => Promise<void> }> {
  const source = inject('testDatabase');
  if (source.kind === 'pglite') {
    const dump = new Blob([await readFile(source.dumpFile)]);
    const database = await openDatabase({ kind: 'pglite', loadDataDir: dump });
    return { database, drop: () => database.close() };
  }
  const scratch = await scratchPostgresDatabase(source.adminUrl, new URL(source.templateUrl).pathname.slice(1));
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 5 });
  return {
    database,
    url: scratch.url,
    drop: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

export async function startTestApp(
  options: { platform?: SocialInsurancePlatform; env?: Record<string, string>; logDestination?: NodeJS.WritableStream; database?: DatabaseHandle; jobs?: AppOverrides['jobs'] } = {},
): Promise<TestApp> {
  const { database, drop } = options.database ? { database: options.database, drop: async () => {} } : await cloneTestDatabase();
  const source = inject('testDatabase');
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    SHEBAO_DATA_DIR: source.dataDir,
    SHEBAO_LOG_LEVEL: 'silent',
    SHEBAO_CLIENT_DIST: '/nonexistent',
    ...options.env,
  });
  const app = await createApp(config, { database, platform: options.platform, logDestination: options.logDestination, jobs: options.jobs ?? { background: false } });
  const url = await app.listen();
  const gql: TestApp['gql'] = async (query, variables, opts = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  };
  return {
    url,
    app,
    database,
    gql,
    async signInDemo() {
      const result = await gql<{ signIn: { token: string } }>(
        'mutation($phone: String!, $password: String!) { signIn(phone: $phone, password: $password) { token } }',
        { phone: DEMO_PHONE, password: DEMO_PASSWORD },
      );
      if (!result.data?.signIn) throw new Error(`demo sign-in failed: ${JSON.stringify(result.errors)}`);
      return result.data.signIn.token;
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}

/** The agreement registration needs: the current versions of the user agreement and the privacy notice. */
export async function currentAgreement(app: Pick<TestApp, 'gql'>): Promise<{ userAgreementVersion: number; privacyNoticeVersion: number }> {
  const r = await app.gql('{ userAgreement { version } privacyNotice { version } }');
  return { userAgreementVersion: r.data.userAgreement.version, privacyNoticeVersion: r.data.privacyNotice.version };
}

/** A newly registered person who linked a card and granted nothing optional. Returns a session token. */
export async function registerWithCard(app: TestApp, phone: string, card: string): Promise<string> {
  await app.gql('mutation($p: String!) { requestRegistrationCode(phone: $p) }', { p: phone });
  const code = (await app.gql('query($p: String!) { developmentSmsCode(phone: $p) }', { p: phone })).data.developmentSmsCode;
  const token = (await app.gql('mutation($i: RegisterInput!) { register(input: $i) { token } }', { i: { phone, code, password: 'Matrix-Test-99', agreement: await currentAgreement(app) } })).data.register.token;
  const linked = await app.gql('mutation($c: String!) { linkSocialInsuranceCard(cardNumber: $c, queryPassword: "123456") { id } }', { c: card }, { token });
  expect(linked.errors).toBeUndefined();
  return token;
}

