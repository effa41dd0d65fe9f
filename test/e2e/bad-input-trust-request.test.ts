/**
 * Bad input, the WS-Trust request itself (issue 2; WS-Trust 1.3 sections 3.1, 4.1 and 11; DESIGN.md section 4
 * steps 5, 8 and 9): a request we understand but cannot serve is wst:RequestFailed (unknown or missing
 * AppliesTo, no enabled generator, another processor named by ?TokenProcessorId=), one we do not understand is
 * wst:BadRequest (RequestType other than Issue, a token type or key type the connection does not allow).
 */
import { expect } from 'chai';
import { NS } from '@sts/sdk/xml';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { editBody, SOAP_VERSIONS, validRequest, withAction, withQuery } from '../helpers/issue-request.js';
import { demoInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const WST = NS.wst13;
const APPLIES_TO = /<wsp:AppliesTo>.*<\/wsp:AppliesTo>/;
/** A token type the demo connection does not allow. */
const NOT_ALLOWED_TOKEN_TYPE = 'urn:example:token:not-allowed';
const SYMMETRIC_KEY = `${WST}/SymmetricKey`;

describe('e2e bad input: the WS-Trust request', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    describe(`SOAP ${soapVersion}`, () => {
      const base = () => validRequest(t, { soapVersion });
      const requestFailed = { soapVersion, code: 'RequestFailed' } as const;
      const badRequest = { soapVersion, code: 'BadRequest' } as const;

      it('issues for the unmodified request', async () => {
        await expectIssued(t, base());
      });

      describe('wst:RequestFailed', () => {
        for (const appliesTo of [
          'urn:example:unknown',
          'https://evil.example.com/',
          'https://sp.example.com.evil.com/',
          'https://sp.example.com.evil.com/orders/1',
          'https://sp.example.com@evil.example.com/',
          'http://sp.example.com/',
          'https://sp.example.com:8443/',
          'urn:example:sp/extra',
          'urn:example:SP',
        ]) {
          it(`refuses AppliesTo ${appliesTo}, which no connection lists`, async () => {
            await expectRefused(t, validRequest(t, { soapVersion, appliesTo }), requestFailed);
          });
        }

        it('refuses an RST without AppliesTo', async () => {
          await expectRefused(t, editBody(base(), APPLIES_TO, ''), requestFailed);
        });

        for (const id of ['other', 'saml20']) {
          it(`refuses ?TokenProcessorId=${id} (not the processor of the UsernameToken)`, async () => {
            const endpoint = `${t.endpoint}?TokenProcessorId=${id}`;
            await expectRefused(t, withQuery(validRequest(t, { soapVersion, endpoint }), `?TokenProcessorId=${id}`), requestFailed);
          });
        }

        it('refuses an empty ?TokenProcessorId=', async () => {
          await expectRefused(t, withQuery(base(), '?TokenProcessorId='), requestFailed);
        });
      });

      describe('wst:InvalidRequest', () => {
        it('refuses a repeated TokenProcessorId parameter naming another instance (?TokenProcessorId=other&TokenProcessorId=username)', async () => {
          await expectRefused(t, withQuery(base(), '?TokenProcessorId=other&TokenProcessorId=username'), { soapVersion, code: 'InvalidRequest' });
        });

        it('refuses an RST without RequestType', async () => {
          await expectRefused(t, editBody(base(), /<wst:RequestType>[^<]*<\/wst:RequestType>/, ''), { soapVersion, code: 'InvalidRequest' });
        });

        it('refuses an AppliesTo without an EndpointReference Address', async () => {
          await expectRefused(t, editBody(base(), /<wsa:EndpointReference>.*<\/wsa:EndpointReference>/, '<wsa:EndpointReference/>'), { soapVersion, code: 'InvalidRequest' });
        });
      });

      describe('wst:BadRequest', () => {
        for (const [name, requestType, action] of [
          ['an unknown URI', 'http://example.com/ws-trust/Frobnicate', 'http://example.com/ws-trust/RST/Frobnicate'],
        ] as const) {
          it(`refuses RequestType ${name} (wsa:Action and transport action changed to match)`, async () => {
            const request = editBody(
              withAction(base(), `${WST}/RST/Issue`, action),
              `>${WST}/Issue</wst:RequestType>`,
              `>${requestType}</wst:RequestType>`,
            );
            await expectRefused(t, request, badRequest);
          });
        }

        // Renew and Cancel are operations now (README "Renew and Cancel"): without their target they are invalid.
        for (const name of ['Renew', 'Cancel'] as const) {
          it(`refuses RequestType ${name} without a ${name}Target with wst:InvalidRequest`, async () => {
            const request = editBody(withAction(base(), `${WST}/RST/Issue`, `${WST}/RST/${name}`), `>${WST}/Issue</wst:RequestType>`, `>${WST}/${name}</wst:RequestType>`);
            await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
          });
        }

        it('refuses RequestType Validate without a ValidateTarget with wst:InvalidRequest', async () => {
          const request = editBody(withAction(base(), `${WST}/RST/Issue`, `${WST}/RST/Validate`), `>${WST}/Issue</wst:RequestType>`, `>${WST}/Validate</wst:RequestType>`);
          await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
        });

        it('refuses RequestType Validate without a ValidateTarget in WS-Trust 2005/02, with the fault QName in that namespace', async () => {
          const wst2005 = NS.wst2005;
          const request = editBody(
            withAction(validRequest(t, { soapVersion, trustVersion: '2005' }), `${wst2005}/RST/Issue`, `${wst2005}/RST/Validate`),
            `>${wst2005}/Issue</wst:RequestType>`,
            `>${wst2005}/Validate</wst:RequestType>`,
          );
          await expectRefused(t, request, { soapVersion, code: 'InvalidRequest', trustNamespace: wst2005 });
        });

        it(`refuses a TokenType the connection does not allow (${NOT_ALLOWED_TOKEN_TYPE})`, async () => {
          await expectRefused(t, validRequest(t, { soapVersion, tokenType: NOT_ALLOWED_TOKEN_TYPE }), badRequest);
        });

        // Proof keys are per connection (README "Proof keys"; test/e2e/proof-keys.test.ts): the demo AS
        // connection allows bearer only. (PublicKey needs a UseKey, which this builder does not send.)
        for (const keyType of [SYMMETRIC_KEY]) {
          it(`refuses KeyType ${keyType.slice(WST.length + 1)} for a connection that allows bearer only`, async () => {
            await expectRefused(t, validRequest(t, { soapVersion, keyType, appliesTo: 'https://as.example.com/as/token.oauth2' }), badRequest);
          });
        }
      });

      describe('positive counterparts', () => {
        for (const appliesTo of ['https://sp.example.com/orders/1', 'https://sp.example.com/', 'https://sp.example.com']) {
          it(`issues for AppliesTo ${appliesTo} below the base-url partner https://sp.example.com/`, async () => {
            const r = await expectIssued(t, validRequest(t, { soapVersion, appliesTo }));
            expect(r.appliesTo).to.equal(appliesTo);
          });
        }

        it('issues with ?TokenProcessorId=username', async () => {
          const endpoint = `${t.endpoint}?TokenProcessorId=username`;
          await expectIssued(t, withQuery(validRequest(t, { soapVersion, endpoint }), '?TokenProcessorId=username'));
        });

        it('issues for an AppliesTo in the WS-Policy 1.5 namespace', async () => {
          const request = validRequest(t, { soapVersion, appliesToPolicy: '1.5' });
          expect(request.body).to.include('http://www.w3.org/ns/ws-policy');
          await expectIssued(t, request);
        });

        it('issues when the RST has no KeyType', async () => {
          const request = validRequest(t, { soapVersion, keyType: null });
          expect(request.body).to.not.include('KeyType');
          await expectIssued(t, request);
        });
      });
    });
  }

  describe('a disabled generator', () => {
    let off: TestSts;
    before(async () => {
      const instances = demoInstances().map((i) => (i['id'] === 'saml20' ? { ...i, enabled: false } : i));
      off = await startTestSts({ instances });
    });
    after(() => off.close());

    it('issues for the unmodified request while the generator is enabled (control)', async () => {
      await expectIssued(t, validRequest(t));
    });

    for (const soapVersion of SOAP_VERSIONS) {
      it(`refuses the same request with wst:RequestFailed when the saml20 instance is disabled (SOAP ${soapVersion})`, async () => {
        await expectRefused(off, validRequest(off, { soapVersion }), { soapVersion, code: 'RequestFailed' });
      });
    }
  });
});
