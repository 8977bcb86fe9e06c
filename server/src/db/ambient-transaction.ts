// A transaction that code written against a plain `Executor` joins without being handed it:
// oidc-provider calls its storage adapter on its own, so a consent-ledger write and the provider's
// grant save can share one transaction only if the adapter finds the transaction in the async
// context. Outside `inTransaction` the executor is the database itself.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Executor } from './database.js';

const active = new AsyncLocalStorage<Executor>();

/** Runs `work` with `tx` as the executor every `ambientExecutor` resolves to. */
export function inTransaction<T>(tx: Executor, work: () => Promise<T>): Promise<T> {
  return active.run(tx, work);
}

/** An executor that is the active `inTransaction` transaction when there is one, else `db`. */
export function ambientExecutor(db: Executor): Executor {
  return new Proxy(db, {
    get(target, property) {
      const executor = active.getStore() ?? target;
      const value: unknown = Reflect.get(executor, property);
      return typeof value === 'function' ? value.bind(executor) : value;
    },
  });
}
