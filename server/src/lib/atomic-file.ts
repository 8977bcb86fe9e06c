// Files the server writes are written whole or not at all: a kill at any moment leaves either the
// old content or the new, never an empty or half-written file. The data goes to a temporary file
// in the same folder (same file system, so the final step is atomic), is flushed to disk, then
// renamed (or linked, for create-only) into place, and the folder itself is flushed so the new
// name survives a power cut too.
import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { crashPoint } from './crash-point.js';

export type AtomicWriteOptions = {
  /** Permission bits of the new file, e.g. 0o600 for secrets. */
  mode?: number;
  /** Create only: fail with EEXIST when the file exists (another process won the race) instead of replacing it. */
  exclusive?: boolean;
};

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await removeAbandoned(dir, path.basename(file));
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  crashPoint('atomic-write:before-rename');
  try {
    // link() refuses an existing name, so of two racing writers exactly one creates the file.
    if (options.exclusive) await link(temporary, file);
    else await rename(temporary, file);
  } finally {
    // After link() the temporary name remains; after a failed rename, the temporary file does.
    await unlink(temporary).catch(() => {});
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic.
    if (!['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** Temporary files of writers that were killed before their rename: their process is gone. */
async function removeAbandoned(dir: string, name: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(`.${name}.`) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(name.length + 2).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await unlink(path.join(dir, entry)).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
