// Durable jobs: a row per job with a cursor that is committed together with each batch of work.
// A batch runs in one transaction holding a transaction-level advisory lock on the job, so
//   - exactly one instance works a job at any moment (another instance's try-lock fails and it moves on);
//   - a process that dies mid-batch rolls the batch back with its cursor: the rerun repeats that
//     batch from the same cursor, so nothing is lost and nothing is done twice.
// The same SQL runs on PostgreSQL and PGlite (which has one connection, so batches serialise there).
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { rowsOf, sqlStateOf, type Database, type Executor } from '../database.js';
import { jobs } from '../schema.js';

/** The first key of every job lock (`pg_try_advisory_xact_lock(class, hashtext(job id))`). */
const JOB_LOCK_CLASS = 0x5eba0;

export type JobRow = typeof jobs.$inferSelect;
export type JobCursor = Record<string, unknown>;

export type StepResult = {
  /** Where the next batch starts; committed with this batch's work. */
  cursor: JobCursor;
  /** Rows this batch handled. */
  handled: number;
  done: boolean;
};

export type JobHandler = {
  kind: string;
  /**
   * Reads that a batch needs from outside its transaction (other modules' services read through
   * their own connection; on PGlite's one connection they could not run inside the batch).
   * Runs again on a retry, so it must not write.
   */
  load?(job: { id: string; payload: Record<string, unknown>; cursor: JobCursor | null }): Promise<unknown>;
  /** One batch, inside the job's transaction: do the work through `tx` only. */
  step(tx: Executor, job: { id: string; payload: Record<string, unknown>; cursor: JobCursor | null; loaded?: unknown }): Promise<StepResult>;
  /** After the last batch committed (outside the transaction). */
  finished?(job: JobRow): Promise<void>;
};

export type Schedule = { kind: string; everyMs: number; payload?: Record<string, unknown> };

export type JobRunnerOptions = {
  /** `kick()` starts a tick at once (default); off, jobs run only when ticked (tests). */
  autoKick?: boolean;
  /** A failing batch is retried this many times (with doubling delays) before the job is FAILED. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /**
   * Tests only: called inside a batch's transaction after the handler's work and before the
   * cursor is written. Throwing here is a process dying half-way through a batch.
   */
  beforeCommit?: (job: { id: string; kind: string }, batch: number) => void;
};

export type RunOptions = {
  /** Stop before the next batch (a process stopping between batches). */
  signal?: AbortSignal;
  /** At most this many batches in this call. */
  maxBatches?: number;
};

