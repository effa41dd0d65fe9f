/**
 * Bad input, SOAP and WS-Addressing headers and the wsse:Security header (issue 2; security-rules.md section 1
 * rows 7, 8, 28 to 30): wst:InvalidRequest, and the SOAP protocol faults MustUnderstand and VersionMismatch.
 */
import { expect } from 'chai';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import {
  attributeOf,
  editBody,
  SOAP_VERSIONS,
  validRequest,
  withContentType,
  withHeaders,
  type RawRequest,
} from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const WST = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
const ISSUE_ACTION = `${WST}/RST/Issue`;
const VALIDATE_ACTION = `${WST}/RST/Validate`;
const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
const SOAP_NS = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;
const OTHER_ROLE = { '1.1': 's:actor="http://example.com/other-actor"', '1.2': 's:role="http://example.com/other-role"' } as const;

describe('e2e bad input: SOAP, WS-Addressing and Security headers', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    describe(`SOAP ${soapVersion}`, () => {
      const invalid = (request: RawRequest) => expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      const base = () => validRequest(t, { soapVersion });
      const unknownHeader = (attributes: string) => `<s:Header><x:Unknown xmlns:x="urn:example:x"${attributes}>v</x:Unknown>`;

      it('issues for the unmodified request (a SAML 2.0 assertion, answered in SOAP ${soapVersion})', async () => {
        const reply = await expectIssued(t, base());
        expect(reply.soapVersion).to.equal(soapVersion);
        expect(reply.tokenType).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
      });

      for (const [what, to] of [
        ['another path at our origin', () => `${t.base}/sp/sts.wst`],
        ['another origin', () => 'https://sts.evil.example/idp/sts.wst'],
        ['a URN', () => 'urn:example:sts'],
      ] as const) {
        it(`refuses wsa:To naming ${what}`, async () => {
          await invalid(editBody(base(), `>${t.endpoint}</wsa:To>`, `>${to()}</wsa:To>`));
        });
      }

      it('refuses wsa:Action for Validate while RequestType is Issue', async () => {
        await invalid(editBody(base(), `>${ISSUE_ACTION}</wsa:Action>`, `>${VALIDATE_ACTION}</wsa:Action>`));
      });

      if (soapVersion === '1.1') {
        it('refuses a SOAPAction header that disagrees with wsa:Action', async () => {
          await invalid(withHeaders(base(), { SOAPAction: `"${VALIDATE_ACTION}"` }));
        });
      } else {
        it('refuses a media-type action parameter that disagrees with wsa:Action', async () => {
          const request = base();
          await invalid(withContentType(request, request.contentType.replace(`action="${ISSUE_ACTION}"`, `action="${VALIDATE_ACTION}"`)));
        });
      }

      it('issues when wsa:Action is absent and the transport action is the Issue action', async () => {
        await expectIssued(t, editBody(base(), /<wsa:Action [^>]*>[^<]*<\/wsa:Action>/, ''));
      });

      it('refuses a ReplyTo with a non-anonymous address', async () => {
        await invalid(editBody(base(), `<wsa:Address>${ANONYMOUS}</wsa:Address>`, '<wsa:Address>https://attacker.example/collect</wsa:Address>'));
      });

      it('refuses a FaultTo with a non-anonymous address', async () => {
        await invalid(editBody(base(), '</wsa:ReplyTo>', '</wsa:ReplyTo><wsa:FaultTo><wsa:Address>https://attacker.example/faults</wsa:Address></wsa:FaultTo>'));
      });

      it('refuses two wsse:Security headers', async () => {
        await invalid(editBody(base(), '</wsse:Security>', '</wsse:Security><wsse:Security></wsse:Security>'));
      });

      it('refuses two wsa:To headers', async () => {
        const request = base();
        const to = /<wsa:To [^>]*>[^<]*<\/wsa:To>/.exec(request.body as string)![0];
        await invalid(editBody(request, to, to + to));
      });

      it('refuses duplicate wsu:Id values', async () => {
        const request = validRequest(t, { soapVersion });
        const timestampId = attributeOf(request, 'wsu:Timestamp', 'wsu:Id');
        const tokenId = attributeOf(request, 'wsse:UsernameToken', 'wsu:Id');
        await invalid(editBody(request, `wsu:Id="${tokenId}"`, `wsu:Id="${timestampId}"`));
      });

      it('refuses an unknown element inside wsse:Security (a ds:Signature)', async () => {
        const signature =
          '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
          '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
          '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
          '</ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>';
        await invalid(editBody(base(), '</wsse:Security>', `${signature}</wsse:Security>`));
      });

      it('refuses an unknown header block with mustUnderstand="1" with s:MustUnderstand (HTTP 500)', async () => {
        const request = editBody(base(), '<s:Header>', unknownHeader(' s:mustUnderstand="1"'));
        await expectRefused(t, request, { soapVersion, code: 'MustUnderstand' });
      });

      if (soapVersion === '1.2') {
        it('refuses an unknown header block with mustUnderstand="true" with s:MustUnderstand (HTTP 500)', async () => {
          const request = editBody(base(), '<s:Header>', unknownHeader(' s:mustUnderstand="true"'));
          await expectRefused(t, request, { soapVersion, code: 'MustUnderstand' });
        });
      }

      it('ignores an unknown header block with mustUnderstand="0"', async () => {
        await expectIssued(t, editBody(base(), '<s:Header>', unknownHeader(' s:mustUnderstand="0"')));
      });

      it('ignores an unknown mustUnderstand header block targeted at another actor/role', async () => {
        await expectIssued(t, editBody(base(), '<s:Header>', unknownHeader(` s:mustUnderstand="1" ${OTHER_ROLE[soapVersion]}`)));
      });

      it('refuses an Envelope in an unknown namespace with s:VersionMismatch (HTTP 500)', async () => {
        const request = editBody(base(), `xmlns:s="${SOAP_NS[soapVersion]}"`, 'xmlns:s="urn:example:not-soap"');
        await expectRefused(t, request, { soapVersion, code: 'VersionMismatch' });
      });
    });
  }
});
