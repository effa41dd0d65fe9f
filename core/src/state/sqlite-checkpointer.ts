/**
 * Checkpoints the SQLite state file on the workers' behalf (https://sqlite.org/wal.html#checkpointing).
 *
 * In WAL mode every commit appends pages to the `-wal` file; a checkpoint copies them back into the database
 * and fsyncs it. Left to SQLite, the commit that takes the WAL past 1,000 pages does that itself, and the
 * worker that committed (its event loop, every request on it) waits for the copy and the fsync. The primary
 * runs this instead: it serves no requests, and a PASSIVE checkpoint never blocks a reader or a writer (it
 * copies what no reader still needs and leaves the rest for the next run). Workers then open the file with
 * `checkpoints: 'external'` (sqlite-state-store.ts), which keeps a far larger automatic threshold as a backstop.
 *
 * The file is opened lazily: on a first start the workers create it (and switch it to WAL) after the primary
 * has started. A run that fails (a disk error) is counted and logged once per outage; the next run tries again.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '@sts/sdk';

/** Often enough that the WAL stays a few MB at the full issuing rate of two workers (about 8 pages a token). */
export const CHECKPOINT_INTERVAL_MS = 250;

export interface CheckpointResult {
  /** Pages in the WAL when the checkpoint ran. */
  readonly walPages: number;
  /** Of those, the pages now copied into the database file. */
  readonly checkpointedPages: number;
}

export interface SqliteCheckpointerOptions {
  readonly logger: Logger;
  /** Told of each checkpoint run: its result, or the error it failed with. */
  readonly onRun?: (outcome: { readonly result?: CheckpointResult; readonly error?: Error; readonly seconds: number }) => void;
}

export class SqliteCheckpointer {
  private db: Database.Database | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    readonly file: string,
    private readonly options: SqliteCheckpointerOptions,
  ) {}

  start(intervalMs = CHECKPOINT_INTERVAL_MS): this {
    this.timer ??= setInterval(() => this.run(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** One PASSIVE checkpoint; undefined while the file does not exist yet. Never throws. */
  run(): CheckpointResult | undefined {
    const started = process.hrtime.bigint();
    try {
      const db = this.open();
      if (db === undefined) return undefined;
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      const result = { walPages: Math.max(row?.log ?? 0, 0), checkpointedPages: Math.max(row?.checkpointed ?? 0, 0) };
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
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.closeFile();
  }

  private open(): Database.Database | undefined {
    if (this.db?.open) return this.db;
    // Never creates the file: the workers do, with the schema and WAL mode.
    if (!existsSync(this.file)) return undefined;
    this.db = new Database(this.file, { fileMustExist: true, timeout: 0 });
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