export type RunOutcome = 'DONE' | 'PENDING' | 'LOCKED' | 'FAILED' | 'RETRY';

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules: Schedule[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private batches = 0;

  constructor(
    private readonly db: Database,
    private readonly options: JobRunnerOptions = {},
  ) {}

  register(handler: JobHandler): this {
    this.handlers.set(handler.kind, handler);
    return this;
  }

  /** A periodic job: one per period across every instance (the key names the period). */
  every(schedule: Schedule): this {
    this.schedules.push(schedule);
    return this;
  }

  /** Queues a job (in the caller's transaction, if given). A job with the same key is not queued twice. */
  async enqueue(
    input: { kind: string; key: string; payload?: Record<string, unknown>; runAt?: Date },
    executor: Executor = this.db,
  ): Promise<string> {
    if (!this.handlers.has(input.kind)) throw new Error(`no handler for job kind ${input.kind}`);
    await executor
      .insert(jobs)
      .values({ kind: input.kind, key: input.key, payload: input.payload ?? {}, runAt: input.runAt ?? new Date() })
      .onConflictDoNothing({ target: jobs.key });
    const [row] = await executor.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, input.key));
    return row!.id;
  }

  job(id: string): Promise<JobRow | undefined> {
    return this.db
      .select()
      .from(jobs)
      .where(eq(jobs.id, id))
      .then((rows) => rows[0]);
  }

  /** Queues this period's scheduled jobs, then works every due job. Returns how many finished. */
  async tick(now = new Date(), options: RunOptions = {}): Promise<number> {
    for (const schedule of this.schedules) {
      const period = Math.floor(now.getTime() / schedule.everyMs);
      await this.enqueue({ kind: schedule.kind, key: `${schedule.kind}:${schedule.everyMs}:${period}`, payload: schedule.payload, runAt: now });
    }
    return this.runDue(now, options);
  }

  async runDue(now = new Date(), options: RunOptions = {}): Promise<number> {
    const due = await this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.state, ['QUEUED', 'RUNNING']), lte(jobs.runAt, now), inArray(jobs.kind, [...this.handlers.keys()])))
      .orderBy(jobs.runAt)
      .limit(100);
    let finished = 0;
    for (const { id } of due) {
      if (options.signal?.aborted) break;
      if ((await this.run(id, options)) === 'DONE') finished += 1;
    }
    return finished;
  }

  /** Works one job batch by batch until it is done, fails, is locked elsewhere or is told to stop. */
  async run(id: string, options: RunOptions = {}): Promise<RunOutcome> {
    for (let batch = 0; ; batch += 1) {
      if (options.signal?.aborted || (options.maxBatches !== undefined && batch >= options.maxBatches)) return 'PENDING';
      const outcome = await this.batch(id);
      if (outcome !== 'PENDING') return outcome;
    }
  }

  private async batch(id: string): Promise<RunOutcome> {
    let finishedRow: JobRow | undefined;
    try {
      const current = await this.job(id);
      if (!current || current.state === 'DONE') return 'DONE';
      if (current.state === 'FAILED') return 'FAILED';
      const handler = this.handlers.get(current.kind);
      if (!handler) return 'LOCKED';
      const loaded = handler.load ? await handler.load({ id, payload: current.payload, cursor: current.cursor }) : undefined;
      const outcome = await this.db.transaction(async (tx): Promise<RunOutcome> => {
        const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${JOB_LOCK_CLASS}, hashtext(${id})) as locked`));
        if (!lock?.locked) return 'LOCKED';
        const [job] = await tx.select().from(jobs).where(eq(jobs.id, id));
        if (!job || job.state === 'DONE') return 'DONE';
        if (job.state === 'FAILED') return 'FAILED';
        if (JSON.stringify(job.cursor) !== JSON.stringify(current.cursor)) return 'PENDING'; // another instance moved it on: load again
        const result = await handler.step(tx, { id: job.id, payload: job.payload, cursor: job.cursor, loaded });
        this.options.beforeCommit?.({ id: job.id, kind: job.kind }, (this.batches += 1));
        const now = new Date();
        const [updated] = await tx
          .update(jobs)
          .set({
            cursor: result.cursor,
            progress: job.progress + result.handled,
            state: result.done ? 'DONE' : 'RUNNING',
            updatedAt: now,
            finishedAt: result.done ? now : null,
            lastError: null,
          })
          .where(eq(jobs.id, id))
          .returning();
        if (result.done) finishedRow = updated;
        return result.done ? 'DONE' : 'PENDING';
      });
      if (finishedRow) await this.handlers.get(finishedRow.kind)?.finished?.(finishedRow);
      return outcome;
    } catch (error) {
      // The batch rolled back with its cursor. Count the attempt outside it; never store the message.
      const maxAttempts = this.options.maxAttempts ?? 5;
      const [row] = await this.db
        .update(jobs)
        .set({ attempts: sql`${jobs.attempts} + 1`, lastError: sqlStateOf(error) ?? (error instanceof Error ? error.name : 'Error'), updatedAt: new Date() })
        .where(eq(jobs.id, id))
        .returning({ attempts: jobs.attempts });
      const attempts = row?.attempts ?? maxAttempts;
      const failed = attempts >= maxAttempts;
      await this.db
        .update(jobs)
        .set(failed ? { state: 'FAILED' } : { runAt: new Date(Date.now() + (this.options.retryDelayMs ?? 30_000) * 2 ** (attempts - 1)) })
        .where(eq(jobs.id, id));
      return failed ? 'FAILED' : 'RETRY';
    }
  }

  /** Ticks every `intervalMs` in the background (one tick at a time); `kick` runs one now. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  kick(): void {
    if (this.running || this.options.autoKick === false) return;
    this.running = this.tick()
      .catch(() => {}) // a failed tick is retried by the next one; each job records its own failures
      .then(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
