/**
 * Bad input, the XML front door (issue 2; DESIGN.md section 4 steps 1 to 4): media type, body size, byte gate,
 * strict parse and SOAP structure. Everything here is wst:InvalidRequest; the transport rules set HTTP 413
 * (over-size body) and 415 (media type does not match the envelope).
 */
import { expect } from 'chai';
import { expectFaultResponse, expectIssued, expectRefused } from '../helpers/expect-fault.js';
import {
  bodyText,
  editBody,
  nested,
  sendChunked,
  SOAP_VERSIONS,
  validRequest,
  withContentType,
  withHeaders,
  type RawRequest,
  type SoapVersion,
} from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const MAX_REQUEST_BYTES = 262_144;
const MAX_TEXT_RUN = 65_536;
const RST = /<wst:RequestSecurityToken>.*<\/wst:RequestSecurityToken>/;
/** Gaps between header blocks, where white space is allowed. */
const GAPS = ['<s:Header>', '</wsa:Action>', '</wsa:MessageID>', '</wsa:ReplyTo>', '</wsa:To>', '</wsse:Security>'];

function utf8Length(request: RawRequest): number {
  return Buffer.byteLength(bodyText(request), 'utf8');
}

/** Pads the body with white space between header blocks (no run longer than the text cap) up to `size` bytes. */
function padTo(request: RawRequest, size: number): RawRequest {
  let missing = size - utf8Length(request);
  expect(missing).to.be.within(0, GAPS.length * MAX_TEXT_RUN);
  let padded = request;
  for (const gap of GAPS) {
    const n = Math.min(missing, MAX_TEXT_RUN);
    if (n === 0) break;
    padded = editBody(padded, gap, gap + ' '.repeat(n));
    missing -= n;
  }
  expect(utf8Length(padded)).to.equal(size);
  return padded;
}

function attributes(n: number): string {
  return Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
}

