// The provider's endpoints are Fastify routes, so the product's rate limit (@fastify/rate-limit
// over the shared database counters) registered before them applies to them (it would not through
// middie); the product's other app-wide plugins (cookies, security headers) coexist with the mount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { cloneTestDatabase, startTestApp } from '../support/test-app.js';
import { createAccount, obtainTokens, partnerConfig, probe, registerTestPartner, startOAuthApp, testKeys, type OAuthTestApp } from './oauth-harness.js';

let database: DatabaseHandle;
let drop: () => Promise<void>;
let app: OAuthTestApp;

beforeAll(async () => {
  ({ database, drop } = await cloneTestDatabase());
  app = await startOAuthApp({ db: database.db, keys: await testKeys(), rateLimitMax: 20, productPlugins: true });
});
afterAll(async () => {
  await app?.close();
  await drop?.();
});

describe('rate limit on /oauth', () => {
  it('leaves a whole authorization within the limit working, with the security headers on provider responses', async () => {
    const partner = await registerTestPartner(database.db);
    const { tokens } = await obtainTokens(app, await partnerConfig(app, partner), await createAccount(database.db));
    expect((await probe(app, tokens.access_token)).status).toBe(200);
    const discovery = await fetch(`${app.url}/oauth/.well-known/openid-configuration`);
    expect(discovery.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers the token endpoint with 429 and Retry-After past the limit', async () => {
    const post = () =>
      fetch(`${app.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'nobody' }),
      });
    // Spend what the first test left of the budget, keeping the last three answers.
    const allowed: Response[] = [];
    for (;;) {
      const response = await post();
      if (response.status === 429) break;
      allowed.push(response);
    }
    allowed.splice(0, allowed.length - 3);
    for (const response of allowed) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(429);
      expect((await response.json()).error).toBeTruthy();
    }
    // The limiter's headers reach the provider's own responses through the hijack.
    expect(allowed[2]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(allowed[1]!.headers.get('x-ratelimit-remaining')).toBe('1');
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('rate limit on /oauth/token in the product', () => {
  it('holds with the product’s own plugin list and policy value', async () => {
    const product = await startTestApp({ env: { SHEBAO_LIMITS: JSON.stringify({ requests: { perAddress: 5 } }) } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const response = await fetch(`${product.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'demo-insurer' }),
        });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(5)).toEqual([429, 429]);
    } finally {
      await product.close();
    }
  });
});
