/**
 * The same behaviour from every state backend (memory, sqlite, a real Redis), through the bounds layer boot
 * puts in front of each: one-time values, counters, expiry, the key-length bound and the entry bound.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { StateStoreError, type StateStore } from '@sts/sdk';
import { MAX_KEY_BYTES } from '@sts/core';
import { sqliteFolder, storeUnderTest, type StoreUnderTest, stateRefusal } from '../../helpers/state-config.js';
import { testRedisUrl, uniqueKeyPrefix } from '../../helpers/redis-server.js';

interface Backend {
  readonly name: string;
  /** `storedKeys` reads the keys as the backend holds them (memory: see bounded-state-store.test.ts). */
  open(maxEntries?: number): Promise<StoreUnderTest & { storedKeys?(): Promise<string[]> }>;
  /** Lets `seconds` pass for the store: the manual clock for memory and sqlite, real time for Redis (its own clock). */
  pass(t: StoreUnderTest, seconds: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backends: Backend[] = [
  {
    name: 'memory',
    async open(maxEntries) {
      const t = storeUnderTest({ backend: 'memory', ...(maxEntries ? { maxEntries } : {}) });
      return t;
    },
    async pass(t, seconds) {
      t.clock.advance(seconds);
    },
  },
  {
    name: 'sqlite',
    async open(maxEntries) {
      const folder = sqliteFolder();
      const t = storeUnderTest({ backend: 'sqlite', sqlite: { file: folder.file }, ...(maxEntries ? { maxEntries } : {}) }, folder.remove);
      const storedKeys = async () => {
        const db = new Database(folder.file, { readonly: true });
        try {
          return db.prepare<[], { key: string }>('SELECT key FROM state_entries').all().map((r) => r.key);
        } finally {
          db.close();
        }
      };
      return { ...t, storedKeys };
    },
    async pass(t, seconds) {
      t.clock.advance(seconds);
    },
  },
  {
    name: 'redis',
    async open(maxEntries) {
      const url = await testRedisUrl();
      const keyPrefix = uniqueKeyPrefix();
      const t = storeUnderTest({ backend: 'redis', redis: { url, keyPrefix }, ...(maxEntries ? { maxEntries } : {}) });
      const storedKeys = async () => {
        const redis = new Redis(url);
        try {
          const keys = await redis.keys(`${keyPrefix}*`);
          // The stored key is prefix + "<namespace length>:<namespace>:<key>"; the index is not an entry.
          return keys.filter((k) => k !== `${keyPrefix}index`).map((k) => {
            const rest = k.slice(keyPrefix.length);
            const length = /^(\d+):/.exec(rest)!;
            return rest.slice(length[0].length + Number(length[1]) + 1);
          });
        } finally {
          redis.disconnect();
        }
      };
      return { ...t, storedKeys };
    },
    async pass(_t, seconds) {
      await sleep(seconds * 1000);
    },
  },
];


for (const backend of backends) {
  describe(`state store: ${backend.name} backend`, () => {
    let t: Awaited<ReturnType<Backend['open']>>;
    let store: StateStore;
    beforeEach(async () => {
      t = await backend.open();
      store = t.store;
    });
    afterEach(() => t.close());

    it('putIfAbsent: true the first time, false while the key lives; namespaces are separate', async () => {
      expect(await store.putIfAbsent('nonce', 'a', 60)).to.equal(true);
      expect(await store.putIfAbsent('nonce', 'a', 60)).to.equal(false);
      expect(await store.putIfAbsent('nonce', 'b', 60)).to.equal(true);
      expect(await store.putIfAbsent('other', 'a', 60)).to.equal(true);
      expect(await store.count('nonce', 'a')).to.equal(1);
      expect(await store.count('nonce', 'c')).to.equal(0);
    });

    it('keeps keys that differ only after a NUL apart (plug-ins join issuer and id with one)', async () => {
      expect(await store.putIfAbsent('jti', 'iss\u0000one', 60)).to.equal(true);
      expect(await store.putIfAbsent('jti', 'iss\u0000two', 60)).to.equal(true);
      expect(await store.putIfAbsent('jti', 'iss\u0000one', 60)).to.equal(false);
    });

    it('increment counts from 1 and count reads it; delete removes a counter and a one-time value', async () => {
      expect(await store.increment('fail', 'joe', 60)).to.equal(1);
      expect(await store.increment('fail', 'joe', 60)).to.equal(2);
      expect(await store.increment('fail', 'joe', 60)).to.equal(3);
      expect(await store.count('fail', 'joe')).to.equal(3);
      await store.delete('fail', 'joe');
      expect(await store.count('fail', 'joe')).to.equal(0);
      expect(await store.increment('fail', 'joe', 60)).to.equal(1);
      await store.putIfAbsent('nonce', 'x', 60);
      await store.delete('nonce', 'x');
      expect(await store.putIfAbsent('nonce', 'x', 60)).to.equal(true);
    });

    it('an expired entry is absent: the value may be stored again and the counter starts over', async () => {
      expect(await store.putIfAbsent('nonce', 'short', 0.3)).to.equal(true);
      expect(await store.increment('fail', 'short', 0.3)).to.equal(1);
      expect(await store.increment('fail', 'short', 0.3)).to.equal(2);
      expect(await store.putIfAbsent('nonce', 'long', 60)).to.equal(true);
      await backend.pass(t, 0.5);
      expect(await store.count('nonce', 'short')).to.equal(0);
      expect(await store.count('fail', 'short')).to.equal(0);
      expect(await store.putIfAbsent('nonce', 'short', 60)).to.equal(true);
      expect(await store.increment('fail', 'short', 60)).to.equal(1);
      expect(await store.putIfAbsent('nonce', 'long', 60), 'the long-lived entry is still there').to.equal(false);
    });

    it(`stores a 60,000-character key as a fixed-size hash (at most ${MAX_KEY_BYTES} bytes) and still refuses its replay`, async () => {
      const long = `urn:uuid:${'x'.repeat(60_000)}`;
      const other = `urn:uuid:${'x'.repeat(59_999)}y`;
      expect(await store.putIfAbsent('wsa-message-id', long, 60)).to.equal(true);
      expect(await store.putIfAbsent('wsa-message-id', long, 60)).to.equal(false);
      expect(await store.putIfAbsent('wsa-message-id', other, 60), 'a different long key is not a replay').to.equal(true);
      expect(await store.count('wsa-message-id', long)).to.equal(1);
      if (t.storedKeys) {
        const keys = await t.storedKeys();
        expect(keys).to.have.length(2);
        for (const key of keys) expect(Buffer.byteLength(key)).to.be.at.most(MAX_KEY_BYTES);
      }
    });

    it('a short key that looks like a hash cannot collide with the hash of a long one', async () => {
      const long = 'y'.repeat(1000);
      expect(await store.putIfAbsent('ns', long, 60)).to.equal(true);
      const { createHash } = await import('node:crypto');
      const lookalike = `#${createHash('sha256').update(long).digest('base64url')}`;
      expect(await store.putIfAbsent('ns', lookalike, 60)).to.equal(true);
    });

    describe('when full', () => {
      let small: Awaited<ReturnType<Backend['open']>>;
      beforeEach(async () => {
        small = await backend.open(3);
      });
      afterEach(() => small.close());

      it('refuses a new one-time value with wst:RequestFailed, logs it, and evicts nothing', async () => {
        for (const key of ['a', 'b', 'c']) expect(await small.store.putIfAbsent('nonce', key, 60)).to.equal(true);
        const error = await stateRefusal(small.store.putIfAbsent('nonce', 'd', 60));
        expect(error.refusal).to.equal('full');
        expect(error.faultCode).to.equal('RequestFailed');
        expect(error.sender, 'a server-side refusal (SOAP Receiver)').to.equal(false);
        const logged = small.logger.records.filter((r) => (r.fields as { event?: string }).event === 'state.refused');
        expect(logged).to.have.length(1);
        expect(logged[0]!.level).to.equal('warn');
        expect((logged[0]!.fields as { refusal?: string }).refusal).to.equal('full');
        // Nothing was evicted to make room: every stored value is still a replay.
        for (const key of ['a', 'b', 'c']) expect(await small.store.putIfAbsent('nonce', key, 60), key).to.equal(false);
        expect(await small.store.count('nonce', 'd')).to.equal(0);
      });

      it('still counts on an existing counter, refuses a new counter, and takes new values once entries expire', async () => {
        expect(await small.store.increment('fail', 'joe', 0.3)).to.equal(1);
        expect(await small.store.putIfAbsent('nonce', 'a', 0.3)).to.equal(true);
        expect(await small.store.putIfAbsent('nonce', 'b', 60)).to.equal(true);
        expect(await small.store.increment('fail', 'joe', 0.3)).to.equal(2);
        expect((await stateRefusal(small.store.increment('fail', 'ann', 60))).refusal).to.equal('full');
        await backend.pass(small, 1.5);
        expect(await small.store.putIfAbsent('nonce', 'c', 60)).to.equal(true);
        expect(await small.store.putIfAbsent('nonce', 'd', 60)).to.equal(true);
        expect((await stateRefusal(small.store.putIfAbsent('nonce', 'e', 60))).refusal).to.equal('full');
        expect(await small.store.putIfAbsent('nonce', 'b', 60), 'the live entry survived').to.equal(false);
      });
    });

    it('ping resolves while the backend is reachable', async () => {
      await t.store.ping();
    });
  });
}
