// The security suite's server: the real product in production mode (NODE_ENV=production, secrets
// passed the way production passes them), over a private clone of the seeded test database, with
// its whole log captured. Everything is asked over HTTP, as an attacker would.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import type { Limits } from '../../src/config/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { SocialInsurancePlatform } from '../../src/platform/platform.js';
import { loadPersistedDocuments } from '../../src/http/plugins/trusted-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export const DEVELOPER_KEY = 'developer-key-for-security-tests-0123';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export type ProductionServer = TestApp & {
  /** Every log line the server wrote so far. */
  log(): string;
  /** POST /graphql with a raw body and headers of the caller's choosing. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
};

export async function startProductionServer(
  options: { limits?: DeepPartial<Limits>; trustProxy?: string; database?: DatabaseHandle; logLevel?: string; platform?: SocialInsurancePlatform } = {},
): Promise<ProductionServer> {
  const secrets = JSON.parse(await readFile(path.join(inject('testDatabase').dataDir, 'secrets.json'), 'utf8'));
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const t = await startTestApp({
    database: options.database,
    platform: options.platform,
    logDestination,
    env: {
      NODE_ENV: 'production',
      // The keyring file's parts as production's environment variables.
      SHEBAO_DATA_KEYS: JSON.stringify(secrets.dataKeys),
      SHEBAO_HASH_KEY: secrets.hashKey,
      SHEBAO_SIGNING_JWKS: JSON.stringify(secrets.signingKeys),
      SHEBAO_DEVELOPER_KEY: DEVELOPER_KEY,
      SHEBAO_LOG_LEVEL: options.logLevel ?? 'info',
      ...(options.limits && { SHEBAO_LIMITS: JSON.stringify(options.limits) }),
      ...(options.trustProxy && { SHEBAO_TRUST_PROXY: options.trustProxy }),
    },
  });
  return {
    ...t,
    log: () => lines.join(''),
    post: (body, headers = {}) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** A person's session as the PWA holds it: the HttpOnly cookie. */
export function sessionCookie(token: string): Record<string, string> {
  return { cookie: `shebao_session=${token}` };
}

const manifest = loadPersistedDocuments();

/** The trusted document of the PWA's operation `name`, as the PWA sends it. */
export function trustedDocument(name: string, variables: Record<string, unknown> = {}): { documentId: string; variables: Record<string, unknown> } {
  const entry = [...manifest].find(([, query]) => new RegExp(`^(query|mutation) ${name}\\b`).test(query));
  if (!entry) throw new Error(`no trusted document ${name}`);
  return { documentId: entry[0], variables };
}
