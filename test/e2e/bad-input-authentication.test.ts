/**
 * Bad input, authentication (issue 2): every credential failure is wst:FailedAuthentication, whatever the cause.
 * Each test starts from a valid request and changes one thing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { bodyText, editBody, send, SOAP_VERSIONS, validRequest, type RawRequest } from '../helpers/issue-request.js';
import { xsDateTimeAtOffset } from '@sts/sdk/testing';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const MESSAGE_ID = /<wsa:MessageID>[^<]*<\/wsa:MessageID>/;
const NONCE = /<wsse:Nonce [^>]*>[^<]*<\/wsse:Nonce>/;
const UT_CREATED = /(<\/wsse:Nonce>)<wsu:Created>[^<]*<\/wsu:Created>(<\/wsse:UsernameToken>)/;

/**
 * The digest request as a client that writes wsu:Created differently would send it: the UsernameToken's
 * Created text replaced, and the digest computed over that exact text (UsernameToken Profile 1.0 section
 * 3.1), so the only change the STS sees is how Created is written.
 */
function withUsernameTokenCreated(request: RawRequest, created: (iso: string) => string): RawRequest {
  const body = bodyText(request);
  const nonce = Buffer.from(/<wsse:Nonce [^>]*>([^<]*)<\/wsse:Nonce>/.exec(body)![1]!, 'base64');
  const iso = UT_CREATED.exec(body)![0].replace(/.*<wsu:Created>([^<]*)<.*/, '$1');
  const text = created(iso);
  const digest = createHash('sha1').update(nonce).update(text, 'utf8').update('2Federate', 'utf8').digest('base64');
  const withCreated = editBody(request, UT_CREATED, `$1<wsu:Created>${text}</wsu:Created>$2`);
  return editBody(withCreated, /(<wsse:Password Type="[^"]*#PasswordDigest">)[^<]*/, `$1${digest}`);
}


describe('e2e bad input: authentication → wst:FailedAuthentication', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    describe(`SOAP ${soapVersion}`, () => {
      it('issues for the unmodified request (text and digest passwords)', async () => {
        await expectIssued(t, validRequest(t, { soapVersion }));
        await expectIssued(t, validRequest(t, { soapVersion, passwordType: 'digest' }));
      });

      it('refuses a wrong password', async () => {
        await expectRefused(t, validRequest(t, { soapVersion, password: 'wrong-password' }), { soapVersion, code: 'FailedAuthentication' });
        // one failure must not lock the user: the right password still works afterwards (and resets the count)
        await expectIssued(t, validRequest(t, { soapVersion }));
      });

      it('refuses a wrong PasswordDigest', async () => {
        await expectRefused(t, validRequest(t, { soapVersion, password: 'wrong-password', passwordType: 'digest' }), { soapVersion, code: 'FailedAuthentication' });
        await expectIssued(t, validRequest(t, { soapVersion }));
      });

      it('refuses an unknown user', async () => {
        await expectRefused(t, validRequest(t, { soapVersion, username: `nobody-${soapVersion}` }), { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a replayed nonce (the same digest request again under a new MessageID, its Timestamp still fresh)', async () => {
        const request = validRequest(t, { soapVersion, passwordType: 'digest' });
        await expectIssued(t, request);
        await expectRefused(t, editBody(request, MESSAGE_ID, `<wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>`), { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a replayed wsa:MessageID (the same text-password request twice) with wst:ExpiredData', async () => {
        const request = validRequest(t, { soapVersion });
        await expectIssued(t, request);
        await expectRefused(t, request, { soapVersion, code: 'ExpiredData' });
      });

      it('refuses a PasswordDigest without a Nonce', async () => {
        const request = editBody(validRequest(t, { soapVersion, passwordType: 'digest' }), NONCE, '');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('issues for a PasswordDigest whose Created is written +00:00 (zeep and other stacks), digested over that text', async () => {
        const request = withUsernameTokenCreated(validRequest(t, { soapVersion, passwordType: 'digest' }), (iso) => xsDateTimeAtOffset(new Date(iso), 0));
        expect(bodyText(request)).to.match(/<wsu:Created>[^<]*\.\d{3}\+00:00<\/wsu:Created><\/wsse:UsernameToken>/);
        await expectIssued(t, request);
      });

      it('issues for a PasswordDigest whose Created is written -05:00, read at the instant it names', async () => {
        await expectIssued(t, withUsernameTokenCreated(validRequest(t, { soapVersion, passwordType: 'digest' }), (iso) => xsDateTimeAtOffset(new Date(iso), -300)));
      });

      it('refuses a PasswordDigest whose Created has no time zone', async () => {
        const request = withUsernameTokenCreated(validRequest(t, { soapVersion, passwordType: 'digest' }), (iso) => iso.slice(0, -1));
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
        // The wire says FailedAuthentication like every credential failure; the log says why.
        const reason = (t.logger.records.at(-1)!.fields as { reason?: string }).reason;
        expect(reason).to.match(/wsu:Created "[^"]*" has no time zone/);
      });

      it('refuses a PasswordDigest whose Created has the wall-clock digits of the right time but a -05:00 zone (5 hours ahead)', async () => {
        const request = withUsernameTokenCreated(validRequest(t, { soapVersion, passwordType: 'digest' }), (iso) => `${iso.slice(0, -1)}-05:00`);
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a PasswordDigest whose Created has 8 fractional digits (default createdMaxFractionalDigits 7)', async () => {
        const request = withUsernameTokenCreated(validRequest(t, { soapVersion, passwordType: 'digest' }), (iso) => `${iso.slice(0, -1)}12345Z`);
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a PasswordDigest without a Created', async () => {
        const request = editBody(validRequest(t, { soapVersion, passwordType: 'digest' }), UT_CREATED, '$1$2');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a Security header with a Timestamp but no UsernameToken', async () => {
        const request = validRequest(t, { soapVersion, credential: { kind: 'none' } });
        expect(request.body).to.include('<wsu:Timestamp');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a Password with an unknown Type', async () => {
        const request = editBody(validRequest(t, { soapVersion }), '#PasswordText"', '#PasswordHash"');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses an empty Password', async () => {
        const request = editBody(validRequest(t, { soapVersion }), '>2Federate</wsse:Password>', '></wsse:Password>');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a Nonce that is not base64', async () => {
        const request = editBody(validRequest(t, { soapVersion, passwordType: 'digest' }), /(<wsse:Nonce [^>]*>)[^<]*/, '$1not*base64');
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses a UsernameToken whose Created is older than 5 minutes (PasswordText)', async () => {
        const stale = new Date(t.clock.now().getTime() - 10 * 60_000).toISOString();
        const request = editBody(validRequest(t, { soapVersion }), '</wsse:Password>', `</wsse:Password><wsu:Created>${stale}</wsu:Created>`);
        await expectRefused(t, request, { soapVersion, code: 'FailedAuthentication' });
      });

      it('refuses two UsernameTokens in the Security header with wst:InvalidRequest', async () => {
        const request = validRequest(t, { soapVersion });
        const token = /<wsse:UsernameToken .*<\/wsse:UsernameToken>/.exec(request.body as string)![0];
        const second = token.replace(/wsu:Id="[^"]*"/, 'wsu:Id="UT-second"');
        await expectRefused(t, editBody(request, token, token + second), { soapVersion, code: 'InvalidRequest' });
      });

      it('refuses a request without a wsse:Security header with wst:InvalidRequest (a Timestamp is required)', async () => {
        const request = editBody(validRequest(t, { soapVersion }), /<wsse:Security [^>]*>.*<\/wsse:Security>/, '');
        await expectRefused(t, request, { soapVersion, code: 'InvalidRequest' });
      });
    });
  }
});

describe('e2e bad input: lockout (default config: 5 failures lock the user for that client)', () => {
  let t: TestSts;
  beforeEach(async () => {
    t = await startTestSts();
  });
  afterEach(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    it(`refuses the right password after 5 wrong ones from the same client (SOAP ${soapVersion})`, async () => {
      await expectIssued(t, validRequest(t, { soapVersion }));
      for (let i = 0; i < 5; i++) {
        await expectRefused(t, validRequest(t, { soapVersion, password: `wrong-${i}` }), { soapVersion, code: 'FailedAuthentication' });
      }
      await expectRefused(t, validRequest(t, { soapVersion }), { soapVersion, code: 'FailedAuthentication' });
      await expectRefused(t, validRequest(t, { soapVersion, passwordType: 'digest' }), { soapVersion, code: 'FailedAuthentication' });
    });
  }

  it('does not lock after 4 wrong passwords, and a success starts the count again', async () => {
    for (let i = 0; i < 4; i++) {
      await expectRefused(t, validRequest(t, { password: `wrong-${i}` }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    }
    await expectIssued(t, validRequest(t));
    for (let i = 0; i < 4; i++) {
      await expectRefused(t, validRequest(t, { password: `wrong-again-${i}` }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    }
    await expectIssued(t, validRequest(t));
  });

  it('looks the same on the wire for a locked user as for a wrong password', async () => {
    const wrong = await send(t, validRequest(t, { password: 'wrong-0' }));
    for (let i = 1; i < 5; i++) await send(t, validRequest(t, { password: `wrong-${i}` }));
    const locked = await send(t, validRequest(t));
    expect(locked.status).to.equal(wrong.status);
    expect(locked.body).to.equal(wrong.body);
  });
});
