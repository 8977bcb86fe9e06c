// Operators as tests need them: a fresh one per test (its own TOTP steps, so codes never collide
// between tests sharing a database), signed in over HTTP with a code computed here.
import { randomBytes } from 'node:crypto';
import type { OperatorRole } from '../../src/authz/principal.js';
import { OPERATOR_COOKIE, totpCode } from '../../src/modules/operators/index.js';
import type { GraphQLResponse, TestApp } from './test-app.js';

export type TestOperator = { id: string; loginName: string; password: string; secret: string; roles: OperatorRole[] };

export async function createOperator(app: TestApp, roles: OperatorRole[]): Promise<TestOperator> {
  const loginName = `op-${randomBytes(5).toString('hex')}`;
  const password = `Operator-${randomBytes(6).toString('hex')}`;
  const { id, otpauthUri } = await app.app.services.operatorAccounts.create({ loginName, displayName: 'Test operator', password, roles });
  const secret = new URL(otpauthUri).searchParams.get('secret')!;
  return { id, loginName, password, secret, roles };
}

/** POST /operator/graphql with the operator cookie (or any other headers). */
export async function operatorGql<T = any>(
  app: TestApp,
  query: string,
  variables?: Record<string, unknown>,
  options: { session?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T> & { setCookie: string | null }> {
  const response = await fetch(`${app.url}/operator/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.session ? { cookie: `${OPERATOR_COOKIE}=${options.session}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, setCookie: response.headers.get('set-cookie'), ...body };
}

export const SIGN_IN = 'mutation($l: String!, $p: String!, $c: String!) { operatorSignIn(loginName: $l, password: $p, code: $c) { operator { id roles } expiresAt idleTimeoutSeconds } }';

/** Signs in with the current code; returns the session token from the Set-Cookie header. */
export async function signInOperator(app: TestApp, operator: TestOperator): Promise<string> {
  const result = await operatorGql(app, SIGN_IN, { l: operator.loginName, p: operator.password, c: await totpCode(operator.secret) });
  const token = result.setCookie?.match(new RegExp(`${OPERATOR_COOKIE}=([^;]+)`))?.[1];
  if (!token) throw new Error(`operator sign-in failed: ${JSON.stringify(result.errors)}`);
  return token;
}
