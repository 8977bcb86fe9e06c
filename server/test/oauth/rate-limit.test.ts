// The provider's endpoints are Fastify routes, so @fastify/rate-limit registered on the app
// applies to them (it would not through middie).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { cloneTestDatabase } from '../support/test-app.js';
import { startOAuthApp, testKeys, type OAuthTestApp } from './oauth-harness.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;
let app: OAuthTestApp;

beforeAll(async () => {
  ({ database, drop } = await cloneTestDatabase());
  app = await startOAuthApp({ db: database.db, keys: await testKeys(), rateLimitMax: 3 });
});
afterAll(async () => {
  await app?.close();
  await drop?.();
});

describe('rate limit on /oauth', () => {
  it('answers the token endpoint with 429 and Retry-After past the limit', async () => {
    const post = () =>
      fetch(`${app.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'nobody' }),
      });
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await post());
    for (const response of allowed) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(429);
      expect((await response.json()).error).toBeTruthy();
    }
    // The limiter's headers reach the provider's own responses through the hijack.
    expect(allowed[2]!.headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
