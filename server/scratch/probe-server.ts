import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/index.js';
const dir = '/tmp/perim/data';
// first a dev config to create the secrets, then production with them
const dev = loadConfig({ NODE_ENV: 'development', SHEBAO_DATA_DIR: dir, PORT: '0', SHEBAO_LOG_LEVEL: 'silent' });
const { loadSecrets } = await import('../src/config/secrets.js');
await loadSecrets(dev);
const s = JSON.parse(await readFile(`${dir}/secrets.json`, 'utf8'));
const config = loadConfig({ NODE_ENV: 'production', SHEBAO_DATA_DIR: dir, PORT: process.env.PORT ?? '4555', SHEBAO_LOG_LEVEL: 'info',
  SHEBAO_DATA_KEY: s.dataKey, SHEBAO_HASH_KEY: s.hashKey, SHEBAO_SIGNING_JWK: JSON.stringify(s.signingJwk), SHEBAO_CLIENT_DIST: '/nonexistent', ...JSON.parse(process.env.EXTRA ?? '{}') });
const app = await createApp(config);
console.log('LISTEN', await app.listen());
