import { describe, expect, it, vi } from 'vitest';
import { DatabaseAvailability, isDatabaseTransient, isDatabaseUnreachable } from './availability.js';

/** How drizzle wraps a driver error. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select …'), { cause });

describe('which database errors are an outage', () => {
  it('knows the drivers’ connection failures and the server’s shutdown states, through drizzle’s wrapper', () => {
    for (const code of ['ECONNREFUSED', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03', '08006']) {
      expect(isDatabaseUnreachable(wrapped(Object.assign(new Error('x'), { code })))).toBe(true);
    }
    expect(isDatabaseUnreachable(wrapped(Object.assign(new Error('x'), { code: '23505' })))).toBe(false);
    expect(isDatabaseUnreachable(new Error('boom'))).toBe(false);
  });

  it('treats a closed or aborted embedded database as unreachable (test/database-outage.test.ts closes a real one)', () => {
    expect(isDatabaseUnreachable(wrapped(new Error('PGlite is closed')))).toBe(true);
    expect(isDatabaseUnreachable(wrapped(new WebAssembly.RuntimeError('unreachable')))).toBe(true);
  });

  it('answers a statement timeout or exhausted resources with 503 without calling it an outage', () => {
    for (const code of ['57014', '53300']) {
      const error = wrapped(Object.assign(new Error('x'), { code }));
      expect(isDatabaseTransient(error)).toBe(true);
    }
    expect(isDatabaseUnreachable(wrapped(Object.assign(new Error('x'), { code: '57014' })))).toBe(false);
    expect(isDatabaseTransient(wrapped(Object.assign(new Error('x'), { code: '22P02' })))).toBe(false);
  });
});

describe('DatabaseAvailability', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

  it('goes down once, logs once each way, and comes back when a probe succeeds', async () => {
    let reachable = false;
    const warn = vi.fn();
    const ping = async () => {
      if (!reachable) throw refused;
    };
    const onAvailable = vi.fn();
    const tracker = new DatabaseAvailability({ ping, log: { warn }, probeIntervalMs: 10, onAvailable });
    for (let i = 0; i < 20; i += 1) expect(tracker.observe(wrapped(refused))).toBe(true);
    await vi.waitFor(() => expect(tracker.down).toBe(true));
    tracker.observe(refused);
    expect(await tracker.check()).toBe(false);
    reachable = true;
    await vi.waitFor(() => expect(tracker.down).toBe(false));
    expect(warn.mock.calls.map(([details]) => (details as { event: string }).event)).toEqual(['database.unavailable', 'database.available']);
    expect(onAvailable).toHaveBeenCalledTimes(1);
    tracker.close();
  });

  it('does not declare an outage for a stale failure when the database answers', async () => {
    const warn = vi.fn();
    const tracker = new DatabaseAvailability({ ping: async () => {}, log: { warn } });
    expect(tracker.observe(wrapped(refused))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracker.down).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    expect(await tracker.check()).toBe(true);
    tracker.close();
  });

  it('bounds a readiness check that hangs', async () => {
    const tracker = new DatabaseAvailability({ ping: () => new Promise(() => {}), log: { warn: () => {} }, probeTimeoutMs: 50 });
    const began = Date.now();
    expect(await tracker.check()).toBe(false);
    expect(Date.now() - began).toBeLessThan(1_000);
    tracker.close();
  });
});
