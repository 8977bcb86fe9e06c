import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { loadSecrets } from './secrets.js';

describe('development secrets in the data folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const config = () => loadConfig({ SHEBAO_DATA_DIR: dir });

  it('are generated once and kept', async () => {
    const first = await loadSecrets(config());
    const stored = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    const second = await loadSecrets(config());
    expect(second.keyring.publicJwks()).toEqual(first.keyring.publicJwks());
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toBe(stored);
  });

  it('refuses an empty or damaged file by name, saying what to do, without overwriting it', async () => {
    for (const damaged of ['', '{"dataKey":', '{"dataKey":"x"}']) {
      await writeFile(path.join(dir, 'secrets.json'), damaged);
      const error = await loadSecrets(config()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(damaged === '' ? /secrets\.json is empty/ : /secrets\.json is damaged/);
      expect((error as Error).message).toMatch(/restore it from a backup/);
      expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toBe(damaged);
    }
  });
});
