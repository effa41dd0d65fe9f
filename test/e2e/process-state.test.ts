/**
 * Replay protection and readiness across the real process model: workers of one STS share the SQLite file,
 * a restarted STS keeps what it recorded, and a Redis outage turns readiness false and refuses requests
 * until Redis is back. Requests go to 127.0.0.1 only, a few at a time.
 */
import { expect } from 'chai';
import { buildIssueRequest } from '@sts/sdk/client';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';
import { postRaw, startStsProcess, type StsProcess } from '../helpers/sts-process.js';
import { tempDir } from '../helpers/paths.js';
import { join } from 'node:path';
import { waitUntil } from '../helpers/wait-until.js';

function digestRequest(sts: StsProcess) {
  const built = buildIssueRequest({
    endpoint: `${sts.base}/idp/sts.wst`,
    appliesTo: 'urn:example:sp',
    soapVersion: '1.2',
    credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'digest' },
  });
  return { body: built.body, contentType: built.contentType };
}

const subcode = (body: string) => /<(?:\w+:)?Value>(?:\w+:)?(\w+)<\/(?:\w+:)?Value><\/(?:\w+:)?Subcode>/.exec(body)?.[1];
const signed = (body: string) => body.includes('<ds:SignatureValue>');

describe('e2e: one-time values across workers, restarts and a Redis outage', function () {
  this.timeout(120_000);
  let sts: StsProcess | undefined;
  let redis: TestRedisServer | undefined;
  afterEach(async () => {
    await sts?.stop();
    await redis?.stop();
    sts = undefined;
    redis = undefined;
  });

  it('the same one-time request sent at once to every worker succeeds exactly once (SQLite shared by the workers)', async () => {
    sts = await startStsProcess({ workers: 2 });
    const request = digestRequest(sts);
    const answers = await Promise.all(Array.from({ length: 8 }, () => postRaw(`${sts!.base}/idp/sts.wst`, request)));
    const issued = answers.filter((a) => a.status === 200);
    expect(issued).to.have.length(1);
    expect(signed(issued[0]!.body)).to.equal(true);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status).to.equal(400);
      expect(signed(refused.body)).to.equal(false);
      expect(subcode(refused.body)).to.be.oneOf(['FailedAuthentication', 'ExpiredData']);
    }
    // Both workers took part: their log lines carry their pids.
    const pids = new Set([...sts.output().matchAll(/"role":"worker","pid":(\d+)[^\n]*"event":"(?:request\.refused|token\.issued)"/g)].map((m) => m[1]));
    expect(pids.size, 'requests reached both workers').to.equal(2);
  });

  it('the primary checkpoints the shared SQLite file the workers write (sts_state_checkpoints_total counts its runs)', async () => {
    sts = await startStsProcess({ workers: 2 });
    const checkpoints = async () => Number(/^sts_state_checkpoints_total\{outcome="ok"\} (\d+)/m.exec(await (await fetch(`${sts!.adminBase}/metrics`)).text())?.[1] ?? 0);
    for (let i = 0; i < 4; i++) expect((await postRaw(`${sts.base}/idp/sts.wst`, digestRequest(sts))).status).to.equal(200);
    const before = await checkpoints();
    await waitUntil(async () => (await checkpoints()) >= before + 2, 10_000, 'two more checkpoints by the primary', 200);
    const metrics = await (await fetch(`${sts.adminBase}/metrics`)).text();
    expect(metrics).not.to.match(/^sts_state_checkpoints_total\{outcome="failed"\} [1-9]/m);
    expect(metrics).to.match(/^sts_state_wal_pages \d+$/m);
    expect(Number(/^sts_state_checkpoint_seconds_count (\d+)/m.exec(metrics)?.[1])).to.be.at.least(before + 2);
  });

  it('a request replayed to a restarted STS on the same SQLite file is refused as before the restart', async () => {
    const file = join(tempDir('state'), 'state.sqlite');
    const state = { backend: 'sqlite', sqlite: { file } };
    sts = await startStsProcess({ workers: 2, config: { state } });
    const request = digestRequest(sts);
    const first = await postRaw(`${sts.base}/idp/sts.wst`, request);
    expect(first.status).to.equal(200);
    expect(await sts.stop()).to.equal(0);

    sts = await startStsProcess({ workers: 1, config: { state } });
    // The same bytes to the new process (the endpoint differs only in port, so the body's wsa:To is rewritten).
    const port = /127\.0\.0\.1:(\d+)\/idp/.exec(request.body)![1]!;
    const replay = { ...request, body: request.body.replace(`127.0.0.1:${port}/idp`, `127.0.0.1:${sts.port}/idp`) };
    const again = await postRaw(`${sts.base}/idp/sts.wst`, replay);
    expect(again.status).to.equal(400);
    expect(signed(again.body)).to.equal(false);
    expect(subcode(again.body)).to.be.oneOf(['FailedAuthentication', 'ExpiredData']);
    // Control: a fresh request to the restarted STS is issued.
    expect((await postRaw(`${sts.base}/idp/sts.wst`, digestRequest(sts))).status).to.equal(200);
  });

  it('with Redis: readiness turns false and requests are refused with wst:RequestFailed while Redis is down, and both recover', async () => {
    redis = await startRedisServer();
    sts = await startStsProcess({ workers: 2, config: { state: { backend: 'redis', redis: { url: redis.url, keyPrefix: `t${Date.now()}:` } } } });
    expect(sts.output()).to.match(/state backend: redis redis:\/\/127\.0\.0\.1:\d+ \(prefix t\d+:\)/);
    expect((await fetch(`${sts.adminBase}/readyz`)).status).to.equal(200);
    expect((await postRaw(`${sts.base}/idp/sts.wst`, digestRequest(sts))).status).to.equal(200);

    await redis.stop();
    await waitUntil(async () => (await fetch(`${sts!.adminBase}/readyz`)).status === 503, 10_000, 'readiness to turn false', 200);
    const notReady = (await (await fetch(`${sts.adminBase}/readyz`)).json()) as { ready: boolean; checks: Record<string, boolean>; reason: string };
    expect(notReady).to.deep.include({ ready: false, reason: 'state backend unreachable' });
    expect(notReady.checks['stateBackend']).to.equal(false);
    const refused = await postRaw(`${sts.base}/idp/sts.wst`, digestRequest(sts));
    expect(refused.status).to.equal(500);
    expect(subcode(refused.body)).to.equal('RequestFailed');
    expect(signed(refused.body)).to.equal(false);

    await redis.start();
    await waitUntil(async () => (await fetch(`${sts!.adminBase}/readyz`)).status === 200, 15_000, 'readiness to recover', 200);
    expect((await postRaw(`${sts.base}/idp/sts.wst`, digestRequest(sts))).status).to.equal(200);
    const metrics = await (await fetch(`${sts.adminBase}/metrics`)).text();
    expect(Number(/^sts_state_backend_errors_total (\d+)/m.exec(metrics)?.[1])).to.be.at.least(1);
  });
});
