/**
 * A ds:Signature in the Security header is checked by the processor of the token whose key made it, or the
 * request is refused (security-rules.md section 1 row 15): "nobody claimed the signature" never means "no
 * check". Validate allows a request without a credential, so it needs its own negative tests.
 */
import { expect } from 'chai';
import { buildValidateRequest, parseValidateResponse } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { SP_STS_PATH } from '@sts/core';

const SIGNATURE = `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;

describe('e2e: a signature nobody verifies is refused, also in Validate', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts()));
  after(() => t.close());

  async function validate(credential: Parameters<typeof buildValidateRequest>[0]['credential'], addSignature: boolean) {
    const req = buildValidateRequest({ endpoint: `${t.base}${SP_STS_PATH}`, target: await demoIdpAssertion(t.clock.now()), credential, now: () => t.clock.now() });
    const body = addSignature ? req.body.replace('</wsu:Timestamp>', `</wsu:Timestamp>${SIGNATURE}`) : req.body;
    expect(body).to.include(addSignature ? '<ds:Signature' : '</wsu:Timestamp>');
    const res = await t.post(body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, SP_STS_PATH);
    return parseValidateResponse(res.body);
  }

  const username = { kind: 'username', username: 'joe', password: '2Federate' } as const;

  for (const [name, credential] of [['no credential', { kind: 'none' } as const], ['a UsernameToken', username]] as const) {
    it(`answers the unmodified Validate with ${name} with a status`, async () => {
      const r = await validate(credential, false);
      expect(r.ok && r.status.valid).to.equal(true);
    });

    it(`refuses a Validate with ${name} plus a ds:Signature with wst:InvalidRequest`, async () => {
      const r = await validate(credential, true);
      if (r.ok) throw new Error('answered with a status');
      expect(r.fault.subcode?.localName).to.equal('InvalidRequest');
    });
  }

});
