/**
 * The bounds layer in front of every backend, against a recording backend: what reaches the backend is
 * bounded, and whatever the backend throws becomes a logged wst:RequestFailed refusal.
 */
import { expect } from 'chai';
import { MemoryStateStore, ServerFailureError, StateStoreError, type StateStore } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { createStateStore, MAX_KEY_BYTES } from '@sts/core';
import { stateConfig } from '../../helpers/state-config.js';

class RecordingBackend extends MemoryStateStore {
  readonly keys: string[] = [];
  failWith: Error | undefined;
  closed = false;
  override async putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean> {
    this.keys.push(namespace, key);
    if (this.failWith) throw this.failWith;
    return super.putIfAbsent(namespace, key, ttlSeconds);
  }
  async ping(): Promise<void> {
    if (this.failWith) throw this.failWith;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('state store: the bounds layer', () => {
  let backend: RecordingBackend;
  let logger: RecordingLogger;
  let store: StateStore & { ping(): Promise<void>; close(): Promise<void> };
  beforeEach(() => {
    backend = new RecordingBackend(new ManualClock());
    logger = new RecordingLogger();
    store = createStateStore(stateConfig({ backend: 'memory' }), { clock: new ManualClock(), logger, provided: backend });
  });

  it(`passes keys of up to ${MAX_KEY_BYTES} bytes as they are, and hashes longer ones (namespace too) to 44 bytes`, async () => {
    const short = 'k'.repeat(MAX_KEY_BYTES);
    await store.putIfAbsent('nonce', short, 60);
    expect(backend.keys).to.deep.equal(['nonce', short]);
    // 33 characters but 65 bytes: the bound is in bytes.
    await store.putIfAbsent('n'.repeat(100), `${'é'.repeat(MAX_KEY_BYTES / 2)}x`, 60);
    await store.putIfAbsent('nonce', 'x'.repeat(60_000), 60);
    const [, , longNamespace, multiByteKey, namespace, longKey] = backend.keys;
    for (const hashed of [longNamespace, multiByteKey, longKey]) expect(hashed).to.match(/^#[A-Za-z0-9_-]{43}$/);
    expect(namespace).to.equal('nonce');
  });

  it('turns a backend failure into a StateStoreError (unavailable, wst:RequestFailed, Receiver) and logs it at error level', async () => {
    backend.failWith = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const error = await store.putIfAbsent('nonce', 'a', 60).then(() => expect.fail('stored'), (e: unknown) => e);
    expect(error).to.be.instanceOf(StateStoreError);
    expect((error as StateStoreError).refusal).to.equal('unavailable');
    expect((error as StateStoreError).faultCode).to.equal('RequestFailed');
    expect((error as StateStoreError).sender).to.equal(false);
    const logged = logger.records.filter((r) => (r.fields as { event?: string }).event === 'state.refused');
    expect(logged.map((r) => r.level)).to.deep.equal(['error']);
    expect(await store.ping().then(() => 'ready', (e: StateStoreError) => e.refusal)).to.equal('unavailable');
  });

  it('refuses a TTL that is not a positive number instead of storing forever or never', async () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await store.putIfAbsent('nonce', `ttl-${ttl}`, ttl).then(() => expect.fail(`stored with TTL ${ttl}`), (e: unknown) => e);
      expect(error, String(ttl)).to.be.instanceOf(ServerFailureError);
    }
    expect(backend.keys).to.deep.equal([]);
  });

  it('leaves a store the caller passed in open when it closes', async () => {
    await store.close();
    expect(backend.closed).to.equal(false);
  });
});
