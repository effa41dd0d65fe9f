/**
 * HTTP server limits (issue 7, bullet 2; config `server.limits`): slow and idle clients are dropped on time,
 * a client over its connection cap is closed at once, a connection serves a bounded number of requests, and
 * valid requests keep being served while slow clients are connected. The sockets are few and on loopback,
 * and the timeouts small, so the file runs in a few seconds.
 */
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { JWKS_PATH } from '@sts/core';
import { expectIssued } from '../helpers/expect-fault.js';
import { validRequest } from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const LIMITS = {
  headersTimeoutMs: 400,
  requestTimeoutMs: 800,
  keepAliveTimeoutMs: 300,
  maxConnections: 200,
  maxConnectionsPerClient: 100,
  maxRequestsPerSocket: 2,
};
/** Timers, event-loop turns and a shared two-core machine: how late a drop may come. */
const SLACK_MS = 1500;

interface OpenedSocket {
  readonly socket: Socket;
  readonly openedAt: number;
  /** Resolves with the milliseconds from open to close. */
  readonly closed: Promise<number>;
}

function openSocket(t: TestSts, firstBytes?: string): Promise<OpenedSocket> {
  const { port } = new URL(t.base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {}); // a reset by the server is what some tests expect
    socket.once('connect', () => {
      const openedAt = Date.now();
      const closed = new Promise<number>((ok) => socket.once('close', () => ok(Date.now() - openedAt)));
      if (firstBytes !== undefined) socket.write(firstBytes);
      resolve({ socket, openedAt, closed });
    });
    socket.once('error', reject);
  });
}

const GET_JWKS = `GET ${JWKS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

/** Writes one request and resolves with the whole response (head and a Content-Length body) as text. */
function exchange(socket: Socket, requestText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.slice(0, headEnd))?.[1] ?? 0);
      if (received.length < headEnd + 4 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(received);
    };
    const onClose = () => reject(new Error(`closed before a whole response: ${received}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(requestText);
  });
}

const HALF_A_HEAD = 'POST /idp/sts.wst HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty';

describe('e2e server limits (server.limits)', () => {
  let t: TestSts;
  beforeEach(async () => {
    t = await startTestSts({ serverLimits: LIMITS });
  });
  afterEach(() => t.close());

  it('keeps issuing while 50 clients stall half-way through their request head, and drops them within headersTimeoutMs', async () => {
    const slow = await Promise.all(Array.from({ length: 50 }, () => openSocket(t, HALF_A_HEAD)));
    await expectIssued(t, validRequest(t));
    await expectIssued(t, validRequest(t, { soapVersion: '1.1' }));
    const lifetimes = await Promise.all(slow.map((s) => s.closed));
    for (const ms of lifetimes) expect(ms).to.be.at.least(LIMITS.headersTimeoutMs - 50).and.below(LIMITS.headersTimeoutMs + SLACK_MS);
  });

  it('drops a client that connects and sends nothing within headersTimeoutMs', async () => {
    const idle = await openSocket(t);
    expect(await idle.closed).to.be.below(LIMITS.headersTimeoutMs + SLACK_MS);
  });

  it('drops a client whose body stalls within requestTimeoutMs', async () => {
    const head = 'POST /idp/sts.wst HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 1000\r\n\r\n<s:Envelope';
    const stalled = await openSocket(t, head);
    const ms = await stalled.closed;
    expect(ms).to.be.at.least(LIMITS.requestTimeoutMs - 50).and.below(LIMITS.requestTimeoutMs + SLACK_MS);
    const errors = t.logger.records.filter((r) => r.level === 'error');
    expect(errors, JSON.stringify(errors)).to.deep.equal([]);
  });

  it('closes a connection after maxRequestsPerSocket requests', async () => {
    const opened = await openSocket(t);
    const first = await exchange(opened.socket, GET_JWKS);
    const second = await exchange(opened.socket, GET_JWKS);
    expect(first).to.match(/^HTTP\/1\.1 200 /).and.match(/\r\nconnection: keep-alive\r\n/i);
    expect(second).to.match(/^HTTP\/1\.1 200 /).and.match(/\r\nconnection: close\r\n/i);
    const doneAt = Date.now();
    await opened.closed;
    // Well before the keep-alive time: the server ends the connection right after the last response.
    expect(Date.now() - doneAt).to.be.below(LIMITS.keepAliveTimeoutMs);
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs (plus headersTimeoutMs at most)', async () => {
    const opened = await openSocket(t);
    expect(await exchange(opened.socket, GET_JWKS)).to.match(/\r\nconnection: keep-alive\r\n/i);
    const idleSince = Date.now();
    await opened.closed;
    expect(Date.now() - idleSince).to.be.at.least(LIMITS.keepAliveTimeoutMs - 50).and.below(LIMITS.keepAliveTimeoutMs + LIMITS.headersTimeoutMs + SLACK_MS);
  });
});

describe('e2e server limits: connections per client (server.limits.maxConnectionsPerClient)', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts({ serverLimits: { ...LIMITS, headersTimeoutMs: 20_000, requestTimeoutMs: 20_000, maxConnectionsPerClient: 5 } });
  });
  after(() => t.close());

  it('destroys a connection over the cap at once, keeps the others, and accepts again once one closes', async () => {
    const five = await Promise.all(Array.from({ length: 5 }, () => openSocket(t)));
    await new Promise((ok) => setTimeout(ok, 100)); // let the server see all five
    const sixth = await openSocket(t);
    expect(await sixth.closed).to.be.below(SLACK_MS);
    expect(five.every((s) => !s.socket.destroyed)).to.equal(true);
    const dropped = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'connection.dropped');
    expect(dropped.map((r) => (r.fields as { reason?: string }).reason)).to.deep.equal(['max-connections-per-client']);

    five[0]!.socket.destroy();
    await five[0]!.closed;
    await new Promise((ok) => setTimeout(ok, 100));
    // A full request on a new connection is served again.
    await expectIssued(t, validRequest(t));
    for (const s of five) s.socket.destroy();
  });
});
