// postgres.js keeps its connections and waiting queries in `src/queue.js`, patched here
// (patches/postgres@3.4.9.patch) so that a queue that never empties — every connection always
// busy — drops the slots it has shifted out instead of keeping and scanning them for good. The
// patch must not change what the queue does: first in, first out, and `remove` finding only what
// is still queued.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type Queue<T> = { readonly length: number; push(x: T): T; shift(): T | undefined; remove(x: T): T | null };

async function driverQueue(): Promise<<T>() => Queue<T>> {
  // The package exports only its entry point; the queue sits beside it.
  const entry = createRequire(import.meta.url).resolve('postgres');
  const file = path.join(path.dirname(entry), 'queue.js');
  return ((await import(pathToFileURL(file).href)) as { default: <T>() => Queue<T> }).default;
}

describe("the driver's queue (patched)", () => {
  it('stays first in, first out through a long run that never empties it, with removals on the way', async () => {
    const Queue = await driverQueue();
    const queue = Queue<number>();
    const expected: number[] = [];
    let next = 0;
    // Always three or more waiting, as with every connection busy: the queue never empties.
    for (; next < 3; next++) expected.push(queue.push(next));
    for (let round = 0; round < 10_000; round++) {
      expect(queue.shift()).toBe(expected.shift());
      expected.push(queue.push(next++));
      if (round % 7 === 0) {
        // A connection that closes is removed wherever it waits.
        const gone = expected.splice(1, 1)[0]!;
        expect(queue.remove(gone)).toBe(gone);
        expected.push(queue.push(next++));
      }
      expect(queue.length).toBe(expected.length);
    }
    while (expected.length > 0) expect(queue.shift()).toBe(expected.shift());
    expect(queue.length).toBe(0);
  });

  it('does not find what was already shifted out', async () => {
    const Queue = await driverQueue();
    const queue = Queue<object>();
    const [a, b, c] = [{}, {}, {}];
    queue.push(a);
    queue.push(b);
    queue.push(c);
    expect(queue.shift()).toBe(a);
    expect(queue.remove(a)).toBeNull();
    expect(queue.remove(c)).toBe(c);
    expect(queue.length).toBe(1);
    expect(queue.shift()).toBe(b);
  });
});
