/**
 * A draining worker closes its connections without cutting an answer short (core/src/http/connection-drainer.ts).
 * Each case has a control where it matters: Node's own `server.close()` on the same setup, which does cut it.
 */
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { ConnectionDrainer } from '@sts/core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BIG = 16 * 1024 * 1024;

interface Raw {
  readonly socket: Socket;
  /** Everything read until the server closed: resolves with the bytes and whether it ended with a reset. */
  readonly done: Promise<{ text: string; bytes: number; reset: boolean }>;
}

function open(port: number, paused = false): Raw {
  const socket = connect(port, '127.0.0.1');
  if (paused) socket.pause();
  const chunks: Buffer[] = [];
  let reset = false;
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {
    reset = true;
  });
  const done = new Promise<{ text: string; bytes: number; reset: boolean }>((ok) =>
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      ok({ text: all.subarray(0, 2000).toString('latin1'), bytes: all.length, reset });
    }),
  );
  return { socket, done };
}

const request = (path = '/') => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

async function start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number; drainer: ConnectionDrainer }> {
  const server = createServer((req, res) => {
    res.setHeader('Connection', 'close');
    handler(req, res);
  });
  const drainer = new ConnectionDrainer(server, 300);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as AddressInfo).port, drainer };
}

describe('ConnectionDrainer: a draining listener ends its connections without cutting an answer', function () {
  this.timeout(20_000);
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('answers a request that arrives on a connection opened before draining began', async () => {
    const s = await start((_req, res) => res.end('hello'));
    server = s.server;
    const raw = open(s.port);
    await new Promise((ok) => raw.socket.once('connect', ok));
    await sleep(50);
    const drained = s.drainer.drain();
    await sleep(100);
    raw.socket.write(request());
    const got = await raw.done;
    expect(got.reset).to.equal(false);
    expect(got.text).to.match(/^HTTP\/1\.1 200 OK/);
    expect(got.text).to.include('Connection: close');
    expect(got.text.endsWith('hello')).to.equal(true);
    await drained;
  });

  /** A 16 MB answer handed to the socket of a client that is not reading; `close` runs once it is finished. */
  async function slowReaderAfter(close: (s: Awaited<ReturnType<typeof start>>) => unknown): Promise<{ bytes: number; reset: boolean }> {
    const body = Buffer.alloc(BIG, 'a');
    let finished!: () => void;
    const finishedP = new Promise<void>((ok) => (finished = ok));
    const s = await start((_req, res) => {
      res.setHeader('content-length', BIG);
      res.end(body);
      finished();
    });
    server = s.server;
    const raw = open(s.port, true);
    raw.socket.write(request());
    await finishedP;
    const closing = close(s);
    await sleep(300);
    raw.socket.resume();
    const got = await raw.done;
    await closing;
    return got;
  }

  it('delivers a whole answer that is finished but not yet flushed to a slow reader', async () => {
    const got = await slowReaderAfter((s) => s.drainer.drain());
    expect(got.reset).to.equal(false);
    expect(got.bytes).to.be.greaterThan(BIG);
  });

  it('control: Node’s closeIdleConnections() cuts that answer short', async () => {
    const got = await slowReaderAfter((s) => s.server.closeIdleConnections());
    expect(got.bytes).to.be.lessThan(BIG);
  });

  it('ends, without a reset, a keep-alive connection that was answered and is idle', async () => {
    const server0 = createServer((_req, res) => res.end('one'));
    const drainer = new ConnectionDrainer(server0, 300);
    await new Promise<void>((ok) => server0.listen(0, '127.0.0.1', ok));
    server = server0;
    const raw = open((server0.address() as AddressInfo).port);
    raw.socket.write(request());
    await new Promise((ok) => raw.socket.once('data', ok));
    const drained = drainer.drain();
    const got = await raw.done;
    expect(got.reset).to.equal(false);
    expect(got.text.endsWith('one')).to.equal(true);
    await drained;
  });

  it('ends a connection that sends no request within the first-request grace, and the drain then completes', async () => {
    const s = await start((_req, res) => res.end('x'));
    server = s.server;
    const raw = open(s.port);
    await new Promise((ok) => raw.socket.once('connect', ok));
    const began = Date.now();
    await s.drainer.drain();
    const got = await raw.done;
    expect(Date.now() - began).to.be.within(250, 2000);
    expect(got.bytes).to.equal(0);
    expect(got.reset).to.equal(false);
  });

  it('keeps a connection whose request is in flight until destroyAll() at the end of the grace period', async () => {
    const s = await start(() => undefined);
    server = s.server;
    const raw = open(s.port);
    raw.socket.write(request());
    await sleep(100);
    let drained = false;
    void s.drainer.drain().then(() => (drained = true));
    await sleep(700);
    expect(raw.socket.destroyed).to.equal(false);
    expect(drained).to.equal(false);
    s.drainer.destroyAll();
    await raw.done;
    await sleep(50);
    expect(drained).to.equal(true);
  });
});

describe('ConnectionDrainer on a server that never listens (a worker: the primary hands it each connection)', function () {
  this.timeout(20_000);
  let front: NetServer | undefined;
  afterEach(() => front?.close());

  /** A listening TCP server that passes each connection to `server`, as the worker does with a handed socket. */
  async function handing(server: Server): Promise<number> {
    front = createNetServer((socket) => server.emit('connection', socket));
    await new Promise<void>((ok) => front!.listen(0, '127.0.0.1', ok));
    return (front.address() as AddressInfo).port;
  }

  it('waits for a handed connection with a request in flight, then completes once it is answered and closed', async () => {
    let answer!: () => void;
    const server = createServer((_req, res) => {
      answer = () => res.end('late');
    });
    const drainer = new ConnectionDrainer(server, 300);
    const port = await handing(server);
    const raw = open(port);
    raw.socket.write(request());
    await sleep(100);
    let drained = false;
    const draining = drainer.drain().then(() => (drained = true));
    await sleep(500);
    expect(drained, 'a server that never listened must not count as drained at once').to.equal(false);
    answer();
    const got = await raw.done;
    expect(got.reset).to.equal(false);
    expect(got.text.endsWith('late')).to.equal(true);
    await draining;
    expect(drained).to.equal(true);
  });

  it('completes at once when no connection was ever handed', async () => {
    const drainer = new ConnectionDrainer(createServer(() => undefined), 300);
    const began = Date.now();
    await drainer.drain();
    expect(Date.now() - began).to.be.lessThan(100);
  });
});
