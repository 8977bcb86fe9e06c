import { describe, expect, it } from 'vitest';
import { BatchedLookup } from './batched-lookup.js';

/** A look-up whose statements the test answers by hand, in order. */
function manualStatements(values: Record<string, number>) {
  const sent: { keys: string[]; answer: () => void; fail: (error: Error) => void }[] = [];
  const lookup = new BatchedLookup<number>(
    (keys) =>
      new Promise((resolve, reject) => {
        sent.push({ keys, answer: () => resolve(new Map(keys.filter((k) => k in values).map((k) => [k, values[k]!]))), fail: reject });
      }),
  );
  return { lookup, sent };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedLookup', () => {
  it('sends at once when idle, and reads what arrives meanwhile in one next statement, each key once', async () => {
    const { lookup, sent } = manualStatements({ a: 1, b: 2 });
    const first = lookup.get('a');
    expect(sent.map((s) => s.keys)).toEqual([['a']]);
    const waiting = [lookup.get('b'), lookup.get('a'), lookup.get('b'), lookup.get('unknown')];
    await tick();
    expect(sent).toHaveLength(1); // nothing joins the statement in flight
    sent[0]!.answer();
    expect(await first).toBe(1);
    await tick();
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['b', 'a', 'unknown']]);
    sent[1]!.answer();
    expect(await Promise.all(waiting)).toEqual([2, 1, 2, undefined]);
  });

  it('answers a look-up asked while a statement is in flight only from a statement sent after it', async () => {
    const { lookup, sent } = manualStatements({ session: 1 });
    void lookup.get('session');
    let answered = false;
    const asked = lookup.get('session').then((value) => ((answered = true), value));
    sent[0]!.answer();
    await tick();
    expect(answered).toBe(false); // the same key, but the answer in flight may predate the request
    expect(sent).toHaveLength(2);
    sent[1]!.answer();
    expect(await asked).toBe(1);
  });

  it('fails only the look-ups of the statement that failed', async () => {
    const { lookup, sent } = manualStatements({ a: 1 });
    const failing = lookup.get('a');
    const next = lookup.get('a');
    sent[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    sent[1]!.answer();
    expect(await next).toBe(1);
  });

  it('splits a crowd into statements of at most 200 keys', async () => {
    const { lookup, sent } = manualStatements({});
    void lookup.get('first');
    const crowd = Array.from({ length: 450 }, (_, i) => lookup.get(`k${i}`));
    for (let i = 0; i < 4; i++) {
      sent[i]!.answer();
      await tick();
    }
    expect(sent.map((s) => s.keys.length)).toEqual([1, 200, 200, 50]);
    expect(await Promise.all(crowd)).toEqual(Array(450).fill(undefined));
  });
});
