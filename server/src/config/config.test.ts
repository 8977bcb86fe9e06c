import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({}, '/srv/shebao');
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1', port: 4000, databaseUrl: undefined, dataDir: '/srv/shebao/.data', seedDemo: true });
  });

  it('names every bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SHEBAO_SEED_DEMO: 'yes' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
      expect((error as Error).message).toMatch(/SHEBAO_SEED_DEMO/);
    }
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SHEBAO_DATA_KEY: required in production[\s\S]*SHEBAO_SIGNING_JWK: required in production/);
  });

  it('trusts no proxy by default, and refuses to trust every hop', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ SHEBAO_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ SHEBAO_TRUST_PROXY: 'true' })).toThrow(/SHEBAO_TRUST_PROXY: name the proxies/);
  });

  it('reads every limit from one object, with defaults, overridden in part by SHEBAO_LIMITS', () => {
    const defaults = loadConfig({}).limits;
    expect(defaults.requests).toMatchObject({ windowSeconds: 60, perAddress: 300, perAccount: 600, perPartnerPerson: 300 });
    expect(defaults.signIn.perNumber).toEqual({ free: 5, firstDelaySeconds: 30, maxDelaySeconds: 900, forgetAfterSeconds: 86_400 });
    const limits = loadConfig({ SHEBAO_LIMITS: '{"requests":{"perAddress":5},"cardLinking":{"perCard":{"free":2}}}' }).limits;
    expect(limits.requests).toEqual({ ...defaults.requests, perAddress: 5 });
    expect(limits.cardLinking.perCard).toEqual({ ...defaults.cardLinking.perCard, free: 2 });
    expect(() => loadConfig({ SHEBAO_LIMITS: '{"requests":{"perAdress":5}}' })).toThrow(/SHEBAO_LIMITS.requests: Unrecognized key/);
    expect(() => loadConfig({ SHEBAO_LIMITS: '{"requests":{"perAddress":0}}' })).toThrow(/SHEBAO_LIMITS.requests.perAddress/);
    expect(() => loadConfig({ SHEBAO_LIMITS: 'not json' })).toThrow(/SHEBAO_LIMITS: must be JSON/);
  });
});
