/**
 * Renew and Cancel over a shared state backend (README "Renew and Cancel", "State backends"): two in-process
 * STS instances on one SQLite file or one real Redis see the same issued-token store, and an STS process with
 * two workers on its SQLite file lets exactly one of eight concurrent Cancels of one token through.
 */
import { buildValidateRequest, parseIssueResponse, parseValidateResponse } from '@sts/sdk/client';
import { expect } from 'chai';
import { expectRefused } from '../helpers/expect-fault.js';
import { send } from '../helpers/issue-request.js';
import { assertionId, issueRenewable, lifecycleRequest, referenceTo, renewingIssueRequest, startLifecycleSts } from '../helpers/lifecycle-request.js';
import { SHARED_BACKENDS } from '../helpers/shared-backends.js';
import type { TestSts } from '../helpers/start-test-sts.js';
import { postRaw, startStsProcess, type StsProcess } from '../helpers/sts-process.js';

async function valid(t: TestSts, token: string): Promise<boolean> {
  const req = buildValidateRequest({ endpoint: t.endpoint, target: token, credential: { kind: 'none' }, now: () => t.clock.now() });
  const reply = parseValidateResponse((await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {})).body);
  if (!reply.ok) throw new Error(`validate fault: ${JSON.stringify(reply.fault)}`);
  return reply.status.valid;
}

const backends = SHARED_BACKENDS;

for (const backend of backends) {
  describe(`e2e: Renew and Cancel across two STS instances sharing one ${backend.name}`, function () {
    this.timeout(30_000);
    let a: TestSts;
    let b: TestSts;
    let cleanup: () => void;
    before(async () => {
      const shared = await backend.state();
      cleanup = shared.cleanup;
      a = await startLifecycleSts({ config: { state: shared.state } });
      b = await startLifecycleSts({ config: { state: shared.state } });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      cleanup?.();
    });

    it('a token issued by A is renewed by B; A then says the old token is invalid and the new one valid', async () => {
      const first = await issueRenewable(a);
      const res = await send(b, lifecycleRequest(b, 'Renew', referenceTo(assertionId(first.token))));
      expect(res.status, res.body).to.equal(200);
      const second = parseIssueResponse(res.body);
      if (!second.ok) throw new Error('not renewed');
      expect(assertionId(second.token)).to.not.equal(assertionId(first.token));
      expect(await valid(a, first.token)).to.equal(false);
      expect(await valid(a, second.token)).to.equal(true);
    });

    it('a token cancelled on B is refused for Renew on A (wst:UnableToRenew), and a second Cancel on A is refused (wst:InvalidRequest)', async () => {
      const first = await issueRenewable(a);
      const ref = referenceTo(assertionId(first.token));
      expect((await send(b, lifecycleRequest(b, 'Cancel', ref))).status).to.equal(200);
      await expectRefused(a, lifecycleRequest(a, 'Renew', ref), { soapVersion: '1.2', code: 'UnableToRenew' });
      await expectRefused(a, lifecycleRequest(a, 'Cancel', ref), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(await valid(a, first.token)).to.equal(false);
    });
  });
}

describe('e2e: Cancel across the two workers of one STS process (SQLite)', function () {
  this.timeout(120_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });

  it('of eight concurrent Cancels of one token, on fresh connections, exactly one succeeds; the others are wst:InvalidRequest', async () => {
    sts = await startStsProcess({ workers: 2 });
    const endpoint = `${sts.base}/idp/sts.wst`;
    // The lifecycle helpers need only an endpoint and a clock: the real one, as the process has.
    const shim = { endpoint, clock: { now: () => new Date() } } as unknown as TestSts;
    const raw = (r: ReturnType<typeof renewingIssueRequest>) => ({ body: String(r.body), contentType: r.contentType, headers: { ...r.headers } });
    const issued = parseIssueResponse((await postRaw(endpoint, raw(renewingIssueRequest(shim, { ok: true })))).body);
    if (!issued.ok) throw new Error(`not issued: ${JSON.stringify(issued.fault)}`);
    const ref = referenceTo(assertionId(issued.token));
    const answers = await Promise.all(Array.from({ length: 8 }, () => postRaw(endpoint, raw(lifecycleRequest(shim, 'Cancel', ref)))));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok, answers.map((a) => a.body.slice(-300)).join('\n')).to.have.length(1);
    expect(ok[0]!.body).to.include('RequestedTokenCancelled');
    for (const refused of answers.filter((a) => a.status !== 200)) expect(refused.body).to.include('wst:InvalidRequest');
    const pids = new Set([...sts.output().matchAll(/"role":"worker","pid":(\d+)[^\n]*"event":"(?:request\.refused|token\.cancelled|token\.issued)"/g)].map((m) => m[1]));
    expect(pids.size, 'requests reached both workers').to.equal(2);
  });
});
