/**
 * The `state` config section: defaults, and the coded one-line startup errors that name the file and the
 * JSON path. A Redis that is down is not among them (test/e2e/shared-state.test.ts).
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { createStateStore, DEFAULT_MAX_ENTRIES, parseKernelConfig, StartupError, StartupErrorCode } from '@sts/core';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { demoConfig } from '../../helpers/start-test-sts.js';
import { sqliteFolder, stateConfig } from '../../helpers/state-config.js';

const FILE = '/etc/sts/sts.config.json';

function refusal(run: () => unknown): StartupError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a startup error');
}

const withState = (state: unknown) => ({ ...demoConfig(), state });

describe('state config', () => {
  it('defaults to sqlite in .sts-data/ with Redis timeouts and no explicit entry bound; the demo profile uses the default', () => {
    const state = parseKernelConfig({ issuer: { entityId: 'urn:example:sts' } }, FILE).state;
    expect(state).to.deep.equal({
      backend: 'sqlite',
      sqlite: { file: '.sts-data/state.sqlite', busyTimeoutMs: 2000 },
      redis: { keyPrefix: 'sts:', connectTimeoutMs: 2000, commandTimeoutMs: 1000 },
    });
    expect(parseKernelConfig(demoConfig(), FILE).state).to.deep.equal(state);
    expect(DEFAULT_MAX_ENTRIES).to.deep.equal({ memory: 100_000, sqlite: 1_000_000, redis: 1_000_000 });
  });

  const cases: { name: string; state: unknown; says: RegExp }[] = [
    { name: 'an unknown backend', state: { backend: 'mongodb' }, says: /\/state\/backend: must be equal to one of the allowed values/ },
    { name: 'the redis backend without a URL', state: { backend: 'redis' }, says: /\/state\/redis\/url: required when state.backend is redis/ },
    { name: 'a Redis URL that does not parse', state: { backend: 'redis', redis: { url: 'not a url' } }, says: /\/state\/redis\/url: not a redis:\/\/ or rediss:\/\/ URL/ },
    { name: 'a Redis URL of another scheme', state: { backend: 'redis', redis: { url: 'http://127.0.0.1:6379' } }, says: /\/state\/redis\/url: not a redis/ },
    { name: 'a SQLite file in a folder that does not exist', state: { sqlite: { file: '/nonexistent-sts-folder/state.sqlite' } }, says: /\/state\/sqlite\/file: folder \/nonexistent-sts-folder does not exist/ },
    { name: 'an entry bound of 0', state: { maxEntries: 0 }, says: /\/state\/maxEntries: must be >= 1/ },
    { name: 'an unknown key', state: { redis: { prefix: 'x' } }, says: /\/state\/redis: must NOT have additional properties 'prefix'/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with STS_ERR_CONFIG_INVALID, the file and the JSON path, on one line`, () => {
      const error = refusal(() => parseKernelConfig(withState(c.state), FILE));
      expect(error.code).to.equal(StartupErrorCode.CONFIG_INVALID);
      expect(error.message).to.match(c.says);
      expect(error.message).to.include(FILE);
      expect(error.message).to.not.include('\n');
    });
  }

  it('never repeats a Redis URL in the error (it may carry a password)', () => {
    const error = refusal(() => parseKernelConfig(withState({ backend: 'redis', redis: { url: 'redis://:s3cret@/0x' } }), FILE));
    expect(error.message).to.not.include('s3cret');
  });

  it('accepts redis:// and rediss:// URLs with a user, password and database', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:pass@redis.example.com:6380/2', 'redis://localhost/']) {
      expect(parseKernelConfig(withState({ backend: 'redis', redis: { url } }), FILE).state.redis.url).to.equal(url);
    }
  });

  it('refuses to start on a SQLite file that is not a database, with STS_ERR_STATE_OPEN_FAILED naming it', () => {
    const folder = sqliteFolder();
    try {
      writeFileSync(folder.file, 'this is not a SQLite database, but it is long enough to have a header '.repeat(20));
      const error = refusal(() => createStateStore(stateConfig({ sqlite: { file: folder.file } }), { clock: new ManualClock(), logger: new RecordingLogger() }));
      expect(error.code).to.equal(StartupErrorCode.STATE_OPEN_FAILED);
      expect(error.message).to.include(folder.file);
    } finally {
      folder.remove();
    }
  });

  it('keeps the SQLite data in one file, in WAL mode, that a second store on the same path sees', async () => {
    const folder = sqliteFolder();
    const open = () => createStateStore(stateConfig({ sqlite: { file: folder.file } }), { clock: new ManualClock(), logger: new RecordingLogger() });
    const first = open();
    const second = open();
    try {
      expect(await first.putIfAbsent('nonce', 'a', 60)).to.equal(true);
      expect(await second.putIfAbsent('nonce', 'a', 60)).to.equal(false);
      expect(first.description).to.equal(`sqlite ${folder.file}`);
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(folder.file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      db.close();
    } finally {
      await first.close();
      await second.close();
      folder.remove();
    }
  });
});
