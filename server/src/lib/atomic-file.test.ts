import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces a file whole, with the mode asked for, and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, '{"new":true}', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('{"new":true}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('create-only: of two writers exactly one wins and the file is never replaced', async () => {
    const file = path.join(dir, 'secrets.json');
    const results = await Promise.allSettled([writeFileAtomic(file, 'first', { exclusive: true }), writeFileAtomic(file, 'second', { exclusive: true })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'EEXIST' } });
    expect(['first', 'second']).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  it('removes what a killed writer left behind, not what a live one is writing', async () => {
    await writeFile(path.join(dir, '.b.json.999999999.0123456789ab.tmp'), 'half');
    await writeFile(path.join(dir, `.b.json.${process.ppid}.0123456789ab.tmp`), 'in progress');
    await writeFileAtomic(path.join(dir, 'b.json'), 'whole');
    expect((await readdir(dir)).sort()).toEqual([`.b.json.${process.ppid}.0123456789ab.tmp`, 'b.json']);
  });
});
