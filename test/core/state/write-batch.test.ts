/**
 * Group commit (core/src/state/write-batch.ts): the writes of one event-loop turn share one transaction, a
 * write's own refusal answers that write only, any other failure refuses the whole batch; and the SQLite
 * backend keeps its semantics with it.
 */
import { expect } from 'chai';
import { StateStoreError } from '@sts/sdk';
import Database from 'better-sqlite3';
import { SqliteStateStore, WriteBatch } from '@sts/core';
import { ManualClock } from '@sts/sdk/testing';
import { sqliteFolder, stateRefusal, storeUnderTest, type StoreUnderTest } from '../../helpers/state-config.js';

const busy = (): Error => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
const isBusy = (error: unknown): boolean => (error as { code?: string }).code === 'SQLITE_BUSY';
const turns = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** A commit function over a lock the test holds and releases; counts the tries and the commits. */
function lockedCommit() {
  const lock = { held: true, tries: 0, committed: [] as unknown[][] };
  const commit: ConstructorParameters<typeof WriteBatch>[0] = (run) => {
    lock.tries++;
    if (lock.held) throw busy();
    const outcomes = run();
    lock.committed.push(outcomes.map((o) => ('value' in o ? o.value : o.refusal)));
    return outcomes;
  };
  return { lock, commit };
}

