/**
 * The record operations of the state backends (core/src/state/record-store.ts: the issued-token store of
 * README "Renew and Cancel"), the same cases against memory, sqlite and a real Redis: insert-if-absent, get,
 * compare-and-replace (exactly one of several concurrent replacements wins), expiry, the shared entry bound
 * (refuse, never evict) and the record size bound; and a store without records fails closed.
 */
import { expect } from 'chai';
import { MemoryStateStore, StateStoreError } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { createStateStore, MAX_RECORD_BYTES, type BoundedStateStore } from '@sts/core';
import { sqliteFolder, stateConfig, storeUnderTest, type StoreUnderTest, stateRefusal } from '../../helpers/state-config.js';
import { testRedisUrl, uniqueKeyPrefix } from '../../helpers/redis-server.js';

interface Backend {
  readonly name: string;
  open(maxEntries?: number): Promise<StoreUnderTest>;
  /** Lets `seconds` pass: the manual clock for memory and sqlite, real time for Redis (its own clock). */
  pass(t: StoreUnderTest, seconds: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backends: Backend[] = [
  { name: 'memory', open: async (maxEntries) => storeUnderTest({ backend: 'memory', ...(maxEntries ? { maxEntries } : {}) }), pass: async (t, s) => t.clock.advance(s) },
  {
    name: 'sqlite',
    async open(maxEntries) {
      const folder = sqliteFolder();
      return storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file }, ...(maxEntries ? { maxEntries } : {}) }, folder.remove);
    },
    pass: async (t, s) => t.clock.advance(s),
  },
  {
    name: 'redis',
    async open(maxEntries) {
      return storeUnderTest({ backend: 'redis', redis: { url: await testRedisUrl(), keyPrefix: uniqueKeyPrefix() }, ...(maxEntries ? { maxEntries } : {}) });
    },
    pass: async (_t, s) => {
      await sleep(s * 1000);
    },
  },
];


for (const backend of backends) {
  describe(`record store: ${backend.name} backend`, () => {
    let t: StoreUnderTest;
    let store: BoundedStateStore;
    beforeEach(async () => {
      t = await backend.open();
      store = t.store;
    });
    afterEach(() => t.close());

    it('stores a record once, reads it back, and keeps namespaces apart', async () => {
      expect(await store.putRecord('issued-token', '_a', '{"state":"active"}', 60)).to.equal(true);
      expect(await store.putRecord('issued-token', '_a', '{"state":"other"}', 60)).to.equal(false);
      expect(await store.getRecord('issued-token', '_a')).to.equal('{"state":"active"}');
      expect(await store.getRecord('other', '_a')).to.equal(undefined);
      expect(await store.getRecord('issued-token', '_b')).to.equal(undefined);
    });

    it('replaces a record only from the value it holds', async () => {
      await store.putRecord('issued-token', '_a', 'v1', 60);
      expect(await store.replaceRecord('issued-token', '_a', 'stale', 'v2', 60)).to.equal(false);
      expect(await store.getRecord('issued-token', '_a')).to.equal('v1');
      expect(await store.replaceRecord('issued-token', '_a', 'v1', 'v2', 60)).to.equal(true);
      expect(await store.getRecord('issued-token', '_a')).to.equal('v2');
      expect(await store.replaceRecord('issued-token', '_missing', 'v1', 'v2', 60)).to.equal(false);
      expect(await store.getRecord('issued-token', '_missing'), 'a failed replace creates nothing').to.equal(undefined);
    });

    it('lets exactly one of ten concurrent replacements win', async () => {
      await store.putRecord('issued-token', '_a', 'active', 60);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.replaceRecord('issued-token', '_a', 'active', `cancelled-${i}`, 60)));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('expires a record after its TTL; a replace renews the TTL', async () => {
      await store.putRecord('issued-token', '_a', 'v1', 1);
      await store.putRecord('issued-token', '_b', 'v1', 1);
      expect(await store.replaceRecord('issued-token', '_b', 'v1', 'v2', 30)).to.equal(true);
      await backend.pass(t, 1.2);
      expect(await store.getRecord('issued-token', '_a')).to.equal(undefined);
      expect(await store.replaceRecord('issued-token', '_a', 'v1', 'v2', 60)).to.equal(false);
      expect(await store.putRecord('issued-token', '_a', 'v3', 60), 'an expired key is free again').to.equal(true);
      expect(await store.getRecord('issued-token', '_b')).to.equal('v2');
    });

    it(`refuses a record over ${MAX_RECORD_BYTES} bytes, storing nothing`, async () => {
      const error = await stateRefusal(store.putRecord('issued-token', '_big', 'x'.repeat(MAX_RECORD_BYTES + 1), 60));
      expect(error.refusal).to.equal('full');
      expect(await store.getRecord('issued-token', '_big')).to.equal(undefined);
      expect(await store.putRecord('issued-token', '_max', 'x'.repeat(MAX_RECORD_BYTES), 60)).to.equal(true);
    });

    describe('when full (records and one-time values share the bound)', () => {
      let full: StoreUnderTest;
      beforeEach(async () => {
        full = await backend.open(2);
        await full.store.putIfAbsent('nonce', 'n1', 60);
        await full.store.putRecord('issued-token', '_a', 'v1', 60);
      });
      afterEach(() => full.close());

      it('refuses a new record (full) and evicts nothing; replacing a live one still works', async () => {
        const error = await stateRefusal(full.store.putRecord('issued-token', '_b', 'v1', 60));
        expect(error.refusal).to.equal('full');
        expect(await full.store.getRecord('issued-token', '_a')).to.equal('v1');
        expect(await full.store.count('nonce', 'n1')).to.equal(1);
        expect(await full.store.replaceRecord('issued-token', '_a', 'v1', 'v2', 60)).to.equal(true);
      });
    });
  });
}

describe('record store: a store without record operations', () => {
  it('fails closed (unavailable) instead of pretending the record is absent', async () => {
    const store = createStateStore(stateConfig({ backend: 'memory' }), {
      clock: new ManualClock(),
      logger: new RecordingLogger(),
      provided: { putIfAbsent: async () => true, increment: async () => 1, count: async () => 0, delete: async () => undefined },
    });
    expect((await stateRefusal(store.getRecord('issued-token', '_a'))).refusal).to.equal('unavailable');
    expect((await stateRefusal(store.putRecord('issued-token', '_a', 'v', 60))).refusal).to.equal('unavailable');
  });

  it('the SDK memory store implements them (so a test can pass one in)', async () => {
    const memory = new MemoryStateStore(new ManualClock());
    expect(await memory.putRecord('n', 'k', 'v', 60)).to.equal(true);
    expect(await memory.getRecord('n', 'k')).to.equal('v');
  });
});
