// Work by key that concurrent requests ask for at the same moment (every request reads its
// credential and counts against its budget), sent as one statement for all of them. A request
// only ever joins a statement that has not been sent yet: one that arrives while a statement is
// in flight waits for the next, so every answer was read after its request asked for it (a
// revocation committed before a request arrived is always seen). At most one statement in flight
// per queue; an idle queue sends at once.

/** One statement carries at most this many keys by default. */
const MAX_KEYS_PER_STATEMENT = 200;

/** The keys asked for while the previous statement was in flight, each with its waiters in arrival order. */
export type KeyedBatch<W> = [key: string, waiters: W[]][];

export class NextStatementQueue<W> {
  private pending = new Map<string, W[]>();
  private flushing = false;

  constructor(
    /** Sends one statement for the batch and settles every waiter in it. */
    private readonly send: (batch: KeyedBatch<W>) => Promise<void>,
    private readonly maxKeys = MAX_KEYS_PER_STATEMENT,
  ) {}

  enqueue(key: string, waiter: W): void {
    const waiters = this.pending.get(key);
    if (waiters) waiters.push(waiter);
    else this.pending.set(key, [waiter]);
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending].slice(0, this.maxKeys);
        for (const [key] of batch) this.pending.delete(key);
        await this.send(batch);
      }
    } finally {
      this.flushing = false;
    }
  }
}

type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/** Look-ups by key on a `NextStatementQueue`: the same key asked twice is read once. */
export class BatchedLookup<V> {
  private readonly queue: NextStatementQueue<Waiter<V>>;

  constructor(
    /** Reads the keys; a key missing from the map has no value (an unknown or revoked credential). */
    lookUp: (keys: string[]) => Promise<ReadonlyMap<string, V>>,
  ) {
    this.queue = new NextStatementQueue(async (batch) => {
      try {
        const found = await lookUp(batch.map(([key]) => key));
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
      } catch (error) {
        for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
      }
    });
  }

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => this.queue.enqueue(key, { resolve, reject }));
  }
}
