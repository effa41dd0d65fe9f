/**
 * A worker's side of the dealing (core/src/process/handed-connections.ts), with real sockets: each is the
 * server side of a loopback connection, as the primary hands it over.
 */
import { expect } from 'chai';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { HandedConnections } from '@sts/core';

interface Pair {
  /** The client's end. */
  readonly client: Socket;
  /** The server's end: what the primary would hand over. */
  readonly handed: Socket;
}

describe('HandedConnections: a worker serves the connections the primary hands it', function () {
  this.timeout(10_000);
  let acceptor: Server;
  let port: number;
  const accepted: Socket[] = [];
  before(async () => {
    acceptor = createServer({ pauseOnConnect: true }, (socket) => accepted.push(socket));
    await new Promise<void>((ok) => acceptor.listen(0, '127.0.0.1', ok));
    port = (acceptor.address() as AddressInfo).port;
  });
  after(() => acceptor.close());

  async function pair(): Promise<Pair> {
    const client = connect(port, '127.0.0.1');
    client.on('error', () => undefined);
    await new Promise((ok) => client.once('connect', ok));
    while (accepted.length === 0) await new Promise((r) => setTimeout(r, 5));
    return { client, handed: accepted.shift()! };
  }

  /** Resolves with what the client read until the connection closed. */
  const readAll = (client: Socket) => new Promise<string>((ok) => {
    let got = '';
    client.on('data', (chunk: Buffer) => (got += chunk.toString('latin1')));
    client.once('close', () => ok(got));
  });

  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 5));
  };

  it('gives a handed socket to the server of its listener, which answers on it, and reports its close once', async () => {
    let closes = 0;
    const handed = new HandedConnections(() => closes++);
    const server = createHttpServer((_req, res) => res.end('hello'));
    handed.serve('http', server);
    const { client, handed: socket } = await pair();
    handed.adopt('http', socket);
    const answer = readAll(client);
    client.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await answer).to.match(/^HTTP\/1\.1 200 OK[\s\S]*hello$/);
    await until(() => closes > 0);
    expect(closes).to.equal(1);
  });

  it("refuses a connection over its server's maxConnections, reports it, and takes one again once another closed", async () => {
    let closes = 0;
    const handed = new HandedConnections(() => closes++);
    const server = createHttpServer((_req, res) => res.end('ok'));
    server.maxConnections = 1;
    handed.serve('http', server);
    const first = await pair();
    handed.adopt('http', first.handed);
    const second = await pair();
    const refused = readAll(second.client);
    handed.adopt('http', second.handed);
    expect(await refused).to.equal('');
    expect(closes).to.equal(1);
    first.client.destroy();
    await until(() => closes === 2);
    const third = await pair();
    handed.adopt('http', third.handed);
    const answer = readAll(third.client);
    third.client.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await answer).to.match(/ok$/);
  });

  it('refuses, and reports, a connection for a listener it does not serve, one handed after draining began, and a message without its socket', async () => {
    let closes = 0;
    const handed = new HandedConnections(() => closes++);
    handed.serve('http', createHttpServer(() => undefined));
    const https = await pair();
    const refusedHttps = readAll(https.client);
    handed.adopt('https', https.handed);
    expect(await refusedHttps).to.equal('');
    handed.adopt('http', undefined);
    handed.refuseFromNow();
    const late = await pair();
    const refusedLate = readAll(late.client);
    handed.adopt('http', late.handed);
    expect(await refusedLate).to.equal('');
    expect(closes).to.equal(3);
  });
});
