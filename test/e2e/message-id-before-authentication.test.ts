/**
 * Issue 7, item 1: no one-time state for a request before it has authenticated (DESIGN.md section 4 step 7).
 * The wsa:MessageID is checked read-only before the credential is verified (when the request has no credential
 * or is signed: MessageIdReplay.checkUnseen says why not otherwise), and recorded only after its processor has
 * accepted it; a status-only Validate without a credential records nothing; a MessageID over
 * the bound is refused before it is used as a key. Each negative test starts from a valid request, changes
 * one thing, and asserts the fault, that nothing was issued, and what the state store was asked to write.
 */
import { expect } from 'chai';
import { buildValidateRequest, parseValidateResponse } from '@sts/sdk/client';
import { MemoryStateStore, type StateStore } from '@sts/sdk';
import { SP_STS_PATH } from '@sts/core';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { editBody, validRequest, type RawRequest } from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const MESSAGE_ID = /<wsa:MessageID>[^<]*<\/wsa:MessageID>/;
const MAX_MESSAGE_ID = 2048;
const FLOOD = 40;

/** A MemoryStateStore that records every write, by namespace. */
class RecordingStateStore implements StateStore {
  readonly writes: { op: 'putIfAbsent' | 'increment'; namespace: string; keyLength: number }[] = [];
  /** The namespaces looked up with count(), one entry per call. */
  readonly lookups: string[] = [];
  private readonly inner: MemoryStateStore;

  constructor(now: () => Date) {
    this.inner = new MemoryStateStore({ now });
  }

  writesIn(namespace: string): number {
    return this.writes.filter((w) => w.namespace === namespace).length;
  }

  putIfAbsent(namespace: string, key: string, ttl: number) {
    this.writes.push({ op: 'putIfAbsent', namespace, keyLength: key.length });
    return this.inner.putIfAbsent(namespace, key, ttl);
  }

  increment(namespace: string, key: string, ttl: number) {
    this.writes.push({ op: 'increment', namespace, keyLength: key.length });
    return this.inner.increment(namespace, key, ttl);
  }

  count(namespace: string, key: string) {
    this.lookups.push(namespace);
    return this.inner.count(namespace, key);
  }

  delete(namespace: string, key: string) {
    return this.inner.delete(namespace, key);
  }

  // The issued-token store's records (README "Renew and Cancel": the demo partner stores its tokens).
  putRecord(namespace: string, key: string, value: string, ttl: number) {
    return this.inner.putRecord(namespace, key, value, ttl);
  }

  getRecord(namespace: string, key: string) {
    return this.inner.getRecord(namespace, key);
  }

  replaceRecord(namespace: string, key: string, expected: string, next: string, ttl: number) {
    return this.inner.replaceRecord(namespace, key, expected, next, ttl);
  }
}

/** A distinct MessageID of exactly `length` characters. */
function messageId(i: number, length = MAX_MESSAGE_ID): string {
  const head = `urn:flood:${i}:`;
  return head + 'x'.repeat(length - head.length);
}

function withMessageId(request: RawRequest, id: string): RawRequest {
  return editBody(request, MESSAGE_ID, `<wsa:MessageID>${id}</wsa:MessageID>`);
}

describe('e2e: wsa:MessageID is recorded only after authentication (issue 7)', () => {
  let t: TestSts;
  let store: RecordingStateStore;
  beforeEach(async () => {
    let clock: TestSts['clock'] | undefined;
    store = new RecordingStateStore(() => clock!.now());
    t = await startTestSts({ stateStore: store });
    clock = t.clock;
  });
  afterEach(() => t.close());

  async function statusValidate(id: string, credential: Parameters<typeof buildValidateRequest>[0]['credential'] = { kind: 'none' }) {
    const req = buildValidateRequest({ endpoint: `${t.base}${SP_STS_PATH}`, target: await demoIdpAssertion(t.clock.now()), credential, messageId: id, now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, SP_STS_PATH);
    return parseValidateResponse(res.body);
  }

  it('records the MessageID of an authenticated Issue once, with a maximal MessageID (control)', async () => {
    await expectIssued(t, withMessageId(validRequest(t), messageId(0)));
    expect(store.writesIn('wsa-message-id')).to.equal(1);
  });

  it('records nothing for a flood of status-only Validates without a credential, each with a distinct maximal MessageID', async () => {
    for (let i = 0; i < FLOOD; i++) {
      const reply = await statusValidate(messageId(i));
      expect(reply.ok && reply.status.valid, `request ${i}`).to.equal(true);
    }
    expect(store.writes).to.deep.equal([]);
    expect(t.issuedCount()).to.equal(0);
  });

  it('records the MessageID of a status-only Validate whose caller authenticated (control)', async () => {
    const reply = await statusValidate(messageId(1), { kind: 'username', username: 'joe', password: '2Federate' });
    expect(reply.ok && reply.status.valid).to.equal(true);
    expect(store.writesIn('wsa-message-id')).to.equal(1);
  });

  it('records no MessageID for a flood of Issues with a wrong password, each with a distinct maximal MessageID', async () => {
    for (let i = 0; i < FLOOD; i++) {
      await expectRefused(t, withMessageId(validRequest(t, { username: `nobody-${i}`, password: 'wrong' }), messageId(i)), { soapVersion: '1.2', code: 'FailedAuthentication' });
    }
    expect(store.writesIn('wsa-message-id')).to.equal(0);
    expect(t.issuedCount()).to.equal(0);
  });

  it('records nothing for a flood of Issues without a credential, each with a distinct maximal MessageID', async () => {
    for (let i = 0; i < FLOOD; i++) {
      await expectRefused(t, withMessageId(validRequest(t, { credential: { kind: 'none' } }), messageId(i)), { soapVersion: '1.2', code: 'FailedAuthentication' });
    }
    expect(store.writes).to.deep.equal([]);
  });

  it('refuses a MessageID one character over the bound with wst:InvalidRequest, before it is stored or looked up', async () => {
    await expectRefused(t, withMessageId(validRequest(t), messageId(0, MAX_MESSAGE_ID + 1)), { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(store.writes).to.deep.equal([]);
  });

  it('refuses an authenticated Issue that replays a MessageID with wst:ExpiredData, issuing nothing the second time', async () => {
    const request = withMessageId(validRequest(t), messageId(7));
    await expectIssued(t, request);
    await expectRefused(t, withMessageId(validRequest(t), messageId(7)), { soapVersion: '1.2', code: 'ExpiredData' });
    expect(t.issuedCount()).to.equal(1);
    // Unsigned, with a credential: no lookup before the credential; once it was verified, the copy's
    // insert-if-absent (the second write call) found the MessageID and refused it.
    expect(store.lookups.filter((n) => n === 'wsa-message-id')).to.deep.equal([]);
    expect(store.writesIn('wsa-message-id')).to.equal(2);
  });

  it('still refuses a status-only Validate without a credential whose MessageID was recorded before (read-only check)', async () => {
    await expectIssued(t, withMessageId(validRequest(t), messageId(8)));
    const reply = await statusValidate(messageId(8));
    if (reply.ok) throw new Error('answered with a status');
    expect(reply.fault.subcode?.localName).to.equal('ExpiredData');
    expect(store.writesIn('wsa-message-id')).to.equal(1);
    expect(store.lookups.filter((n) => n === 'wsa-message-id')).to.deep.equal(['wsa-message-id']);
  });
});
