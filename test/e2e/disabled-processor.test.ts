/**
 * Issue 9: a request that needs a disabled processor instance is refused with wst:RequestFailed, as one
 * that needs a disabled generator is (README "Write a token plug-in"), and the log names the instance as
 * disabled. Each test sends a request that the demo profile serves, to an STS where one instance is disabled.
 */
import { expect } from 'chai';
import { buildValidateRequest, parseValidateResponse } from '@sts/sdk/client';
import { SP_STS_PATH } from '@sts/core';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { validRequest, withQuery } from '../helpers/issue-request.js';
import { demoInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';

function disabling(id: string) {
  return demoInstances().map((i) => (i['id'] === id ? { ...i, enabled: false } : i));
}

function lastRefusalReason(t: TestSts): string {
  const refusals = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  return String((refusals.at(-1)?.fields as { reason?: string }).reason);
}

describe('e2e: a request that needs a disabled instance (issue 9)', () => {
  let on: TestSts;
  before(async () => (on = await startTestSts()));
  after(() => on.close());

  describe('the username processor disabled', () => {
    let off: TestSts;
    before(async () => (off = await startTestSts({ instances: disabling('username') })));
    after(() => off.close());

    it('issues for the unmodified request while the processor is enabled (control)', async () => {
      await expectIssued(on, validRequest(on));
    });

    for (const soapVersion of ['1.1', '1.2'] as const) {
      it(`refuses the same UsernameToken request with wst:RequestFailed and logs that 'username' is disabled (SOAP ${soapVersion})`, async () => {
        await expectRefused(off, validRequest(off, { soapVersion }), { soapVersion, code: 'RequestFailed' });
        expect(lastRefusalReason(off)).to.match(/'username'.*disabled/);
      });
    }
  });

  describe('TokenProcessorId naming a disabled instance', () => {
    let off: TestSts;
    before(async () => (off = await startTestSts({ instances: disabling('x509') })));
    after(() => off.close());

    it('issues when TokenProcessorId names the enabled processor of the token (control)', async () => {
      await expectIssued(off, withQuery(validRequest(off), '?TokenProcessorId=username'));
    });

    it('refuses TokenProcessorId=x509 with wst:RequestFailed and logs that x509 is disabled', async () => {
      await expectRefused(off, withQuery(validRequest(off), '?TokenProcessorId=x509'), { soapVersion: '1.2', code: 'RequestFailed' });
      expect(lastRefusalReason(off)).to.match(/'x509'.*disabled/);
    });
  });

  describe('the SAML processor disabled, for a ValidateTarget', () => {
    let off: TestSts;
    before(async () => (off = await startTestSts({ instances: disabling('saml-in') })));
    after(() => off.close());

    async function validate(t: TestSts) {
      const req = buildValidateRequest({ endpoint: `${t.base}${SP_STS_PATH}`, target: await demoIdpAssertion(t.clock.now()), credential: { kind: 'none' }, now: () => t.clock.now() });
      const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, SP_STS_PATH);
      return parseValidateResponse(res.body);
    }

    it('answers a status for the IdP assertion while saml-in is enabled (control)', async () => {
      const reply = await validate(on);
      expect(reply.ok && reply.status.valid).to.equal(true);
    });

    it("refuses the same Validate with wst:RequestFailed and logs that 'saml-in' is disabled", async () => {
      const reply = await validate(off);
      if (reply.ok) throw new Error('answered with a status');
      expect(reply.fault.subcode?.localName).to.equal('RequestFailed');
      expect(lastRefusalReason(off)).to.match(/'saml-in'.*disabled/);
      expect(off.issuedCount()).to.equal(0);
    });
  });

  describe('the saml20 generator disabled', () => {
    let off: TestSts;
    before(async () => (off = await startTestSts({ instances: disabling('saml20') })));
    after(() => off.close());

    it("logs that the generator instance 'saml20' is disabled", async () => {
      await expectRefused(off, validRequest(off), { soapVersion: '1.2', code: 'RequestFailed' });
      expect(lastRefusalReason(off)).to.match(/'saml20'.*disabled/);
    });
  });
});
