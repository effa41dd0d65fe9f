/**
 * Bad input, wsu:Timestamp (issue 2): out of date is wst:ExpiredData, missing or malformed is wst:InvalidRequest
 * (WSS 1.1 section 10; BSP R3203, R3227; security-rules.md section 1 row 27, section 6.1).
 */
import { expect } from 'chai';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { attributeOf, bodyText, editBody, SOAP_VERSIONS, validRequest } from '../helpers/issue-request.js';
import { xsDateTimeAtOffset } from '@sts/sdk/testing';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const MINUTE = 60_000;
/** The Timestamp's Created: $1 the start tags, $2 the time without its Z, $3 the end tag. */
const TS_CREATED = /(<wsu:Timestamp [^>]*><wsu:Created>)([^<]*)Z(<\/wsu:Created>)/;
const TS_EXPIRES = /(<\/wsu:Created>)<wsu:Expires>[^<]*<\/wsu:Expires>(<\/wsu:Timestamp>)/;
/** The Timestamp's Expires: $1 up to its start tag, $2 its text (ending in Z). */
const TS_EXPIRES_TEXT = /(<\/wsu:Created><wsu:Expires>)([^<]*)/;


describe('e2e bad input: Timestamp', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs);

  for (const soapVersion of SOAP_VERSIONS) {
    describe(`SOAP ${soapVersion}`, () => {
      it('issues for the unmodified request (a SAML 2.0 assertion, answered in SOAP ${soapVersion})', async () => {
        const reply = await expectIssued(t, validRequest(t, { soapVersion }));
        expect(reply.soapVersion).to.equal(soapVersion);
        expect(reply.tokenType).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
      });

      it('refuses a stale Timestamp (Created 10 minutes before the clock) with wst:ExpiredData', async () => {
        const request = validRequest(t, { soapVersion, timestamp: { created: at(-10 * MINUTE), expiresInSeconds: 300 } });
        await expectRefused(t, request, { soapVersion, code: 'ExpiredData' });
      });

      it('refuses a Timestamp from the future (Created 5 minutes ahead) with wst:ExpiredData', async () => {
        const request = validRequest(t, { soapVersion, timestamp: { created: at(5 * MINUTE), expiresInSeconds: 300 } });
        await expectRefused(t, request, { soapVersion, code: 'ExpiredData' });
      });

      it('refuses a Timestamp whose Expires has passed with wst:ExpiredData', async () => {
        const request = validRequest(t, { soapVersion, timestamp: { created: at(-2 * MINUTE), expiresInSeconds: 60 } });
        await expectRefused(t, request, { soapVersion, code: 'ExpiredData' });
      });

      it('refuses a request without a Timestamp with wst:InvalidRequest', async () => {
        await expectRefused(t, validRequest(t, { soapVersion, timestamp: false }), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses two Timestamps with wst:InvalidRequest', async () => {
        const request = validRequest(t, { soapVersion });
        const id = attributeOf(request, 'wsu:Timestamp', 'wsu:Id');
        const first = /<wsu:Timestamp [^>]*>.*?<\/wsu:Timestamp>/.exec(request.body as string)![0];
        const second = first.replace(id, `${id}-2`);
        await expectRefused(t, editBody(request, first, first + second), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses a Timestamp without Expires with wst:InvalidRequest', async () => {
        const request = editBody(validRequest(t, { soapVersion }), TS_EXPIRES, '$1$2');
        await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses a Timestamp whose Expires equals its Created with wst:InvalidRequest (BSP R3221)', async () => {
        const request = validRequest(t, { soapVersion });
        const created = `${TS_CREATED.exec(request.body as string)![2]!}Z`;
        await expectRefused(t, editBody(request, /(<wsu:Expires>)[^<]*/, `$1${created}`), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses a Timestamp valid for longer than the maximum with wst:InvalidRequest', async () => {
        // 86,460 s is above the largest maxValiditySeconds the config schema allows (86,400).
        const request = validRequest(t, { soapVersion, timestamp: { created: at(0), expiresInSeconds: 86_460 } });
        await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      });

      it('issues for a Timestamp written with +00:00 instead of Z', async () => {
        await expectIssued(t, editBody(validRequest(t, { soapVersion }), TS_CREATED, '$1$2+00:00$3'));
      });

      it('issues for a Timestamp written with -05:00, read at the instant it names', async () => {
        const request = validRequest(t, { soapVersion });
        const [, , created] = TS_CREATED.exec(bodyText(request))!;
        const [, , expires] = TS_EXPIRES_TEXT.exec(bodyText(request))!;
        const edited = editBody(editBody(request, TS_CREATED, `$1${xsDateTimeAtOffset(new Date(`${created}Z`), -300)}$3`), TS_EXPIRES_TEXT, `$1${xsDateTimeAtOffset(new Date(expires!), -300)}`);
        expect(bodyText(edited)).to.match(/<wsu:Created>[^<]*-05:00<\/wsu:Created><wsu:Expires>[^<]*-05:00</);
        await expectIssued(t, edited);
      });

      it('refuses a Created with the right wall-clock digits but a -05:00 zone (5 hours ahead) with wst:ExpiredData', async () => {
        await expectRefused(t, editBody(validRequest(t, { soapVersion }), TS_CREATED, '$1$2-05:00$3'), { soapVersion, code: 'ExpiredData' });
      });

      it('refuses a Created with no time zone with wst:InvalidRequest', async () => {
        await expectRefused(t, editBody(validRequest(t, { soapVersion }), TS_CREATED, '$1$2$3'), { soapVersion, code: 'InvalidRequest' });
      });

      it('issues for a Created with 7 fractional digits (.NET), and refuses 9 with wst:InvalidRequest (security.timestamp.maxFractionalDigits)', async () => {
        // toISOString writes .sss: 4 more digits make 7, 6 more make 9.
        await expectIssued(t, editBody(validRequest(t, { soapVersion }), TS_CREATED, '$1$21234Z$3'));
        await expectRefused(t, editBody(validRequest(t, { soapVersion }), TS_CREATED, '$1$2123456Z$3'), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses an Expires with an offset beyond ±14:00 with wst:InvalidRequest', async () => {
        await expectRefused(t, editBody(validRequest(t, { soapVersion }), /(<\/wsu:Created><wsu:Expires>[^<]*)Z/, '$1+14:30'), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses a Created that names no real date (February 30) with wst:InvalidRequest', async () => {
        const request = editBody(validRequest(t, { soapVersion }), /(<wsu:Timestamp [^>]*><wsu:Created>)\d{4}-\d\d-\d\d/, '$12026-02-30');
        await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses an unknown element inside the Timestamp with wst:InvalidRequest', async () => {
        const request = editBody(validRequest(t, { soapVersion }), '</wsu:Expires>', '</wsu:Expires><x:Extra xmlns:x="urn:example:x"/>');
        await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      });
    });
  }
});

describe('e2e bad input: Timestamp not required (config security.timestamp.required: false)', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts({ config: { security: { timestamp: { required: false } } } });
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    it(`issues for the unmodified request (SOAP ${soapVersion})`, async () => {
      await expectIssued(t, validRequest(t, { soapVersion }));
    });

    it(`issues for a request without a Timestamp (SOAP ${soapVersion})`, async () => {
      await expectIssued(t, validRequest(t, { soapVersion, timestamp: false }));
    });

    it(`still refuses a stale Timestamp when one is sent (SOAP ${soapVersion})`, async () => {
      const created = new Date(t.clock.now().getTime() - 10 * MINUTE);
      await expectRefused(t, validRequest(t, { soapVersion, timestamp: { created, expiresInSeconds: 300 } }), { soapVersion, code: 'ExpiredData' });
    });
  }
});
