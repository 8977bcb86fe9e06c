// One round of load, run by `run.ts` in its own process pinned to the other core: autocannon
// against one server with one scenario's requests, every response checked. Reads the round's
// spec (JSON) from the file named in argv[2]; prints the result as one JSON line.
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export type RecordedRequest = { method: 'POST' | 'GET'; path: string; headers: Record<string, string>; body?: string };

export type RoundSpec = {
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Sent in order by every connection, over and over. */
  requests: RecordedRequest[];
  /**
   * Per-connection state: `bearer` gives connection i the i-th token's requests in turn (one
   * person each, or spread); `refresh` runs a refresh-token chain per connection (tokens rotate).
   */
  pool?:
    | { kind: 'bearer'; tokens: string[] }
    | { kind: 'cookie'; cookies: string[] }
    | { kind: 'refresh'; refreshTokens: string[]; clientId: string; audience: string; privateJwk: Record<string, unknown>; kid: string };
};

export type RoundResult = {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  failed: number;
  /** The first few failures' status and start of body, to say what failed. */
  failures: string[];
};

/** autocannon resets a connection's context after each pass over the requests: state lasts one pass. */
type ConnectionContext = { slot?: number };

/** A GraphQL answer fails when it is not 2xx, has no data, or carries an error other than a field's FORBIDDEN. */
function graphqlFailed(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return true;
  if (!body.includes('"errors"')) return false;
  const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return parsed.data == null || (parsed.errors ?? []).some((e) => e.extensions?.code !== 'FORBIDDEN');
}

function clientAssertion(key: KeyObject, kid: string, clientId: string, audience: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${encode({ alg: 'ES256', kid, typ: 'JWT' })}.${encode({ iss: clientId, sub: clientId, aud: audience, jti: randomUUID(), iat: now, exp: now + 60 })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

export async function runRound(spec: RoundSpec): Promise<RoundResult> {
  let failed = 0;
  const failures: string[] = [];
  let slots = 0;
  let turn = 0;
  const pool = spec.pool;
  // Refresh tokens rotate: each request takes one, and its answer puts the next one back. With as
  // many chains as connections, a connection always finds one.
  const spare = pool?.kind === 'refresh' ? [...pool.refreshTokens] : [];
  const key = pool?.kind === 'refresh' ? createPrivateKey({ key: pool.privateJwk as never, format: 'jwk' }) : undefined;
  const isToken = pool?.kind === 'refresh';

  const requests: autocannon.Request[] = spec.requests.map((recorded) => ({
    method: recorded.method,
    path: recorded.path,
    headers: recorded.headers,
    body: recorded.body,
    setupRequest: (request: autocannon.Request, context: ConnectionContext) => {
      context.slot ??= slots++;
      if (!pool) return request;
      if (pool.kind === 'bearer') {
        const token = pool.tokens[turn++ % pool.tokens.length]!;
        return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
      }
      if (pool.kind === 'cookie') {
        return { ...request, headers: { ...request.headers, cookie: pool.cookies[context.slot % pool.cookies.length]! } };
      }
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: spare.pop() ?? 'none-left',
        client_id: pool.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion(key!, pool.kid, pool.clientId, pool.audience),
      });
      return { ...request, body: form.toString() };
    },
    onResponse: (status: number, body: string) => {
      let bad: boolean;
      if (isToken) {
        bad = status !== 200;
        if (!bad) spare.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
      } else {
        bad = graphqlFailed(status, body);
      }
      if (bad) {
        failed += 1;
        if (failures.length < 5) failures.push(`${status} ${body.slice(0, 200)}`);
      }
    },
  }));

  // No warm-up for refresh chains: a round ends with requests in flight, so a chain's last token
  // may be spent unseen; every token round gets fresh grants instead.
  if (spec.warmupSeconds > 0 && !isToken) {
    await autocannon({ url: spec.url, connections: spec.connections, duration: spec.warmupSeconds, requests });
    failed = 0;
    failures.length = 0;
    slots = 0;
  }
  const result = await autocannon({ url: spec.url, connections: spec.connections, duration: spec.durationSeconds, requests });
  return {
    requests: result.requests.total,
    rps: result.requests.total / spec.durationSeconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    failed: failed + result.errors + result.timeouts,
    failures,
  };
}

if (process.argv[2]) {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as RoundSpec;
  runRound(spec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
