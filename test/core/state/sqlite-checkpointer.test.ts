/**
 * Checkpoints of the SQLite state file off the request path (core/src/state/sqlite-checkpointer.ts): a worker's
 * store with `checkpoints: 'external'` leaves the WAL to the primary's checkpointer, which copies it back and
 * lets it start over; SQLite's own automatic checkpoint still bounds the WAL of a store on its own.
 */
import { statSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import { RESTART_AFTER_PAGES, SqliteCheckpointer, type CheckpointResult } from '@sts/core';
import { RecordingLogger } from '@sts/sdk/testing';
import { sqliteFolder, storeUnderTest, type StoreUnderTest } from '../../helpers/state-config.js';

/** SQLite's default automatic checkpoint threshold, in pages (https://sqlite.org/pragma.html#pragma_wal_autocheckpoint). */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** One commit per write (each awaited in its own turn), a few pages each: well past 1,000 pages of WAL. */
async function commitMany(t: StoreUnderTest, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) expect(await t.store.putIfAbsent('msgid', `${prefix}-${i}`, 300)).to.equal(true);
}

describe('SqliteCheckpointer: the primary checkpoints the state file for the workers', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(checkpoints: 'automatic' | 'external'): { t: StoreUnderTest; checkpointer: SqliteCheckpointer; runs: { result?: CheckpointResult; error?: Error }[]; file: string } {
    const folder = sqliteFolder();
    const t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file } }, folder.remove, { sqliteCheckpoints: checkpoints });
    const runs: { result?: CheckpointResult; error?: Error }[] = [];
    const checkpointer = new SqliteCheckpointer(folder.file, { logger: new RecordingLogger(), onRun: (run) => runs.push(run) });
    cleanups.push(() => t.close(), () => checkpointer.close());
    return { t, checkpointer, runs, file: folder.file };
  }

  it('a store with external checkpoints never checkpoints in a commit; the checkpointer copies the whole WAL back', async () => {
    const { t, checkpointer, runs } = open('external');
    await commitMany(t, 600, 'a');
    const result = checkpointer.run();
    expect(result?.walPages).to.be.above(SQLITE_AUTOCHECKPOINT_PAGES);
    expect(result?.checkpointedPages).to.equal(result?.walPages);
    expect(runs).to.have.length(1);
    expect(runs[0]?.result).to.deep.equal(result);
    // Every value written is still there after the copy.
    expect(await t.store.putIfAbsent('msgid', 'a-0', 300)).to.equal(false);
    expect(await t.store.putIfAbsent('msgid', 'a-599', 300)).to.equal(false);
  });

  it('after a checkpoint the next commit starts the WAL over, so it stays small while checkpoints keep up', async () => {
    const { t, checkpointer } = open('external');
    await commitMany(t, 600, 'a');
    checkpointer.run();
    await commitMany(t, 20, 'b');
    expect(checkpointer.run()?.walPages).to.be.below(200);
  });

  it('a run that finds the WAL past RESTART_AFTER_PAGES also restarts it; a smaller one does not', async () => {
    const { t, checkpointer, file } = open('external');
    await commitMany(t, 300, 'small');
    const small = checkpointer.run();
    expect(small?.walPages).to.be.below(RESTART_AFTER_PAGES);
    expect(small?.restarted).to.equal(undefined);
    // Commits until the WAL file holds more than RESTART_AFTER_PAGES frames (a 24-byte frame header each).
    for (let round = 0; statSync(`${file}-wal`).size < (RESTART_AFTER_PAGES + 64) * (4096 + 24); round++) await commitMany(t, 500, `large-${round}`);
    const large = checkpointer.run();
    expect(large?.restarted).to.equal(true);
    expect(large?.checkpointedPages).to.equal(large?.walPages);
    await commitMany(t, 5, 'after');
    expect(checkpointer.run()?.walPages).to.be.below(100);
  });

  it('a store on its own (automatic checkpoints) keeps its WAL near SQLite’s threshold', async () => {
    const { t, checkpointer } = open('automatic');
    await commitMany(t, 600, 'a');
    expect(checkpointer.run()?.walPages).to.be.at.most(SQLITE_AUTOCHECKPOINT_PAGES + 50);
  });

  it('does nothing and creates nothing while the file does not exist yet', () => {
    const folder = sqliteFolder();
    cleanups.push(folder.remove);
    const checkpointer = new SqliteCheckpointer(folder.file, { logger: new RecordingLogger() });
    expect(checkpointer.run()).to.equal(undefined);
    expect(() => writeFileSync(folder.file, '', { flag: 'wx' })).not.to.throw();
  });

  it('a file that is not a database: the run fails without throwing, is reported, and logged once until it works', () => {
    const folder = sqliteFolder();
    cleanups.push(folder.remove);
    writeFileSync(folder.file, 'not a database, just text that is long enough to have a header '.repeat(20));
    const logger = new RecordingLogger();
    const errors: Error[] = [];
    const checkpointer = new SqliteCheckpointer(folder.file, { logger, onRun: ({ error }) => error && errors.push(error) });
    expect(checkpointer.run()).to.equal(undefined);
    expect(checkpointer.run()).to.equal(undefined);
    expect(errors).to.have.length(2);
    expect(logger.records.filter((r) => r.message?.startsWith('state checkpoint failed'))).to.have.length(1);
  });
});
