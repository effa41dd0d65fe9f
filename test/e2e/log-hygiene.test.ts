/**
 * Log hygiene (issue 7, bullet 4): a refusal's log reason quotes no attacker-chosen value beyond a short
 * bound (never a SignatureValue), and a client that aborts its request is logged once at info, without a
 * stack, and is sent nothing. Each case starts from a valid request and changes one thing.
 */
import { expect } from 'chai';
import { connect } from 'node:net';
import { SP_STS_PATH } from '@sts/core';
import { buildIssueRequest, parseIssueResponse } from '@sts/sdk/client';
import { quoteForLog } from '@sts/sdk';
import type { LogRecord } from '@sts/sdk/testing';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { editBody, validRequest } from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

/** Every log line must stay well below the attacker's payloads, which are tens of kilobytes here. */
const MAX_LINE = 1500;

const event = (r: LogRecord) => (r.fields as { event?: string }).event;

describe('e2e log hygiene', () => {
  let t: TestSts;
  beforeEach(async () => {
    t = await startTestSts();
  });
  afterEach(() => t.close());

  async function issueAtSpSts(assertion: string) {
    const req = buildIssueRequest({ endpoint: `${t.base}${SP_STS_PATH}`, appliesTo: 'urn:example:local-app', credential: { kind: 'token', xml: assertion }, now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, SP_STS_PATH);
    return { res, reply: parseIssueResponse(res.body) };
  }

  it('SP STS issues for the unmodified demo IdP assertion', async () => {
    const before = t.issuedCount();
    const { reply } = await issueAtSpSts(await demoIdpAssertion(t.clock.now()));
    expect(reply.ok).to.equal(true);
    expect(t.issuedCount()).to.equal(before + 1);
  });

  it('refuses an assertion with a huge tampered SignatureValue, and the log line neither holds it nor grows with it', async () => {
    const assertion = await demoIdpAssertion(t.clock.now());
    const huge = Buffer.alloc(45_000, 0x5a).toString('base64'); // 60,000 base64 characters
    const tampered = assertion.replace(/(<ds:SignatureValue>)[^<]*/, `$1${huge}`);
    expect(tampered).to.not.equal(assertion);
    const before = t.issuedCount();
    const logBefore = t.logger.records.length;

    const { res, reply } = await issueAtSpSts(tampered);
    if (reply.ok) expect.fail('issued');
    expect(res.status).to.equal(400);
    expect(reply.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount(), 'nothing was issued').to.equal(before);

    const lines = t.logger.records.slice(logBefore).map((r) => JSON.stringify(r));
    expect(lines.filter((l) => l.includes('request.refused'))).to.have.length(1);
    for (const line of lines) {
      expect(line).to.not.include(huge.slice(0, 64));
      expect(line.length, line.slice(0, 300)).to.be.below(MAX_LINE);
    }
  });

  // The longest MessageID the face accepts (message-id-replay.ts, MAX_MESSAGE_ID_LENGTH); a longer one is
  // refused before it is quoted anywhere.
  it('logs a replayed 2,048-character wsa:MessageID bounded: an excerpt, an ellipsis and the length', async () => {
    const messageId = `urn:uuid:${'7'.repeat(2039)}`;
    const request = editBody(validRequest(t), /<wsa:MessageID>[^<]*<\/wsa:MessageID>/, `<wsa:MessageID>${messageId}</wsa:MessageID>`);
    await expectIssued(t, request);
    await expectRefused(t, request, { soapVersion: '1.2', code: 'ExpiredData' });
    const refused = t.logger.records.filter((r) => event(r) === 'request.refused').at(-1)!;
    const reason = (refused.fields as { reason: string }).reason;
    expect(reason).to.include(quoteForLog(messageId));
    expect(reason).to.include('… (2048 characters)');
    expect(JSON.stringify(refused).length).to.be.below(MAX_LINE);
  });

  it('logs a client that aborts while sending its body once, at info, without a stack, and answers nothing', async () => {
    const request = validRequest(t);
    const body = Buffer.from(request.body as string, 'utf8');
    const { port } = new URL(t.base);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    socket.write(`POST /idp/sts.wst HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${request.contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.subarray(0, 200));
    let answered = '';
    socket.on('data', (chunk: Buffer) => (answered += chunk.toString('latin1')));
    await new Promise((ok) => setTimeout(ok, 100)); // let the server start reading the body
    socket.resetAndDestroy();

    await waitFor(() => t.logger.records.some((r) => event(r) === 'request.aborted'), 3000);
    const aborted = t.logger.records.filter((r) => event(r) === 'request.aborted');
    expect(aborted).to.have.length(1);
    expect(aborted[0]!.level).to.equal('info');
    expect(aborted[0]!.fields).to.not.have.property('stack');
    expect(t.logger.records.filter((r) => r.level === 'error'), 'no error-level line').to.deep.equal([]);
    expect(t.logger.records.filter((r) => event(r) === 'request.refused'), 'no fault was written').to.deep.equal([]);
    expect(answered).to.equal('');
  });
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((ok) => setTimeout(ok, 20));
  if (!condition()) throw new Error(`condition not met within ${ms} ms`);
}
