/**
 * Checkpoints the SQLite state file on the workers' behalf (https://sqlite.org/wal.html#checkpointing).
 *
 * In WAL mode every commit appends pages to the `-wal` file; a checkpoint copies them back into the database
 * and fsyncs it. Left to SQLite, the commit that takes the WAL past 1,000 pages does that itself, and the
 * worker that committed (its event loop, every request on it) waits for the copy and the fsync. The primary
 * runs this instead, in a thread of its own (process/checkpoint-thread.ts): it serves no requests, and a
 * PASSIVE checkpoint never blocks a reader or a writer (it
 * copies what no reader still needs and leaves the rest for the next run; see RESTART_AFTER_PAGES for how the WAL
 * is kept from growing). Workers then open the file with
 * `checkpoints: 'external'` (sqlite-state-store.ts), which keeps a far larger automatic threshold as a backstop.
 *
 * The file is opened lazily: on a first start the workers create it (and switch it to WAL) after the primary
 * has started. A run that fails (a disk error) is counted and logged once per outage; the next run tries again.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '@sts/sdk';

/** How often the primary runs one: often enough that each run copies a few MB at the full issuing rate of two workers (about 8 pages a token). */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The WAL size (16 MB of 4 KB pages) past which a run also makes the next writer start the WAL over. A PASSIVE
 * run alone never does under steady load: SQLite restarts the WAL only when a writer begins while every frame
 * is already copied, and commits keep landing while a run copies (measured: the WAL grew to 15,000 pages, 60 MB,
 * in 6 s at 500 tokens/s). RESTART holds off writers until the readers are done with the WAL; right after a
 * PASSIVE run that leaves only the frames of the last few milliseconds to copy.
 */
export const RESTART_AFTER_PAGES = 4096;

/** How long a RESTART run waits for a writer or reader to finish before it gives up until the next run. */
const RESTART_BUSY_TIMEOUT_MS = 100;

export interface CheckpointResult {
  /** Pages in the WAL when the checkpoint ran. */
  readonly walPages: number;
  /** Of those, the pages now copied into the database file. */
  readonly checkpointedPages: number;
  /** True when the run was also a RESTART: the next commit starts the WAL from its beginning. */
  readonly restarted?: boolean;
}

export interface SqliteCheckpointerOptions {
  readonly logger: Logger;
  /** Told of each checkpoint run: its result, or the error it failed with. */
  readonly onRun?: (outcome: { readonly result?: CheckpointResult; readonly error?: Error; readonly seconds: number }) => void;
}

export class SqliteCheckpointer {
  private db: Database.Database | undefined;
  private failing = false;

  constructor(
    readonly file: string,
    private readonly options: SqliteCheckpointerOptions,
  ) {}

  /** One PASSIVE checkpoint, and a RESTART when the WAL is large; undefined while the file does not exist yet. Never throws. */
  run(): CheckpointResult | undefined {
    const started = process.hrtime.bigint();
    try {
      const db = this.open();
      if (db === undefined) return undefined;
      let result = checkpoint(db, 'PASSIVE');
      if (result.walPages >= RESTART_AFTER_PAGES) result = { ...checkpoint(db, 'RESTART'), restarted: true };
      this.report({ result }, started);
      if (this.failing) this.options.logger.info({ file: this.file }, 'state checkpoint: working again');
      this.failing = false;
      return result;
    } catch (error) {
      this.report({ error: error as Error }, started);
      if (!this.failing) this.options.logger.warn({ file: this.file, err: (error as Error).message }, 'state checkpoint failed: workers checkpoint themselves past the backstop');
      this.failing = true;
      this.closeFile();
      return undefined;
    }
  }

  close(): void {
    this.closeFile();
  }

  private open(): Database.Database | undefined {
    if (this.db?.open) return this.db;
    // Never creates the file: the workers do, with the schema and WAL mode.
    if (!existsSync(this.file)) return undefined;
    this.db = new Database(this.file, { fileMustExist: true, timeout: RESTART_BUSY_TIMEOUT_MS });
    return this.db;
  }

  private closeFile(): void {
    if (this.db?.open) this.db.close();
    this.db = undefined;
  }

  private report(outcome: { result?: CheckpointResult; error?: Error }, started: bigint): void {
    this.options.onRun?.({ ...outcome, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
}

/** `PRAGMA wal_checkpoint(MODE)`: its row is (busy, log, checkpointed); -1 when the file is not in WAL mode. */
function checkpoint(db: Database.Database, mode: 'PASSIVE' | 'RESTART'): CheckpointResult {
  const [row] = db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
  return { walPages: Math.max(row?.log ?? 0, 0), checkpointedPages: Math.max(row?.checkpointed ?? 0, 0) };
}
