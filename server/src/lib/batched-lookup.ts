// Look-ups by key that concurrent requests make at the same moment (every request reads its
// credential), answered by one statement for all of them. A look-up only ever joins a statement
// that has not been sent yet: one asked while a statement is in flight waits for the next, so
// every answer was read after its request asked for it (a revocation committed before a request
// arrived is always seen). At most one statement in flight per instance; an idle instance sends
// at once; the same key asked twice is read once.

type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/** One statement reads at most this many keys. */
const MAX_KEYS_PER_STATEMENT = 200;

export class BatchedLookup<V> {
  private pending = new Map<string, Waiter<V>[]>();
  private flushing = false;

  constructor(
    /** Reads the keys; a key missing from the map has no value (an unknown or revoked credential). */
    private readonly lookUp: (keys: string[]) => Promise<ReadonlyMap<string, V>>,
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending].slice(0, MAX_KEYS_PER_STATEMENT);
        for (const [key] of batch) this.pending.delete(key);
        try {
          const found = await this.lookUp(batch.map(([key]) => key));
          for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
        } catch (error) {
          for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
