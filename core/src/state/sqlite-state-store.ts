/**
 * The embedded default backend: one SQLite file (better-sqlite3, WAL) shared by every STS process on the
 * machine, surviving restarts.
 *
 * - Atomic across processes: each write runs inside a `BEGIN IMMEDIATE` transaction, which takes the file's
 *   write lock before it reads, so two processes can never both see a key absent and both insert it. The
 *   writes of one event-loop turn share one transaction (write-batch.ts: a commit is what costs).
 *   A process that finds the lock held waits up to `busyTimeoutMs`, then the request is refused; the wait is
 *   off the event loop (write-batch.ts), so the worker serves its other requests meanwhile.
 * - An expired row counts as absent; it is reused in place, removed by a purge every few seconds (in small
 *   batches, so no single purge holds the lock for long) and, when the store is full, before refusing.
 * - The entry bound counts rows (live or not yet purged) in a counter that triggers keep exact, because
 *   `count(*)` over a million rows on every insert would be the bottleneck. At the bound a new key is
 *   refused (`full`); a live entry is never evicted.
 * - Records (record-store.ts: the issued-token store) live in their own table with text values and count
 *   against the same row bound.
 * - Times come from the injected clock (the same one the Timestamp check uses), as milliseconds.
 */
import Database from 'better-sqlite3';
import { StateStoreError, type Clock, type StateStore } from '@sts/sdk';
import type { RecordStore } from './record-store.js';
import { ttlMs } from './ttl-ms.js';
import { sleepSync } from './sleep-sync.js';
import { WriteBatch } from './write-batch.js';

export interface SqliteStateStoreOptions {
  /** The database file; its folder must exist. */
  readonly file: string;
  readonly maxEntries: number;
  readonly busyTimeoutMs: number;
  readonly clock: Clock;
  /** How often expired rows are purged in the background (default 10 s). */
  readonly purgeIntervalMs?: number;
  /**
   * Who copies the WAL back into the database file (https://sqlite.org/wal.html#checkpointing):
   * - `automatic` (default): SQLite, inside the commit that takes the WAL past 1,000 pages;
   * - `external`: another process does it ({@link SqliteCheckpointer}, run by the primary); this connection
   *   checkpoints only if the WAL reaches {@link EXTERNAL_CHECKPOINT_BACKSTOP_PAGES}, should that process fall behind.
   */
  readonly checkpoints?: 'automatic' | 'external';
}

/**
 * With external checkpoints, the WAL size (64 MB of 4 KB pages) at which a worker still checkpoints itself: the
 * primary's checkpointer keeps the WAL far below it, so reaching it means that one has stopped or fallen behind.
 */
