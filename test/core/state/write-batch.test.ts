/**
 * Group commit (core/src/state/write-batch.ts): the writes of one event-loop turn share one transaction, a
 * write's own refusal answers that write only, any other failure refuses the whole batch; and the SQLite
 * backend keeps its semantics with it.
 */
import { expect } from 'chai';
import { StateStoreError } from '@sts/sdk';
import { WriteBatch } from '@sts/core';
import { sqliteFolder, stateRefusal, storeUnderTest, type StoreUnderTest } from '../../helpers/state-config.js';

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
