/**
 * The request body reader (core/src/http/read-body.ts), on a real node:http server: the whole body, the size cap
 * on a chunked body (the rest is dropped so the answer still goes out), a client that leaves half-way, a request
 * already destroyed before it is read (refused at once, never a wait), and a compressed body.
 */
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { ClientAbortedError, readBody } from '@sts/core';

const MAX = 1024;

describe('readBody', () => {
  let server: Server;
  let port: number;
  let outcome: Promise<Buffer | Error>;
  let before: ((req: IncomingMessage) => Promise<void> | void) | undefined;

  beforeEach(async () => {
    before = undefined;
    let settle: (value: Buffer | Error) => void = () => undefined;
    outcome = new Promise((ok) => (settle = ok));
    server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
      await before?.(req);
      readBody(req, MAX).then(
        (body) => {
          settle(body);
          res.end(`read ${body.length}`);
        },
        (error: Error) => {
          settle(error);
          if (!res.destroyed) res.writeHead((error as { httpStatus?: number }).httpStatus ?? 500).end(error.message);
        },
      );
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise<void>((ok) => server.close(() => ok())));

  /** Writes raw bytes; resolves with everything the server sent back before it closed or 1 s passed. */
  function raw(bytes: string, end = true): Promise<string> {
    return new Promise((ok) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(bytes);
        if (end) socket.end();
      });
      let text = '';
      socket.on('data', (c) => (text += c.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => ok(text));
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  it('returns the whole body, in order', async () => {
    const answer = await raw('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n');
    expect((await outcome).toString()).to.equal('abcdef');
    expect(answer).to.match(/^HTTP\/1\.1 200/).and.to.include('read 6');
  });

  it('refuses a chunked body past the cap with 413, and the answer still reaches the client', async () => {
    const chunk = 'x'.repeat(600);
    const answer = await raw(`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`);
    const error = await outcome;
    expect(error).to.be.instanceOf(Error).and.to.have.property('httpStatus', 413);
    expect(answer).to.match(/^HTTP\/1\.1 413/).and.to.include(`body exceeds ${MAX} bytes`);
  });

  it('raises ClientAbortedError when the client leaves before the body is complete', async () => {
    await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it');
    expect(await outcome).to.be.instanceOf(ClientAbortedError);
  });

  it('raises ClientAbortedError at once for a request already destroyed and closed, instead of waiting for events that will not come', async () => {
    before = async (req) => {
      req.destroy();
      await once(req, 'close');
    };
    await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc');
    expect(await outcome).to.be.instanceOf(ClientAbortedError);
  });

  it('refuses a compressed body with 415 before reading it', async () => {
    const answer = await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc');
    expect(await outcome).to.have.property('httpStatus', 415);
    expect(answer).to.match(/^HTTP\/1\.1 415/);
  });
});