export const EXTERNAL_CHECKPOINT_BACKSTOP_PAGES = 16_384;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_entries (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS state_entries_expiry ON state_entries (expires_at);
CREATE TABLE IF NOT EXISTS state_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO state_meta (name, value) VALUES ('rows', 0);
CREATE TRIGGER IF NOT EXISTS state_entries_added AFTER INSERT ON state_entries
  BEGIN UPDATE state_meta SET value = value + 1 WHERE name = 'rows'; END;
CREATE TRIGGER IF NOT EXISTS state_entries_removed AFTER DELETE ON state_entries
  BEGIN UPDATE state_meta SET value = value - 1 WHERE name = 'rows'; END;
CREATE TABLE IF NOT EXISTS state_records (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS state_records_expiry ON state_records (expires_at);
CREATE TRIGGER IF NOT EXISTS state_records_added AFTER INSERT ON state_records
  BEGIN UPDATE state_meta SET value = value + 1 WHERE name = 'rows'; END;
CREATE TRIGGER IF NOT EXISTS state_records_removed AFTER DELETE ON state_records
  BEGIN UPDATE state_meta SET value = value - 1 WHERE name = 'rows'; END;
`;

/**
 * Rows removed per purge statement: small enough to hold the write lock (and this worker's event loop: the
 * calls are synchronous) for a few milliseconds. Measured here on 200,000 rows with random keys: 5,000 rows
 * took 160–230 ms (each row touches the table, both indexes and the row counter), 500 rows 11–12 ms, so the
 * old batch of 5,000 stalled both workers well past any p99 target each time MessageIDs expired.
 */
const PURGE_BATCH = 200;
/** Batches per background purge run (every 10 s), with a turn of the event loop between them: 100,000 rows. */
const PURGE_BATCHES_PER_RUN = 500;
/** A full store purges before refusing at most this often, so a flood cannot make every request a purge. */
const FULL_PURGE_INTERVAL_MS = 1000;

interface Row {
  value: number;
  expiresAt: number;
}

export class SqliteStateStore implements StateStore, RecordStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly putWrite;
  private readonly incrementWrite;
  private readonly putRecordWrite;
  private readonly replaceRecordWrite;
  private readonly writes: WriteBatch;
  private readonly timer: NodeJS.Timeout;
  private lastFullPurge = Number.NEGATIVE_INFINITY;
  /**
   * Inside a write transaction, the row counter as it stands in it: read by the first insert, then counted by
   * each insert admitRow admits, so a batch of writes reads the counter once instead of once per insert. Exact:
   * the transaction holds the file's write lock, so no other process changes the counter meanwhile; a delete or
   * a purge forgets it (read again), and every transaction starts without it.
   */
  private rowsInTransaction: number | undefined;

  constructor(private readonly options: SqliteStateStoreOptions) {
    // No busy handler: SQLite's sleeps would stop the whole worker while another process holds the write lock.
    // Writes wait off the event loop in WriteBatch instead; reads never wait for a writer in WAL mode.
    this.db = new Database(options.file, { timeout: 0 });
    // Several workers open a new file at the same moment: switching it to WAL needs the file to itself, and
    // SQLite may answer "database is locked" at once instead of waiting, so the set-up is retried for a while.
    const deadline = Date.now() + Math.max(options.busyTimeoutMs, 1000) * 5;
    for (;;) {
      try {
        this.db.pragma('journal_mode = WAL');
        // WAL with synchronous=NORMAL survives a crashed process; only a power loss can drop the last commits.
        this.db.pragma('synchronous = NORMAL');
        // Reads through a memory map rather than read() calls: measured with `npm run bench` (jwt-saml2, two
        // workers, back to back) about 15 % more tokens/s, as every request reads the WAL index and B-tree pages.
        this.db.pragma('mmap_size = 268435456');
        // A checkpoint inside a commit copies the WAL into the database and fsyncs it while the request that
        // committed (and the worker's event loop) waits: measured here 320 µs of wall time per issued token with
        // automatic checkpoints, 190 µs without. The primary checkpoints on the workers' behalf instead.
        if (options.checkpoints === 'external') this.db.pragma(`wal_autocheckpoint = ${EXTERNAL_CHECKPOINT_BACKSTOP_PAGES}`);
        this.db.transaction(() => this.db.exec(SCHEMA)).immediate();
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) {
          this.db.close();
          throw error;
        }
        sleepSync(20 + Math.floor(Math.random() * 30));
      }
    }
    const db = this.db;
    this.statements = {
      select: db.prepare<[string, string], Row>('SELECT value, expires_at AS expiresAt FROM state_entries WHERE namespace = ? AND key = ?'),
      live: db.prepare<[string, string, number], { value: number }>('SELECT value FROM state_entries WHERE namespace = ? AND key = ? AND expires_at > ?'),
      insert: db.prepare<[string, string, number]>('INSERT INTO state_entries (namespace, key, value, expires_at) VALUES (?, ?, 1, ?)'),
      restart: db.prepare<[number, string, string]>('UPDATE state_entries SET value = 1, expires_at = ? WHERE namespace = ? AND key = ?'),
      bump: db.prepare<[string, string]>('UPDATE state_entries SET value = value + 1 WHERE namespace = ? AND key = ?'),
      delete: db.prepare<[string, string]>('DELETE FROM state_entries WHERE namespace = ? AND key = ?'),
      rows: db.prepare<[], { value: number }>("SELECT value FROM state_meta WHERE name = 'rows'"),
      purge: db.prepare<[number, number]>('DELETE FROM state_entries WHERE rowid IN (SELECT rowid FROM state_entries WHERE expires_at <= ? LIMIT ?)'),
      ping: db.prepare<[], { one: number }>('SELECT 1 AS one'),
      recordSelect: db.prepare<[string, string], { value: string; expiresAt: number }>('SELECT value, expires_at AS expiresAt FROM state_records WHERE namespace = ? AND key = ?'),
      recordInsert: db.prepare<[string, string, string, number]>('INSERT INTO state_records (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)'),
      recordUpdate: db.prepare<[string, number, string, string]>('UPDATE state_records SET value = ?, expires_at = ? WHERE namespace = ? AND key = ?'),
      recordPurge: db.prepare<[number, number]>('DELETE FROM state_records WHERE rowid IN (SELECT rowid FROM state_records WHERE expires_at <= ? LIMIT ?)'),
    };
    this.putWrite = ((namespace: string, key: string, expiresAt: number, now: number): boolean => {
      const row = this.statements.select.get(namespace, key);
      if (row && row.expiresAt > now) return false;
      this.store(row, namespace, key, expiresAt, now);
      return true;
    });
    this.incrementWrite = ((namespace: string, key: string, expiresAt: number, now: number): number => {
      const row = this.statements.select.get(namespace, key);
      if (row && row.expiresAt > now) {
        this.statements.bump.run(namespace, key);
        return row.value + 1;
      }
      this.store(row, namespace, key, expiresAt, now);
      return 1;
    });
    this.putRecordWrite = ((namespace: string, key: string, value: string, expiresAt: number, now: number): boolean => {
      const row = this.statements.recordSelect.get(namespace, key);
      if (row && row.expiresAt > now) return false;
      if (row) {
        this.statements.recordUpdate.run(value, expiresAt, namespace, key);
        return true;
      }
      this.admitRow(now);
      this.statements.recordInsert.run(namespace, key, value, expiresAt);
      return true;
    });
    this.replaceRecordWrite = ((namespace: string, key: string, expected: string, next: string, expiresAt: number, now: number): boolean => {
      const row = this.statements.recordSelect.get(namespace, key);
      if (!row || row.expiresAt <= now || row.value !== expected) return false;
      this.statements.recordUpdate.run(next, expiresAt, namespace, key);
      return true;
    });
    const batch = db.transaction((run: () => unknown) => {
      this.rowsInTransaction = undefined;
      return run();
    });
    this.writes = new WriteBatch((run) => batch.immediate(run) as ReturnType<typeof run>, { isBusy, patienceMs: options.busyTimeoutMs });
    this.timer = setInterval(() => void this.purgeExpired().catch(() => undefined), options.purgeIntervalMs ?? 10_000);
    this.timer.unref();
  }

  async putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    return this.writes.add(() => this.putWrite(namespace, key, now + ttlMs(ttlSeconds), now));
  }

  async increment(namespace: string, key: string, ttlSeconds: number): Promise<number> {
    const now = this.now();
    return this.writes.add(() => this.incrementWrite(namespace, key, now + ttlMs(ttlSeconds), now));
  }

  async count(namespace: string, key: string): Promise<number> {
    return this.read(() => this.statements.live.get(namespace, key, this.now())?.value ?? 0);
  }

  async delete(namespace: string, key: string): Promise<void> {
    // In the turn's group commit like every other write: on its own, each DELETE was a commit of its own.
    await this.writes.add(() => {
      this.rowsInTransaction = undefined;
      return this.statements.delete.run(namespace, key);
    });
  }

  async putRecord(namespace: string, key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    return this.writes.add(() => this.putRecordWrite(namespace, key, value, now + ttlMs(ttlSeconds), now));
  }

  async getRecord(namespace: string, key: string): Promise<string | undefined> {
    const row = this.read(() => this.statements.recordSelect.get(namespace, key));
    return row && row.expiresAt > this.now() ? row.value : undefined;
  }

  async replaceRecord(namespace: string, key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    return this.writes.add(() => this.replaceRecordWrite(namespace, key, expected, next, now + ttlMs(ttlSeconds), now));
  }

  async ping(): Promise<void> {
    this.read(() => this.statements.ping.get());
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.db.open) {
      this.writes.flush();
      this.db.close();
    }
  }

  /** Rows held, live or not yet purged (what the entry bound counts). */
  rows(): number {
    return this.read(() => this.statements.rows.get()?.value ?? 0);
  }

  /** Removes expired rows in batches; returns how many. */
  async purgeExpired(): Promise<number> {
    let removed = 0;
    for (let i = 0; i < PURGE_BATCHES_PER_RUN && this.db.open; i++) {
      // In the group commit, so a purge also waits for the lock off the event loop.
      const [changes, records] = await this.writes.add(() => {
        const now = this.now();
        this.rowsInTransaction = undefined;
        return [this.statements.purge.run(now, PURGE_BATCH).changes, this.statements.recordPurge.run(now, PURGE_BATCH).changes];
      });
      removed += changes + records;
      if (changes < PURGE_BATCH && records < PURGE_BATCH) break;
      await new Promise((turn) => setImmediate(turn));
    }
    return removed;
  }

  /** Inside a transaction: (re)starts an entry whose key is absent or expired; refuses a new row at the bound. */
  private store(row: Row | undefined, namespace: string, key: string, expiresAt: number, now: number): void {
    if (row) {
      this.statements.restart.run(expiresAt, namespace, key);
      return;
    }
    this.admitRow(now);
    this.statements.insert.run(namespace, key, expiresAt);
  }

  /**
   * Inside a transaction, right before an insert: refuses a new row at the bound, after one purge at most every
   * second; otherwise counts the row the caller inserts next.
   */
  private admitRow(now: number): void {
    let rows = this.rowsInTransaction ?? this.rows();
    if (rows >= this.options.maxEntries && now - this.lastFullPurge >= FULL_PURGE_INTERVAL_MS) {
      this.lastFullPurge = now;
      this.statements.purge.run(now, PURGE_BATCH);
      this.statements.recordPurge.run(now, PURGE_BATCH);
      rows = this.rows();
    }
    if (rows >= this.options.maxEntries) {
      this.rowsInTransaction = rows;
      throw new StateStoreError('full', `the sqlite state store is full (${this.options.maxEntries} entries)`);
    }
    this.rowsInTransaction = rows + 1;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  /**
   * Runs a read, trying again while SQLite answers busy. In WAL mode a read does not wait for a writer; it can
   * only meet a lock in a moment's hand-over (another process recovering or restarting the WAL). The deadline
   * is wall-clock time: a signal cuts a sleep short (a CPU profiler sends 1,000 a second).
   */
  private read<T>(query: () => T): T {
    const deadline = Date.now() + this.options.busyTimeoutMs;
    for (;;) {
      try {
        return query();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        sleepSync(1);
      }
    }
  }
}

/** SQLITE_BUSY or SQLITE_LOCKED (better-sqlite3 puts the extended code in `code`). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
