// Whether the database can be reached, as requests find out. While it cannot, every request is
// answered at once with 503 and Retry-After (http/plugins/database-gate.ts) instead of waiting on
// a connection that will not come; a probe finds its return. One warning when it goes, one when
// it is back: the outage is in the log exactly once.
import { RETRY_AFTER_SECONDS } from '../lib/errors.js';

/** Driver and socket errors that mean no connection to the database (postgres.js names them). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs of a server that is going, gone or not yet accepting: class 08 and shutdowns. */
const UNREACHABLE_STATE = /^(08...|57P0[1-3])$/;
/** Worth retrying but not an outage: statement timeout or cancel, out of connections or resources. */
const TRANSIENT_STATE = /^(57014|53...)$/;

/** The error and its causes (drizzle wraps the driver's error in `cause`). */
function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown; name?: unknown }> {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    yield current as { code?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/** No connection to the database: the driver could not connect, or the server went away. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (const link of chain(error)) {
    if (typeof link.code === 'string' && (UNREACHABLE_CODES.has(link.code) || UNREACHABLE_STATE.test(link.code))) return true;
    // PGlite in-process: closed, or its WebAssembly instance aborted.
    if (link instanceof WebAssembly.RuntimeError) return true;
    if (typeof link.message === 'string' && /^PGlite is closed/.test(link.message)) return true;
  }
  return false;
}

/** The database could not answer now, and a retry later may succeed: a 503, never a 500. */
export function isDatabaseTransient(error: unknown): boolean {
  if (isDatabaseUnreachable(error)) return true;
  for (const link of chain(error)) if (typeof link.code === 'string' && TRANSIENT_STATE.test(link.code)) return true;
  return false;
}

export type AvailabilityLog = { warn(details: Record<string, unknown>, message: string): void };

export type AvailabilityOptions = {
  ping: () => Promise<void>;
  log: AvailabilityLog;
  /** How often a down database is probed; with the driver's capped back-off, recovery takes well under a second. */
  probeIntervalMs?: number;
  /** A probe that takes longer counts as failed. */
  probeTimeoutMs?: number;
  /** The database is back: whatever may have been missed meanwhile (a NOTIFY) is reloaded. */
  onAvailable?: () => void;
};

export class DatabaseAvailability {
  #down = false;
  #downSince = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #confirming = false;
  readonly #ping: () => Promise<void>;
  readonly #log: AvailabilityLog;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #onAvailable: (() => void) | undefined;

  constructor(options: AvailabilityOptions) {
    this.#onAvailable = options.onAvailable;
    this.#ping = options.ping;
    this.#log = options.log;
    this.#intervalMs = options.probeIntervalMs ?? 200;
    this.#timeoutMs = options.probeTimeoutMs ?? 500;
  }

  get down(): boolean {
    return this.#down;
  }

  /**
   * Reports an error a request met; true when it means the database is out of reach. The outage
   * is declared only when a fresh probe fails too: a request that queued during an outage may
   * fail just after the database came back, and must not start a second one.
   */
  observe(error: unknown): boolean {
    if (!isDatabaseUnreachable(error)) return false;
    if (!this.#down && !this.#confirming) {
      this.#confirming = true;
      void this.#probeOnce()
        .then((reachable) => reachable || this.#markDown())
        .finally(() => (this.#confirming = false));
    }
    return true;
  }

  /** A bounded ping, for /readyz: never waits longer than the probe timeout. */
  async check(): Promise<boolean> {
    if (this.#down) return false;
    if (await this.#probeOnce()) return true;
    this.observe(Object.assign(new Error('readiness probe failed'), { code: 'CONNECT_TIMEOUT' }));
    return false;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #markDown(): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#downSince = Date.now();
    this.#log.warn({ event: 'database.unavailable', retryAfterSeconds: RETRY_AFTER_SECONDS }, 'database unreachable: answering 503 until it returns');
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => void this.#probe(), this.#intervalMs);
    this.#timer.unref();
  }

  async #probeOnce(): Promise<boolean> {
    try {
      await withTimeout(this.#ping(), this.#timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  async #probe(): Promise<void> {
    if (!(await this.#probeOnce())) return this.#schedule();
    this.#down = false;
    this.#log.warn({ event: 'database.available', downForMs: Date.now() - this.#downSince }, 'database reachable again');
    this.#onAvailable?.();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('database probe timed out'), { code: 'CONNECT_TIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