describe('WriteBatch: the writes of one event-loop turn commit together', () => {
  it('runs the writes of one turn in one commit, in order, and the next turn in another', async () => {
    const commits: number[] = [];
    const order: string[] = [];
    const batch = new WriteBatch((run) => {
      const outcomes = run();
      commits.push(outcomes.length);
      return outcomes;
    });
    const first = await Promise.all(['a', 'b', 'c'].map((k) => batch.add(() => (order.push(k), k.toUpperCase()))));
    expect(first).to.deep.equal(['A', 'B', 'C']);
    await batch.add(() => order.push('d'));
    expect(commits).to.deep.equal([3, 1]);
    expect(order).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('answers a write that is refused with its refusal, and commits the others', async () => {
    const batch = new WriteBatch((run) => run());
    const results = await Promise.allSettled([
      batch.add(() => 1),
      batch.add(() => {
        throw new StateStoreError('full', 'the store is full');
      }),
      batch.add(() => 3),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).to.be.instanceOf(StateStoreError);
  });

  it('refuses every write of the batch when the commit fails (nothing is reported done that was not committed)', async () => {
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const batch = new WriteBatch(() => {
      throw locked;
    });
    const results = await Promise.allSettled([batch.add(() => 1), batch.add(() => 2)]);
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.value))).to.deep.equal([locked, locked]);
  });

  it('refuses the whole batch when one write fails with anything but a refusal', async () => {
    let committed = false;
    const batch = new WriteBatch((run) => {
      const outcomes = run();
      committed = true;
      return outcomes;
    });
    const results = await Promise.allSettled([batch.add(() => 1), batch.add(() => { throw new Error('disk I/O error'); })]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(committed).to.equal(false);
  });
});

describe('WriteBatch: a batch that finds the lock held waits off the event loop', () => {
  it('tries again on later turns, lets timers run meanwhile, and commits once the lock is free', async () => {
    const { lock, commit } = lockedCommit();
    const batch = new WriteBatch(commit, { isBusy, patienceMs: 5000 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 2);
    try {
      const written = batch.add(() => 'a');
      await turns(60);
      expect(ticks, 'the event loop kept turning while the write waited').to.be.at.least(5);
      expect(lock.committed).to.deep.equal([]);
      lock.held = false;
      expect(await written).to.equal('a');
      expect(lock.tries, 'it was tried again, not once').to.be.at.least(3);
      expect(lock.committed).to.deep.equal([['a']]);
    } finally {
      clearInterval(ticker);
    }
  });

  it('adds the writes asked for while it waits to the waiting batch, after the earlier ones', async () => {
    const { lock, commit } = lockedCommit();
    const batch = new WriteBatch(commit, { isBusy, patienceMs: 5000 });
    const first = batch.add(() => 'a');
    await turns(10);
    const second = batch.add(() => 'b');
    await turns(10);
    lock.held = false;
    expect(await Promise.all([first, second])).to.deep.equal(['a', 'b']);
    expect(lock.committed).to.deep.equal([['a', 'b']]);
  });

  it('refuses a write with the busy error once it has waited its patience, and still commits a later one', async () => {
    const { lock, commit } = lockedCommit();
    const batch = new WriteBatch(commit, { isBusy, patienceMs: 50 });
    let ran = 0;
    const started = Date.now();
    const refused = await batch.add(() => ++ran).then(
      () => expect.fail('expected a refusal'),
      (error: unknown) => error,
    );
    expect(isBusy(refused)).to.equal(true);
    expect(Date.now() - started, 'it waited its patience first').to.be.at.least(45);
    expect(ran, 'the refused write never ran in a committed transaction').to.equal(0);
    lock.held = false;
    expect(await batch.add(() => 'later')).to.equal('later');
    expect(lock.committed).to.deep.equal([['later']]);
  });

  it('does not try again after an error that is not busy', async () => {
    let tries = 0;
    const batch = new WriteBatch(() => {
      tries++;
      throw new Error('disk I/O error');
    }, { isBusy, patienceMs: 5000 });
    const results = await Promise.allSettled([batch.add(() => 1), batch.add(() => 2)]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    await turns(20);
    expect(tries).to.equal(1);
  });

  it('flush() (at close) waits in place for the lock', () => {
    const freeAt = Date.now() + 30;
    const batch = new WriteBatch((run) => {
      if (Date.now() < freeAt) throw busy();
      return run();
    }, { isBusy, patienceMs: 5000 });
    const written = batch.add(() => 'queued');
    batch.flush();
    expect(Date.now(), 'it waited for the lock').to.be.at.least(freeAt);
    return written.then((value) => expect(value).to.equal('queued'));
  });

  it('flush() does not wait forever for a lock that stays held', async () => {
    const { commit } = lockedCommit();
    const batch = new WriteBatch(commit, { isBusy, patienceMs: 40 });
    const written = batch.add(() => 'never');
    batch.flush();
    const error = await written.then(() => expect.fail('expected a refusal'), (e: unknown) => e);
    expect(isBusy(error)).to.equal(true);
  });
});

describe('SQLite state store: a write waits for another process\'s lock without stopping the worker', () => {
  it('serves timers while another connection holds the write lock, and commits once that one is done', async () => {
    const folder = sqliteFolder();
    const t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file, busyTimeoutMs: 5000 } }, folder.remove);
    const other = new Database(folder.file);
    try {
      expect(await t.store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
      other.exec('BEGIN IMMEDIATE');
      other.prepare("INSERT INTO state_entries (namespace, key, value, expires_at) VALUES ('nonce', 'theirs', 1, ?)").run(Date.now() + 60_000);
      // The lock is released by a timer of this very process: a write that slept the event loop in SQLite's
      // busy handler would never let it run, and would be refused after the busy timeout instead.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      setTimeout(() => other.exec('COMMIT'), 200);
      const started = Date.now();
      const [mine, theirs] = await Promise.all([t.store.putIfAbsent('nonce', 'b', 60), t.store.putIfAbsent('nonce', 'theirs', 60)]);
      clearInterval(ticker);
      expect(Date.now() - started, 'it waited for the other connection').to.be.at.least(150);
      expect(ticks, 'timers ran while it waited').to.be.at.least(10);
      expect(mine).to.equal(true);
      expect(theirs, 'the other connection\'s committed claim is seen by the retried batch').to.equal(false);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await t.close();
    }
  });

  it('purges expired rows in the group commit, waiting for a held lock rather than failing', async () => {
    const folder = sqliteFolder();
    const clock = new ManualClock();
    const store = new SqliteStateStore({ file: folder.file, maxEntries: 100, busyTimeoutMs: 5000, clock, purgeIntervalMs: 3_600_000 });
    const other = new Database(folder.file);
    try {
      for (const key of ['a', 'b', 'c']) expect(await store.putIfAbsent('nonce', key, 1)).to.equal(true);
      expect(await store.putRecord('issued', 'r1', '{}', 1)).to.equal(true);
      expect(await store.putIfAbsent('nonce', 'live', 600)).to.equal(true);
      expect(store.rows()).to.equal(5);
      clock.advance(2);
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('ROLLBACK'), 100);
      expect(await store.purgeExpired(), 'the expired entries and record').to.equal(4);
      expect(store.rows()).to.equal(1);
      expect(await store.count('nonce', 'live')).to.equal(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
      folder.remove();
    }
  });
});

describe('SQLite state store with group commit', () => {
  let t: StoreUnderTest | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('claims a key once when two claims of it come in the same turn', async () => {
    const folder = sqliteFolder();
    t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file } }, folder.remove);
    expect(await Promise.all([t.store.putIfAbsent('nonce', 'same', 60), t.store.putIfAbsent('nonce', 'same', 60)])).to.deep.equal([true, false]);
  });

  it('refuses a new key when full and still answers the other writes of the turn', async () => {
    const folder = sqliteFolder();
    t = storeUnderTest({ backend: 'sqlite', maxEntries: 1, sqlite: { file: folder.file } }, folder.remove);
    expect(await t.store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
    const [full, replay] = [t.store.putIfAbsent('nonce', 'b', 60), t.store.putIfAbsent('nonce', 'a', 60)];
    expect((await stateRefusal(full)).refusal).to.equal('full');
    expect(await replay).to.equal(false);
  });

  describe('the entry bound inside one commit (the row counter is read once per commit, then counted)', () => {
    const clock = new ManualClock();
    let folder: ReturnType<typeof sqliteFolder>;
    const open: SqliteStateStore[] = [];
    const sqlite = (maxEntries: number) => {
      const store = new SqliteStateStore({ file: folder.file, maxEntries, busyTimeoutMs: 5000, clock, purgeIntervalMs: 3_600_000 });
      open.push(store);
      return store;
    };
    beforeEach(() => {
      folder = sqliteFolder();
    });
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      folder.remove();
    });

    it('of five new rows asked for in one turn with room for three, takes three and refuses two (full)', async () => {
      const store = sqlite(3);
      const results = await Promise.allSettled([
        store.putIfAbsent('nonce', 'a', 60),
        store.putRecord('issued', 'r1', '{}', 60),
        store.putIfAbsent('nonce', 'b', 60),
        store.putRecord('issued', 'r2', '{}', 60),
        store.putIfAbsent('nonce', 'c', 60),
      ]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as StateStoreError).refusal))).to.deep.equal([true, true, true, 'full', 'full']);
      expect(store.rows()).to.equal(3);
    });

    it('counts a row deleted earlier in the same turn as freed', async () => {
      const store = sqlite(3);
      for (const key of ['a', 'b', 'c']) expect(await store.putIfAbsent('nonce', key, 60)).to.equal(true);
      // Full: refused after the purge a full store makes at most once a second (the clock stands still), so
      // the count below is not read again by that purge.
      expect((await stateRefusal(store.putIfAbsent('nonce', 'x', 60))).refusal).to.equal('full');
      await store.delete('nonce', 'c');
      // One commit: a row fills the store again, the delete frees one, the next row takes it.
      const [filled, , taken] = await Promise.all([store.putIfAbsent('nonce', 'd', 60), store.delete('nonce', 'a'), store.putIfAbsent('nonce', 'e', 60)]);
      expect([filled, taken]).to.deep.equal([true, true]);
      expect(store.rows()).to.equal(3);
    });

    it('reads the counter again in the next commit: rows another process added count', async () => {
      const mine = sqlite(2);
      const theirs = sqlite(2);
      expect(await mine.putIfAbsent('nonce', 'a', 60)).to.equal(true);
      expect(await theirs.putIfAbsent('nonce', 'b', 60)).to.equal(true);
      expect((await stateRefusal(mine.putIfAbsent('nonce', 'c', 60))).refusal).to.equal('full');
      expect(mine.rows()).to.equal(2);
    });
  });

  it('commits a write still queued when the store closes', async () => {
    const folder = sqliteFolder();
    const first = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file } });
    const queued = first.store.putIfAbsent('nonce', 'late', 60);
    await first.close();
    expect(await queued).to.equal(true);
    t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file } }, folder.remove);
    expect(await t.store.putIfAbsent('nonce', 'late', 60)).to.equal(false);
  });
});