describe('e2e bad input: the XML front door → wst:InvalidRequest', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    describe(`SOAP ${soapVersion}`, () => {
      const refused = (request: RawRequest, httpStatus?: number) =>
        expectRefused(t, request, { soapVersion, code: 'InvalidRequest', ...(httpStatus === undefined ? {} : { httpStatus }) });
      const base = () => validRequest(t, { soapVersion });

      it('issues for the unmodified request', async () => {
        await expectIssued(t, base());
      });

      it('refuses a DOCTYPE', async () => {
        await refused(editBody(base(), /^/, '<!DOCTYPE s:Envelope>'));
      });

      it('refuses a DOCTYPE with an internal entity used in the Username', async () => {
        await refused(editBody(editBody(base(), /^/, '<!DOCTYPE s:Envelope [<!ENTITY u "joe">]>'), '<wsse:Username>joe<', '<wsse:Username>&u;<'));
      });

      it('refuses a processing instruction', async () => {
        await refused(editBody(base(), '<s:Header>', '<s:Header><?sts-test hello?>'));
      });

      it('refuses a comment', async () => {
        await refused(editBody(base(), '<s:Header>', '<s:Header><!-- hello -->'));
      });

      it('refuses U+2028 in the Username value', async () => {
        await refused(editBody(base(), '<wsse:Username>joe</wsse:Username>', '<wsse:Username>jo\u2028e</wsse:Username>'));
      });

      it('refuses nesting deeper than 64 elements', async () => {
        // Envelope (1) > Header (2) > 63 nested header elements: the deepest is at depth 65.
        await refused(editBody(base(), '<s:Header>', `<s:Header>${nested(63)}`));
      });

      it('accepts nesting of exactly 64 elements (an unknown header block without mustUnderstand is ignored)', async () => {
        await expectIssued(t, editBody(base(), '<s:Header>', `<s:Header>${nested(62)}`));
      });

      it('refuses an element with 65 attributes', async () => {
        await refused(editBody(base(), '<wsa:MessageID>', `<wsa:MessageID${attributes(65)}>`));
      });

      it('accepts an element with 64 attributes', async () => {
        await expectIssued(t, editBody(base(), '<wsa:MessageID>', `<wsa:MessageID${attributes(64)}>`));
      });

      it('refuses malformed XML (an unclosed tag)', async () => {
        await refused(editBody(base(), '</wsa:MessageID>', ''));
      });

      it('refuses malformed XML (a mismatched end tag)', async () => {
        await refused(editBody(base(), '</wsa:MessageID>', '</wsa:Message>'));
      });

      it('refuses a second Body child', async () => {
        const request = base();
        const rst = RST.exec(bodyText(request))![0];
        await refused(editBody(request, rst, rst + rst));
      });

      it('refuses an empty SOAP Body', async () => {
        await refused(editBody(base(), RST, ''));
      });

      it('refuses text next to the Body child', async () => {
        await refused(editBody(base(), '<s:Body>', '<s:Body>text'));
      });

      it('refuses an empty HTTP body', async () => {
        await refused({ ...base(), body: '' });
      });

      it('refuses a root element that is not a SOAP Envelope', async () => {
        await refused({ ...base(), body: '<wst:RequestSecurityToken xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512"/>' });
      });

      it('refuses an XML declaration naming another encoding', async () => {
        await refused(editBody(base(), /^/, '<?xml version="1.0" encoding="ISO-8859-1"?>'));
      });

      it('accepts an XML declaration naming UTF-8, and a UTF-8 byte order mark', async () => {
        await expectIssued(t, editBody(base(), /^/, '<?xml version="1.0" encoding="UTF-8"?>'));
        await expectIssued(t, { ...base(), body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bodyText(base()), 'utf8')]) });
      });

      it('refuses a UTF-16 body', async () => {
        await refused({ ...base(), body: Buffer.from(`\ufeff${bodyText(base())}`, 'utf16le') });
      });

      it('refuses bytes that are not UTF-8', async () => {
        const latin1 = bodyText(base()).replace('<wsse:Username>joe<', '<wsse:Username>jo\u00e9<');
        await refused({ ...base(), body: Buffer.from(latin1, 'latin1') });
      });

      it('refuses more than 4000 elements', async () => {
        await refused(editBody(base(), '<s:Header>', `<s:Header><x:d xmlns:x="urn:example:x">${'<x:e/>'.repeat(4000)}</x:d>`));
      });

      it('refuses an element with 33 namespace declarations', async () => {
        const declarations = Array.from({ length: 33 }, (_, i) => ` xmlns:n${i}="urn:example:n${i}"`).join('');
        await refused(editBody(base(), '<s:Header>', `<s:Header><x:d xmlns:x="urn:example:x"${declarations}/>`));
      });

      it(`refuses a text run longer than ${MAX_TEXT_RUN} characters`, async () => {
        await refused(editBody(base(), '<s:Header>', `<s:Header><x:d xmlns:x="urn:example:x">${'a'.repeat(MAX_TEXT_RUN + 1)}</x:d>`));
      });

      it('refuses content after the Envelope', async () => {
        await refused({ ...base(), body: `${bodyText(base())}<x:more xmlns:x="urn:example:x"/>` });
      });

      it('refuses a second Header', async () => {
        await refused(editBody(base(), '</s:Header>', '</s:Header><s:Header></s:Header>'));
      });

      it(`refuses a body over ${MAX_REQUEST_BYTES} bytes with HTTP 413 (Username padded with spaces)`, async () => {
        const request = editBody(base(), '<wsse:Username>joe</wsse:Username>', `<wsse:Username>joe${' '.repeat(MAX_REQUEST_BYTES)}</wsse:Username>`);
        expect(utf8Length(request)).to.be.above(MAX_REQUEST_BYTES);
        await refused(request, 413);
      });

      it(`accepts a body of exactly ${MAX_REQUEST_BYTES} bytes and refuses one byte more with HTTP 413`, async () => {
        await expectIssued(t, padTo(base(), MAX_REQUEST_BYTES));
        await refused(padTo(base(), MAX_REQUEST_BYTES + 1), 413);
      });

      it('refuses an over-size body sent chunked (no Content-Length) with HTTP 413', async () => {
        const request = padTo(base(), MAX_REQUEST_BYTES + 1024);
        const issuedBefore = t.issuedCount();
        const res = await sendChunked(t, request);
        if ('error' in res) expect.fail(`no HTTP answer: ${res.error}`);
        expectFaultResponse(res, { soapVersion, code: 'InvalidRequest', httpStatus: 413 });
        expect(t.issuedCount()).to.equal(issuedBefore);
      });

      it('accepts a valid body sent chunked (no Content-Length)', async () => {
        const res = await sendChunked(t, base(), 64);
        if ('error' in res) expect.fail(`no HTTP answer: ${res.error}`);
        expect(res.status, res.body).to.equal(200);
      });
    });
  }

  describe('media type (HTTP 415; the answer is in the SOAP version the media type names)', () => {
    it('issues for the unmodified requests', async () => {
      for (const soapVersion of SOAP_VERSIONS) await expectIssued(t, validRequest(t, { soapVersion }));
    });

    it('refuses a SOAP 1.2 envelope sent as text/xml', async () => {
      const request = withContentType(validRequest(t, { soapVersion: '1.2' }), 'text/xml; charset=utf-8');
      await expectRefused(t, request, { soapVersion: '1.1', code: 'InvalidRequest', httpStatus: 415 });
    });

    it('refuses a SOAP 1.1 envelope sent as application/soap+xml', async () => {
      const v11 = validRequest(t, { soapVersion: '1.1' });
      const request = withContentType(v11, `application/soap+xml; charset=utf-8; action=${v11.headers['SOAPAction']}`);
      await expectRefused(t, request, { soapVersion: '1.2', code: 'InvalidRequest', httpStatus: 415 });
    });

    it('refuses content type application/json', async () => {
      const request = withContentType(validRequest(t, { soapVersion: '1.1' }), 'application/json');
      await expectRefused(t, request, { soapVersion: '1.1', code: 'InvalidRequest', httpStatus: 415 });
    });

    it('refuses a request without a Content-Type', async () => {
      const request = withContentType(validRequest(t, { soapVersion: '1.1' }), '');
      await expectRefused(t, request, { soapVersion: '1.1', code: 'InvalidRequest', httpStatus: 415 });
    });

    const latin1 = (soapVersion: SoapVersion) => {
      const request = validRequest(t, { soapVersion });
      return withContentType(request, request.contentType.replace('charset=utf-8', 'charset=iso-8859-1'));
    };

    it('refuses text/xml; charset=iso-8859-1', async () => {
      await expectRefused(t, latin1('1.1'), { soapVersion: '1.1', code: 'InvalidRequest', httpStatus: 415 });
    });

    it('refuses application/soap+xml; charset=iso-8859-1, answering in SOAP 1.2', async () => {
      await expectRefused(t, latin1('1.2'), { soapVersion: '1.2', code: 'InvalidRequest', httpStatus: 415 });
    });
  });
});

describe('e2e bad input: transport encodings', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts()));
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    it(`refuses a Content-Encoding (gzip) with HTTP 415 and wst:InvalidRequest (SOAP ${soapVersion})`, async () => {
      await expectIssued(t, validRequest(t, { soapVersion }));
      await expectRefused(t, withHeaders(validRequest(t, { soapVersion }), { 'content-encoding': 'gzip' }), { soapVersion, code: 'InvalidRequest', httpStatus: 415 });
    });
  }
});
