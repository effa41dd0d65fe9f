/**
 * A backend that cannot answer refuses, quickly, and never answers from a guess; Redis service resumes by
 * itself when the server is back.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../helpers/paths.js';
import { StateStoreError } from '@sts/sdk';
import { freePort } from '../../helpers/free-port.js';
import { startRedisServer, uniqueKeyPrefix, type TestRedisServer } from '../../helpers/redis-server.js';
import { sqliteFolder, storeUnderTest, type StoreUnderTest } from '../../helpers/state-config.js';

async function refusedWithin(promise: Promise<unknown>, ms: number): Promise<StateStoreError> {
  const started = Date.now();
  const error = await promise.then(
    (value) => expect.fail(`expected a refusal, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(StateStoreError);
  expect((error as StateStoreError).refusal).to.equal('unavailable');
  expect(Date.now() - started, 'refused quickly').to.be.below(ms);
  return error as StateStoreError;
}

async function eventually(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('state store: an unreachable backend fails closed', () => {
  let t: StoreUnderTest | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sqlite: a file another process holds locked past the busy timeout refuses, then works once it is released', async () => {
    const folder = sqliteFolder();
    t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file, busyTimeoutMs: 200 } }, folder.remove);
    expect(await t.store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
    const other = new Database(folder.file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      await refusedWithin(t.store.putIfAbsent('nonce', 'b', 60), 2000);
      await refusedWithin(t.store.increment('fail', 'joe', 60), 2000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await t.store.putIfAbsent('nonce', 'b', 60)).to.equal(true);
    expect(await t.store.putIfAbsent('nonce', 'a', 60), 'the earlier entry is still a replay').to.equal(false);
  });

  it('sqlite: reads answer at once while another connection holds the write lock (they never wait for a writer)', async () => {
    const folder = sqliteFolder();
    t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file, busyTimeoutMs: 2000 } }, folder.remove);
    expect(await t.store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
    expect(await t.store.putRecord('issued', 't1', '{"x":1}', 60)).to.equal(true);
    const other = new Database(folder.file);
    other.exec('BEGIN IMMEDIATE');
    other.prepare("INSERT INTO state_entries (namespace, key, value, expires_at) VALUES ('nonce', 'uncommitted', 1, ?)").run(Date.now() + 60_000);
    try {
      const started = Date.now();
      expect(await t.store.count('nonce', 'a')).to.equal(1);
      expect(await t.store.getRecord('issued', 't1')).to.equal('{"x":1}');
      expect(await t.store.count('nonce', 'uncommitted'), 'another connection\'s uncommitted row is not seen').to.equal(0);
      await t.store.ping?.();
      expect(Date.now() - started, 'far below the busy timeout: nothing waited').to.be.below(1000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await t.store.putIfAbsent('nonce', 'b', 60)).to.equal(true);
  });

  it('sqlite: waits the whole busy timeout even when signals cut SQLite\'s sleeps short (a CPU profiler sends 1,000 a second)', async function () {
    this.timeout(15_000);
    const folder = sqliteFolder();
    t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file, busyTimeoutMs: 3000 } }, folder.remove);
    expect(await t.store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
    // Another process holds the write lock for 600 ms and signals us every 2 ms meanwhile.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      const Database = createRequire(${JSON.stringify(`${REPO_ROOT}/core/package.json`)})('better-sqlite3');
      const db = new Database(${JSON.stringify(folder.file)});
      db.exec('BEGIN IMMEDIATE');
      const signals = setInterval(() => process.kill(${process.pid}, 'SIGUSR2'), 2);
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); clearInterval(signals); db.close(); }, 600);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ignore = (): void => undefined;
    process.on('SIGUSR2', ignore);
    try {
      await new Promise((ok) => holder.stdout!.once('data', ok));
      const started = Date.now();
      expect(await t.store.putIfAbsent('nonce', 'b', 60)).to.equal(true);
      expect(Date.now() - started, 'it waited for the lock').to.be.at.least(300);
    } finally {
      await new Promise((ok) => (holder.exitCode === null ? holder.once('exit', ok) : ok(undefined)));
      process.off('SIGUSR2', ignore);
    }
  });

  it('redis: a port nothing listens on refuses every operation within a second, and ping says not ready', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    t = storeUnderTest({ backend: 'redis', redis: { url, keyPrefix: uniqueKeyPrefix(), connectTimeoutMs: 500 } });
    await refusedWithin(t.store.putIfAbsent('nonce', 'a', 60), 1500);
    await refusedWithin(t.store.increment('fail', 'joe', 60), 1000);
    await refusedWithin(t.store.count('fail', 'joe'), 1000);
    await refusedWithin(t.store.ping(), 1000);
    const logged = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'state.unreachable');
    expect(logged, 'the outage is logged once, not once per retry').to.have.length(1);
  });

  describe('redis: stopped and started again', () => {
    let server: TestRedisServer;
    before(async () => {
      server = await startRedisServer();
    });
    after(() => server.stop());

    it('refuses quickly while it is down, and serves again by itself when it is back', async function () {
      this.timeout(30_000);
      t = storeUnderTest({ backend: 'redis', redis: { url: server.url, keyPrefix: uniqueKeyPrefix() } });
      expect(await t.store.putIfAbsent('nonce', 'before', 60)).to.equal(true);
      await server.stop();
      await eventually(() => refusedWithin(t!.store.putIfAbsent('nonce', 'during', 60), 1500), 5000);
      await refusedWithin(t.store.ping(), 1500);
      expect(await t.store.count('nonce', 'during').catch(() => 'refused')).to.equal('refused');
      await server.start();
      await eventually(() => t!.store.ping(), 10_000);
      expect(await t.store.putIfAbsent('nonce', 'after', 60)).to.equal(true);
      expect(await t.store.putIfAbsent('nonce', 'after', 60)).to.equal(false);
      const events = t.logger.records.map((r) => (r.fields as { event?: string }).event);
      expect(events).to.include('state.unreachable');
      expect(events).to.include('state.reachable');
    });
  });
});
