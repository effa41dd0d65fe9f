/**
 * Group commit for the SQLite backend: the writes asked for during one turn of the event loop run in one
 * `BEGIN IMMEDIATE` transaction at the end of that turn (`setImmediate`). A commit, not the statements in it,
 * is what a write costs here (about 150 µs: the WAL frames, the lock calls), and a worker under load starts
 * several requests per turn, each with its MessageID and, for a renewable token, its issued-token record.
 *
 * - Each write is still atomic and sees every write before it, in the batch or not (one connection, one
 *   transaction, in order): two claims of one key in one batch give true, then false.
 * - A write's own refusal (`StateStoreError`, e.g. the store is full) answers that write only; the others
 *   commit. Any other error (the file locked past the busy timeout, a disk error) rolls the whole batch back
 *   and refuses every write in it: nothing is reported done that was not committed.
 */
import { StateStoreError } from '@sts/sdk';

interface Pending {
  readonly write: () => unknown;
  readonly ok: (value: unknown) => void;
  readonly fail: (error: unknown) => void;
}

type Outcome = { readonly value: unknown } | { readonly refusal: StateStoreError };

export class WriteBatch {
  private pending: Pending[] = [];
  private scheduled = false;

  /**
   * @param commit runs its argument in one write transaction (and may retry it while the file is locked).
   */
  constructor(private readonly commit: (writes: () => Outcome[]) => Outcome[]) {}

  /** Queues a write for the end of this turn; resolves with what it returned once the batch committed. */
  add<T>(write: () => T): Promise<T> {
    return new Promise<T>((ok, fail) => {
      this.pending.push({ write, ok: ok as (value: unknown) => void, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (also called before the database closes). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(() => batch.map(runOne));
    } catch (error) {
      for (const entry of batch) entry.fail(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i]!;
      if ('refusal' in outcome) entry.fail(outcome.refusal);
      else entry.ok(outcome.value);
    });
  }
}

function runOne(entry: Pending): Outcome {
  try {
    return { value: entry.write() };
  } catch (error) {
    // Refusals are decided before a write changes anything (admitRow), so the batch can go on.
    if (error instanceof StateStoreError) return { refusal: error };
    throw error;
  }
}
