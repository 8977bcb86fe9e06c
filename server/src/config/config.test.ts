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
});
