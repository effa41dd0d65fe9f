/**
 * The process model, run as an operator runs it: `sts start` with a primary and workers, the admin listener,
 * worker replacement, reload, memory recycling, HTTPS and SIGTERM. Load is bounded (a few requests at a
 * time for a few seconds) and only ever sent to 127.0.0.1.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { buildIssueRequest, StsClient, type StsIssueResult } from '@sts/sdk/client';
import { connect } from 'node:net';
import { TokenType } from '@sts/sdk';
import { demoInstances } from '../helpers/start-test-sts.js';
import { oneShotFetch, RELOAD_REFUSED, RELOADED, startStsProcess, type StsProcess } from '../helpers/sts-process.js';
import { waitUntil } from '../helpers/wait-until.js';

const DEMO = { appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' } as const;

interface LoadResult {
  ok: number;
  faults: string[];
  errors: string[];
  /** An answer that said 200 but carried no signed token. */
  unsigned: number;
}

/** Sends issue requests from `concurrency` loops until `until()` says stop. */
async function load(client: StsClient, concurrency: number, until: () => boolean, tokenType?: string): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, faults: [], errors: [], unsigned: 0 };
  const loop = async (): Promise<void> => {
    while (!until()) {
      let reply: StsIssueResult;
      try {
        reply = await client.issue({ ...DEMO, ...(tokenType ? { tokenType } : {}) });
      } catch (error) {
        result.errors.push((error as Error).message);
        continue;
      }
      if (!reply.ok) result.faults.push(reply.fault.subcode?.localName ?? reply.fault.code);
      else if (reply.token.includes('<ds:SignatureValue>') || /^[\w-]+\.[\w-]+\.[\w-]+$/.test(reply.token)) result.ok++;
      else result.unsigned++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return result;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every answer was a signed token: no client error, no fault. */
function expectAllSigned(result: LoadResult, atLeast: number): void {
  expect(result.errors).to.deep.equal([]);
  expect(result.faults).to.deep.equal([]);
  expect(result.unsigned).to.equal(0);
  expect(result.ok).to.be.greaterThan(atLeast);
}


describe('e2e: the process model (primary, workers, admin listener)', function () {
  this.timeout(120_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });
  const client = (s: StsProcess, path = '/idp/sts.wst') => new StsClient({ endpoint: `${s.base}${path}`, fetch: oneShotFetch(), timeoutMs: 15_000 });

  it('runs the configured number of workers, says so in the banner, and serves /healthz, /readyz and /metrics on the admin port only', async () => {
    sts = await startStsProcess({ workers: 2 });
    expect(sts.output()).to.match(/workers: {2}2 \(primary pid \d+\); state backend: \w+/);
    expect(sts.output()).to.include(`admin:    ${sts.adminBase}/healthz`);
    expect(sts.workerPids()).to.have.length(2);

    expect((await fetch(`${sts.adminBase}/healthz`)).status).to.equal(200);
    const ready = await fetch(`${sts.adminBase}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.include({ ready: true });

    const before = await scrape(sts);
    for (let i = 0; i < 3; i++) expect((await client(sts).issue(DEMO)).ok).to.equal(true);
    const fault = await client(sts).issue({ ...DEMO, password: 'wrong' });
    expect(fault.ok).to.equal(false);
    const after = await scrape(sts);
    expect(counter(after, 'sts_requests_total', { endpoint: '/idp/sts.wst', operation: 'issue', outcome: 'success' }) - counter(before, 'sts_requests_total', { endpoint: '/idp/sts.wst', operation: 'issue', outcome: 'success' })).to.equal(3);
    expect(counter(after, 'sts_faults_total', { code: 'wst:FailedAuthentication' })).to.be.at.least(1);
    expect(counter(after, 'sts_tokens_issued_total', { token_type: TokenType.Saml20, connection: 'demo-sp' })).to.be.at.least(3);
    expect(after.some((f) => f.name === 'sts_request_duration_seconds')).to.equal(true);
    expect(after.some((f) => f.name === 'sts_worker_restarts_total')).to.equal(true);
    const text = await (await fetch(`${sts.adminBase}/metrics`)).text();
    expect(text).not.to.include('joe');
    expect(text).not.to.include('2Federate');
    expect(text).not.to.include('Assertion');

    // The audit log: one event per request, issued or refused, apart from the server log; no credential in it.
    await waitUntil(() => auditEvents(sts!).length >= 4, 5000, 'the audit events');
    const events = auditEvents(sts);
    const issued = events.filter((e) => e['outcome'] === 'issued');
    expect(issued).to.have.length(3);
    expect(issued[0]).to.include({ endpoint: '/idp/sts.wst', operation: 'issue', connection: 'demo-sp', processor: 'username', generator: 'saml20', tokenType: TokenType.Saml20, subject: 'joe' });
    expect(issued[0]!['requestId']).to.be.a('string');
    expect(issued[0]!['durationMs']).to.be.a('number');
    const refused = events.filter((e) => e['outcome'] === 'refused');
    expect(refused).to.have.length(1);
    expect(refused[0]).to.include({ operation: 'issue', faultCode: 'wst:FailedAuthentication' });
    const auditText = readFileSync(join(dirname(sts.configFile), 'audit.log'), 'utf8');
    expect(auditText).not.to.include('2Federate');
    expect(auditText).not.to.include('wrong');
    expect(auditText).not.to.include('Assertion');
    expect(sts.output()).not.to.include('"log":"audit"');

    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(`${sts.base}${path}`)).status, `${path} on the public port`).to.be.oneOf([404, 405]);
    }
    expect((await fetch(`${sts.adminBase}/metrics`, { method: 'POST' })).status).to.equal(405);
    expect((await fetch(`${sts.adminBase}/nothing`)).status).to.equal(404);
  });

  it('replaces a worker killed with SIGKILL under load; the other keeps answering and no answer is partial or unsigned', async () => {
    sts = await startStsProcess({ workers: 2 });
    const [victim, survivor] = sts.workerPids();
    let stop = false;
    const running = load(client(sts), 4, () => stop);
    await sleep(1500);
    const mark = sts.output().length;
    process.kill(victim!, 'SIGKILL');
    await sts.waitFor(/worker exited unexpectedly \(SIGKILL\): replacing it/, 5000, mark);
    await waitUntil(() => sts!.workerPids().length === 2 && !sts!.workerPids().includes(victim!), 10_000, 'a replacement worker');
    expect(sts.workerPids()).to.include(survivor);
    await sleep(1500);
    stop = true;
    const result = await running;
    expect(result.unsigned).to.equal(0);
    expect(result.faults).to.deep.equal([]);
    // Only what was in flight on the killed worker may fail: at most one request per load loop.
    expect(result.errors.length).to.be.at.most(4);
    expect(result.ok).to.be.greaterThan(10);
    const ready = await (await fetch(`${sts.adminBase}/readyz`)).json();
    expect(ready).to.deep.include({ ready: true });
    expect(counter(await scrape(sts), 'sts_worker_restarts_total', { reason: 'exit' })).to.equal(1);
  });

  it('reloads on SIGHUP under load with no failed request, and a generator disabled by the reload is refused', async () => {
    sts = await startStsProcess({ workers: 2 });
    expect((await client(sts).issue({ ...DEMO, tokenType: TokenType.Jwt })).ok).to.equal(true);
    const oldPids = sts.workerPids();
    let stop = false;
    const running = load(client(sts), 4, () => stop);
    await sleep(1000);
    sts.writeManifest(demoInstances().map((i) => (i['id'] === 'jwt' ? { ...i, enabled: false } : i)));
    await sts.reload();
    await waitUntil(() => sts!.workerPids().every((p) => !oldPids.includes(p)), 15_000, 'the old workers to exit');
    await sleep(1000);
    stop = true;
    expectAllSigned(await running, 10);
    const refused = await client(sts).issue({ ...DEMO, tokenType: TokenType.Jwt });
    expect(refused.ok).to.equal(false);
    expect(refused.ok ? '' : refused.fault.subcode?.localName).to.equal('RequestFailed');
    expect((await client(sts).issue(DEMO)).ok).to.equal(true);
  });

  it('reloads six times in a row under load from fresh connections: no request fails, none is left unanswered', async () => {
    // A drained worker that exits while node:cluster's primary is still handing it a connection leaves that
    // connection unanswered (the primary is told nothing): seen about once in fifteen reloads before the worker
    // waited for the primary's word that no hand-off follows. A lost one shows here as the client's timeout.
    sts = await startStsProcess({ workers: 2 });
    let stop = false;
    const running = load(client(sts), 8, () => stop);
    for (let i = 0; i < 6; i++) {
      await sleep(500);
      await sts.reload();
    }
    await sleep(1000);
    stop = true;
    expectAllSigned(await running, 100);
  });

  it('keeps serving on the old configuration when a reload finds an invalid plugins.json, and logs the code and file', async () => {
    sts = await startStsProcess({ workers: 1 });
    const pids = sts.workerPids();
    sts.writeManifest('{ "instances": [ { "id": "Bad Id", "package": "x" } ] }');
    const refused = await sts.reload(RELOAD_REFUSED, 10_000);
    expect(refused).to.include('STS_ERR_MANIFEST_INVALID');
    expect(refused).to.include(sts.manifestFile);
    expect(sts.workerPids()).to.deep.equal(pids);
    expect((await client(sts).issue(DEMO)).ok).to.equal(true);

    // A manifest that is valid JSON but names a package that is not installed fails in the new workers:
    // the old generation keeps serving too.
    sts.writeManifest([...demoInstances(), { id: 'missing', package: '@sts/not-installed' }]);
    expect(await sts.reload(RELOAD_REFUSED)).to.include('STS_ERR_PLUGIN_NOT_FOUND');
    // The refused generation's worker reports its failure before it has exited: wait for it to be gone.
    await waitUntil(() => JSON.stringify(sts!.workerPids()) === JSON.stringify(pids), 10_000, 'the failed worker to exit');
    expect(sts.workerPids()).to.deep.equal(pids);
    expect((await client(sts).issue(DEMO)).ok).to.equal(true);
  });

  it('`sts reload` signals the running primary through its pid file', async () => {
    sts = await startStsProcess({ workers: 1 });
    const { spawnSync } = await import('node:child_process');
    const mark = sts.output().length;
    const run = spawnSync(process.execPath, ['core/dist/main.js', 'reload', '--config', sts.configFile], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/sent SIGHUP to the STS primary \(pid \d+\)/);
    await sts.waitFor(RELOADED, 30_000, mark);
  });

  it('recycles a worker whose resident memory passes server.maxWorkerRssMb, and keeps serving', async () => {
    // 64 MB is below any worker's RSS: each worker is recycled once it has run for the minimum age.
    sts = await startStsProcess({ workers: 1, server: { maxWorkerRssMb: 64 } });
    const [first] = sts.workerPids();
    await sts.waitFor('worker passed its memory limit: replacing it', 30_000);
    await waitUntil(() => sts!.workerPids().length === 1 && sts!.workerPids()[0] !== first, 15_000, 'the recycled worker to be replaced');
    expect((await client(sts).issue(DEMO)).ok).to.equal(true);
    expect(counter(await scrape(sts), 'sts_worker_restarts_total', { reason: 'memory' })).to.be.at.least(1);
  });

  it('serves HTTPS with the development certificate, whose chain a client can pin', async () => {
    sts = await startStsProcess({ workers: 1, tls: true });
    expect(sts.output()).to.include(`and https://localhost:${sts.tlsPort}`);
    expect(sts.output()).to.match(/WARNING: HTTPS uses the generated development certificate/);
    const ca = readFileSync(join(sts.keysDir, 'tls-cert.pem'), 'utf8');
    const https = new StsClient({ endpoint: `https://localhost:${sts.tlsPort}/idp/sts.wst`, fetch: oneShotFetch(ca) });
    const reply = await https.issue(DEMO);
    expect(reply.ok).to.equal(true);
    // Without the certificate pinned, the client refuses the connection: it is not a public CA's.
    const untrusted = new StsClient({ endpoint: `https://localhost:${sts.tlsPort}/idp/sts.wst`, fetch: oneShotFetch() });
    let refused = false;
    try {
      await untrusted.issue(DEMO);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });

  it('drains on SIGTERM: a request in flight is answered, new connections are refused, the primary exits 0 and says so', async () => {
    sts = await startStsProcess({ workers: 2 });
    const built = buildIssueRequest({ endpoint: `${sts.base}/idp/sts.wst`, appliesTo: DEMO.appliesTo, soapVersion: '1.2', credential: { kind: 'username', username: DEMO.username, password: DEMO.password } });
    const body = Buffer.from(built.body, 'utf8');
    // A request surely in flight: its head and half its body are sent before SIGTERM, the rest after.
    const socket = connect(sts.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    const closed = new Promise<void>((ok) => socket.on('close', () => ok()));
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    socket.write(`POST /idp/sts.wst HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${built.contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.subarray(0, body.length >> 1));
    await sleep(300);
    const exited = new Promise<number | null>((ok) => sts!.child.once('exit', (code) => ok(code)));
    sts.child.kill('SIGTERM');
    await sts.waitFor('shutting down: draining workers', 5000);
    await sleep(300);
    let refused = false;
    try {
      await client(sts).issue(DEMO);
    } catch {
      refused = true;
    }
    expect(refused, 'a new connection while draining').to.equal(true);
    socket.write(body.subarray(body.length >> 1));
    await closed; // the draining worker closes the connection once it has answered
    expect(answer).to.match(/^HTTP\/1\.1 200 /);
    expect(answer).to.include('<ds:SignatureValue>');
    expect(await exited).to.equal(0);
    expect(sts.output()).to.include('"msg":"stopped"');
  });
});

type Family = { name: string; metrics: { value?: string; labels?: Record<string, string> }[] };

async function scrape(sts: StsProcess): Promise<Family[]> {
  const res = await fetch(`${sts.adminBase}/metrics`);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await res.text()) as Family[];
}

function auditEvents(sts: StsProcess): Record<string, unknown>[] {
  let text = '';
  try {
    text = readFileSync(join(dirname(sts.configFile), 'audit.log'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function counter(families: Family[], name: string, labels: Record<string, string>): number {
  const family = families.find((f) => f.name === name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric === undefined ? 0 : Number(metric.value);
}
