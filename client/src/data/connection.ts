// One open connection to the offline database per store object: opened lazily, given up when
// another context upgrades or deletes the database, and reopened once if closed under us.
import { openDB } from 'idb';
import type { StoreNotice } from '../sw-bridge/protocol';
import { DB_VERSION, OFFLINE_DB_NAME, upgrade, type OfflineDb, type OfflineSchema } from './schema';
import { announce } from './store-notices';

export interface ConnectionOptions {
  readonly name?: string;
  readonly now?: () => number;
  /** Suppress BroadcastChannel notices (unit tests of a single context). */
  readonly silent?: boolean;
}

export class Connection {
  readonly name: string;
  readonly now: () => number;
  private readonly silent: boolean;
  private dbPromise: Promise<OfflineDb> | null = null;
  /** The encryption key as last read (see encryption.ts); forgotten whenever the connection is. */
  keyCache: { keyId: string; key: CryptoKey } | null = null;

  constructor(options: ConnectionOptions = {}) {
    this.name = options.name ?? OFFLINE_DB_NAME;
    this.now = options.now ?? Date.now;
    this.silent = options.silent ?? false;
  }

  private reset(): void {
    this.dbPromise = null;
    this.keyCache = null;
  }

  private db(): Promise<OfflineDb> {
    if (!this.dbPromise) {
      this.dbPromise = openDB<OfflineSchema>(this.name, DB_VERSION, {
        upgrade: (db, oldVersion) => upgrade(db, oldVersion),
        // Another context wants to upgrade or delete the database: let it.
        blocking: (_cur, _next, event) => {
          (event.target as IDBDatabase).close();
          this.reset();
        },
        terminated: () => this.reset(),
      });
      this.dbPromise.catch(() => this.reset());
    }
    return this.dbPromise;
  }

  /** Runs fn, reopening once if the connection was closed under us (site data cleared, etc.). */
  async run<T>(fn: (db: OfflineDb) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.db());
    } catch (error) {
      if (error instanceof DOMException && error.name === 'InvalidStateError') {
        this.reset();
        return fn(await this.db());
      }
      throw error;
    }
  }

  notify(notice: StoreNotice): void {
    if (!this.silent) announce(notice);
  }

  close(): void {
    const p = this.dbPromise;
    this.reset();
    void p?.then((db) => db.close()).catch(() => undefined);
  }
}
