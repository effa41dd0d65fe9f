/**
 * Group commit for the SQLite backend: the writes asked for during one turn of the event loop run in one
 * `BEGIN IMMEDIATE` transaction at the end of that turn (`setImmediate`). A commit, not the statements in it,
 * is what a write costs here (about 150 µs: the WAL frames, the lock calls), and a worker under load starts
 * several requests per turn, each with its MessageID and, for a renewable token, its issued-token record.
 *
 * - Each write is still atomic and sees every write before it, in the batch or not (one connection, one
 *   transaction, in order): two claims of one key in one batch give true, then false.
 * - A write's own refusal (`StateStoreError`, e.g. the store is full) answers that write only; the others
 *   commit. Any other error (a disk error, the file locked past the patience) rolls the whole batch back
 *   and refuses every write in it: nothing is reported done that was not committed.
 * - While another process holds the file's write lock (the other worker's commit, the primary's checkpoint),
 *   the batch waits off the event loop: it is tried again on a later turn, and the worker serves its other
 *   requests meanwhile (their writes join the waiting batch). SQLite's own busy handler would sleep the whole
 *   worker instead: measured in the half-load bench, both workers slept 18–34 ms every 1.5 s while the
 *   primary's checkpoint restarted the WAL (README "Performance", what stands in the way, item 4).
 */
import { StateStoreError } from '@sts/sdk';
import { sleepSync } from './sleep-sync.js';

interface Pending {
  readonly write: () => unknown;
  readonly ok: (value: unknown) => void;
  readonly fail: (error: unknown) => void;
  /** Date.now() past which the write is refused rather than tried again. */
  readonly deadline: number;
}

export type WriteOutcome = { readonly value: unknown } | { readonly refusal: StateStoreError };

export interface BusyRetry {
  /** True for an error that means the lock is held by someone else now: the batch is tried again. */
  readonly isBusy: (error: unknown) => boolean;
  /** How long a write may wait for the lock before it is refused with the busy error. */
  readonly patienceMs: number;
}

/** Tries on the next turns first (another worker's commit holds the lock for about 150 µs), then every millisecond. */
const IMMEDIATE_TRIES = 2;
const RETRY_EVERY_MS = 1;

export class WriteBatch {
  private pending: Pending[] = [];
  private scheduled = false;
  private busyTries = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  /**
   * @param commit runs its argument in one write transaction; it throws what the commit threw.
   * @param retry when given, a busy commit is tried again on a later turn until each write's patience runs out.
   */
  constructor(
    private readonly commit: (writes: () => WriteOutcome[]) => WriteOutcome[],
    private readonly retry?: BusyRetry,
  ) {}

  /** Queues a write for the end of this turn; resolves with what it returned once the batch committed. */
  add<T>(write: () => T): Promise<T> {
    return new Promise<T>((ok, fail) => {
      const deadline = this.retry ? Date.now() + this.retry.patienceMs : 0;
      this.pending.push({ write, ok: ok as (value: unknown) => void, fail, deadline });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.attempt());
      }
    });
  }

  /**
   * Commits what is queued now, waiting (blocking this thread) while the lock is held: only for closing the
   * database, when there is no later turn to wait for.
   */
  flush(): void {
    this.cancelRetry();
    while (this.pending.length > 0) {
      this.attempt();
      if (this.pending.length > 0) {
        this.cancelRetry();
        sleepSync(RETRY_EVERY_MS);
      }
    }
  }

  private attempt(): void {
    this.scheduled = false;
    this.retryTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: WriteOutcome[];
    try {
      outcomes = this.commit(() => batch.map(runOne));
    } catch (error) {
      if (this.retry?.isBusy(error)) this.wait(batch, error);
      else for (const entry of batch) entry.fail(error);
      return;
    }
    this.busyTries = 0;
    batch.forEach((entry, i) => {
      const outcome = outcomes[i]!;
      if ('refusal' in outcome) entry.fail(outcome.refusal);
      else entry.ok(outcome.value);
    });
  }

  /** The lock is held: refuses the writes out of patience, puts the others back first in line, tries later. */
  private wait(batch: Pending[], error: unknown): void {
    const now = Date.now();
    const waiting: Pending[] = [];
    for (const entry of batch) {
      if (entry.deadline <= now) entry.fail(error);
      else waiting.push(entry);
    }
    this.pending = waiting.concat(this.pending);
    if (this.pending.length === 0) {
      this.busyTries = 0;
      return;
    }
    this.scheduled = true;
    if (++this.busyTries <= IMMEDIATE_TRIES) setImmediate(() => this.attempt());
    else this.retryTimer = setTimeout(() => this.attempt(), RETRY_EVERY_MS);
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function runOne(entry: Pending): WriteOutcome {
  try {
    return { value: entry.write() };
  } catch (error) {
    // Refusals are decided before a write changes anything (admitRow), so the batch can go on.
    if (error instanceof StateStoreError) return { refusal: error };
    throw error;
  }
}
