/**
 * The primary owns the listeners and hands each connection to the worker holding the fewest
 * (core/src/process/connection-dealer.ts). Where a connection landed is read from /proc, not from the STS;
 * the `sts_worker_connections` gauge is checked against it.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as connectTcp, createServer, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { establishedConnections } from '../helpers/established-connections.js';
import { freePort } from '../helpers/free-port.js';
import { RELOAD_REFUSED, RELOADED, startStsProcess, type StsProcess } from '../helpers/sts-process.js';
import { waitUntil } from '../helpers/wait-until.js';

const REQUEST = 'GET /.well-known/jwks.json HTTP/1.1\r\nHost: sts\r\n\r\n';

/** Sends one request on an open keep-alive connection; resolves with the first bytes of the answer. */
function ask(socket: Socket): Promise<string> {
  return new Promise((ok, fail) => {
    socket.once('data', (chunk: Buffer) => ok(chunk.toString('latin1')));
    socket.once('error', fail);
    socket.write(REQUEST);
  });
}

/** `n` plain TCP connections opened in the same instant, each answered once and kept open. */
async function openAtOnce(port: number, n: number): Promise<Socket[]> {
  const sockets = await Promise.all(Array.from({ length: n }, () => new Promise<Socket>((ok, fail) => {
    const socket = connectTcp(port, '127.0.0.1', () => ok(socket));
    socket.once('error', fail);
  })));
  const answers = await Promise.all(sockets.map(ask));
  for (const answer of answers) expect(answer).to.match(/^HTTP\/1\.1 200 /);
  return sockets;
}

async function dealt(sts: StsProcess): Promise<Record<string, number>> {
  const families = parsePrometheusTextFormat(await (await fetch(`${sts.adminBase}/metrics`)).text()) as { name: string; metrics: { labels?: Record<string, string>; value: string }[] }[];
  const gauge = families.find((f) => f.name === 'sts_worker_connections');
  return Object.fromEntries((gauge?.metrics ?? []).map((m) => [m.labels?.['slot'] ?? '', Number(m.value)]));
}

/** Rewrites `server.port` in the running STS's config, sends SIGHUP, and waits for the primary's verdict. */
async function reloadOnPort(sts: StsProcess, port: number, verdict: string): Promise<string> {
  const config = JSON.parse(readFileSync(sts.configFile, 'utf8')) as { server: { port: number } };
  config.server.port = port;
  writeFileSync(sts.configFile, JSON.stringify(config, null, 2));
  return sts.reload(verdict);
}

const held = (sts: StsProcess, port: number) => sts.workerPids().map((pid) => establishedConnections(pid, port));

describe('e2e: the primary deals each connection to the worker that holds the fewest', function () {
  this.timeout(120_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });

  it('splits eight keep-alive connections opened in the same instant 4 and 4, HTTP and HTTPS, and counts them down as they close', async () => {
    sts = await startStsProcess({ workers: 2, tls: true });
    const s = sts;
    const sockets = await openAtOnce(s.port, 8);
    expect(held(s, s.port)).to.deep.equal([4, 4]);
    expect(await dealt(s)).to.deep.equal({ '0': 4, '1': 4 });

    // HTTPS: the TCP connection is dealt, the worker does the handshake.
    const ca = readFileSync(join(s.keysDir, 'tls-cert.pem'), 'utf8');
    const tlsSockets = await Promise.all(Array.from({ length: 4 }, () => new Promise<Socket>((ok, fail) => {
      const socket = connectTls({ port: s.tlsPort!, host: '127.0.0.1', servername: 'localhost', ca }, () => ok(socket));
      socket.once('error', fail);
    })));
    for (const answer of await Promise.all(tlsSockets.map(ask))) expect(answer).to.match(/^HTTP\/1\.1 200 /);
    expect(held(s, s.tlsPort!)).to.deep.equal([2, 2]);
    expect(await dealt(s)).to.deep.equal({ '0': 6, '1': 6 });

    // Three close, wherever they were: the next three fill up whichever worker has fewer, back to even.
    for (const socket of sockets.slice(0, 3)) socket.destroy();
    await waitUntil(async () => Object.values(await dealt(s)).reduce((a, b) => a + b) === 9, 5000, 'the closes to be reported', 50);
    const more = await openAtOnce(s.port, 3);
    expect(await dealt(s)).to.deep.equal({ '0': 6, '1': 6 });
    expect(held(s, s.port)).to.deep.equal([4, 4]);

    for (const socket of [...sockets, ...tlsSockets, ...more]) socket.destroy();
    await waitUntil(async () => Object.values(await dealt(s)).every((n) => n === 0), 5000, 'every close to be reported', 50);
    expect(held(s, s.port)).to.deep.equal([0, 0]);
  });

  it('refuses a connection over server.limits.maxConnections in the worker, and takes one again once another closed', async () => {
    sts = await startStsProcess({ workers: 1, server: { limits: { maxConnections: 2 } } });
    const s = sts;
    const two = await openAtOnce(s.port, 2);
    const third = connectTcp(s.port, '127.0.0.1');
    const closed = await new Promise<string>((ok) => {
      let got = '';
      third.on('data', (chunk: Buffer) => (got += chunk.toString('latin1')));
      third.on('error', () => undefined);
      third.on('connect', () => third.write(REQUEST));
      third.on('close', () => ok(got));
    });
    expect(closed, 'no answer on the refused connection').to.equal('');
    two[0]!.destroy();
    await waitUntil(async () => (await dealt(s))['0'] === 1, 5000, 'the close to be reported', 50);
    const again = await openAtOnce(s.port, 1);
    expect(await dealt(s)).to.deep.equal({ '0': 2 });
    for (const socket of [...two, ...again]) socket.destroy();
  });

  it('moves the HTTP listener on a reload that changes server.port: the new port serves, the old one refuses', async () => {
    sts = await startStsProcess({ workers: 1 });
    const s = sts;
    const newPort = await freePort();
    await reloadOnPort(s, newPort, RELOADED);
    const [moved] = await openAtOnce(newPort, 1);
    moved!.destroy();
    const refused = await new Promise<boolean>((ok) => {
      const socket = connectTcp(s.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        ok(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => ok(error.code === 'ECONNREFUSED'));
    });
    expect(refused).to.equal(true);
  });

  it('refuses a reload whose new port is taken, and keeps serving on the old one', async () => {
    sts = await startStsProcess({ workers: 1 });
    const s = sts;
    const taken = await freePort();
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(taken, '127.0.0.1', ok));
    try {
      const said = await reloadOnPort(s, taken, RELOAD_REFUSED);
      expect(said).to.include('STS_ERR_LISTEN_FAILED');
      const [still] = await openAtOnce(s.port, 1);
      still!.destroy();
      await waitUntil(() => s.workerPids().length === 1, 10_000, 'the refused generation to stop', 50);
    } finally {
      blocker.close();
    }
  });
});
