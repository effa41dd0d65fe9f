import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { FAULT_REASONS, TokenType } from '@sts/sdk';
import {
  buildValidateRequest,
  StsClient,
  validateWithSts,
  type SoapVersion,
  type TrustVersion,
  type ValidateRequestOptions,
} from '@sts/sdk/client';
import { el, NS, UsernameTokenUri } from '@sts/sdk/xml';
import { expectRefused } from '../helpers/expect-fault.js';
import { stsCertificatePem, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { send, type RawRequest } from '../helpers/issue-request.js';
import { IDP_STS_PATH } from '@sts/core';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { succeeded } from '../helpers/succeeded.js';

// Spelled out here, independently of the SDK (WS-Trust 1.3 section 7; WS-Trust 2005/02 section 8).
const STATUS_CODES: Record<TrustVersion, { ns: string; valid: string; invalid: string }> = {
  '1.3': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
    valid: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/valid',
    invalid: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/invalid',
  },
  '1.3-slash': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/',
    valid: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/valid',
    invalid: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/invalid',
  },
  '2005': {
    ns: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
    valid: 'http://schemas.xmlsoap.org/ws/2005/02/trust/status/valid',
    invalid: 'http://schemas.xmlsoap.org/ws/2005/02/trust/status/invalid',
  },
};

/** The token to validate: a UsernameToken built with the SDK builder, declaring the wsse namespace itself. */
function usernameToken(username: string, password: string): string {
  return el('wsse:UsernameToken', { xmlns: { wsse: NS.wsse } }, [
    el('wsse:Username', {}, [username]),
    el('wsse:Password', { Type: UsernameTokenUri.passwordText }, [password]),
  ]).toString();
}

const JOE = usernameToken('joe', '2Federate');
const WRONG = usernameToken('joe', 'wrong-password');

describe('e2e: Validate a UsernameToken at /idp/sts.wst', () => {
  let t: TestSts;
  let certPem: string;

  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  const client = (soapVersion: SoapVersion = '1.2', trustVersion: TrustVersion = '1.3') =>
    new StsClient({ endpoint: t.endpoint, soapVersion, trustVersion, now: () => t.clock.now() });

  /** A Validate request for the raw-response checks (faults, schemas). */
  function validateRequest(options: Partial<ValidateRequestOptions> & { soapVersion: SoapVersion }): RawRequest {
    const built = buildValidateRequest({ endpoint: t.endpoint, target: JOE, credential: { kind: 'none' }, now: () => t.clock.now(), ...options });
    return { body: built.body, contentType: built.contentType, headers: built.soapAction === undefined ? {} : { SOAPAction: built.soapAction } };
  }

  describe('status only', () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      for (const trustVersion of ['1.3', '1.3-slash', '2005'] as const) {
        it(`answers status valid for joe / 2Federate (SOAP ${soapVersion}, WS-Trust ${trustVersion}), issuing nothing`, async () => {
          const before = t.issuedCount();
          const r = succeeded(await client(soapVersion, trustVersion).validate({ target: JOE }));
          expect(r.httpStatus).to.equal(200);
          expect(r.soapVersion).to.equal(soapVersion);
          expect(r.trustNamespace).to.equal(STATUS_CODES[trustVersion].ns);
          expect(r.status).to.deep.equal({ valid: true, code: STATUS_CODES[trustVersion].valid });
          expect(r).to.not.have.property('token');
          expect(t.issuedCount()).to.equal(before);
        });
      }

      it(`answers status invalid with HTTP 200, not a fault, for a wrong password (SOAP ${soapVersion}), issuing nothing`, async () => {
        const before = t.issuedCount();
        const r = succeeded(await client(soapVersion).validate({ target: WRONG }));
        expect(r.httpStatus).to.equal(200);
        expect(r.status).to.deep.equal({ valid: false, code: STATUS_CODES['1.3'].invalid, reason: FAULT_REASONS.FailedAuthentication });
        expect(r).to.not.have.property('token');
        expect(t.issuedCount()).to.equal(before);
      });
    }

    it('answers status invalid for an unknown user, with the same reason as for a wrong password', async () => {
      const r = succeeded(await client().validate({ target: usernameToken('nobody', '2Federate') }));
      expect(r.status).to.deep.equal({ valid: false, code: STATUS_CODES['1.3'].invalid, reason: FAULT_REASONS.FailedAuthentication });
    });

    it('accepts the caller\'s own UsernameToken as credential next to the target', async () => {
      const r = succeeded(await client().validate({ target: JOE, username: 'joe', password: '2Federate' }));
      expect(r.status.valid).to.equal(true);
    });
  });

  describe('exchange', () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      it(`exchanges the UsernameToken for a SAML 2.0 assertion for urn:example:sp that xmlsec1 verifies (SOAP ${soapVersion})`, async () => {
        const before = t.issuedCount();
        const r = succeeded(await client(soapVersion).validate({ target: JOE, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' }));
        expect(r.httpStatus).to.equal(200);
        expect(r.status).to.deep.equal({ valid: true, code: STATUS_CODES['1.3'].valid });
        const token = r.token!;
        expect(token, 'an issued token').to.be.an('object');
        expect(token.tokenType).to.equal(TokenType.Saml20);
        expect(token.appliesTo).to.equal('urn:example:sp');
        expect(token.attachedReference).to.include(token.token.match(/ID="([^"]+)"/)![1]!);
        expect(token.lifetime!.expires.getTime() - token.lifetime!.created.getTime()).to.equal(60 * 60_000);
        const doc = libxmljs.parseXml(token.token);
        const ns = { saml: NS.saml2 };
        expect(doc.get<libxmljs.Element>('/saml:Assertion/saml:Subject/saml:NameID', ns)?.text()).to.equal('joe');
        expect(doc.get<libxmljs.Element>('//saml:Audience', ns)?.text()).to.equal('urn:example:sp');
        const verified = xmlsecVerifyAssertion(token.token, certPem);
        expect(verified.status, verified.output).to.equal(0);
        expect(t.issuedCount()).to.equal(before + 1);
      });

      it(`refuses an exchange with a wrong password with wst:FailedAuthentication, issuing nothing (SOAP ${soapVersion})`, async () => {
        await expectRefused(t, validateRequest({ soapVersion, target: WRONG, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' }), {
          soapVersion,
          code: 'FailedAuthentication',
        });
      });
    }

    it('also reads the exchange refusal through the client as a fault', async () => {
      const r = await client().validate({ target: WRONG, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' });
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.fault.subcode).to.deep.equal({ namespaceUri: NS.wst13, localName: 'FailedAuthentication' });
      expect(r.httpStatus).to.equal(400);
    });
  });

  describe('requests it refuses', () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      it(`refuses a ValidateTarget holding an unknown element with wst:BadRequest (SOAP ${soapVersion})`, async () => {
        await expectRefused(t, validateRequest({ soapVersion, target: '<x:Ticket xmlns:x="urn:example:unknown">abc</x:Ticket>' }), {
          soapVersion,
          code: 'BadRequest',
        });
      });
    }

    it('refuses a Validate request without a Timestamp with wst:InvalidRequest', async () => {
      await expectRefused(t, validateRequest({ soapVersion: '1.2', timestamp: false }), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('refuses a wrong caller credential with wst:FailedAuthentication even for a valid target', async () => {
      await expectRefused(t, validateRequest({ soapVersion: '1.2', credential: { kind: 'username', username: 'joe', password: 'nope' } }), {
        soapVersion: '1.2',
        code: 'FailedAuthentication',
      });
    });
  });

  describe('responses against the official schemas', () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      const cases: Record<string, Partial<ValidateRequestOptions>> = {
        'a valid status': { target: JOE },
        'an invalid status': { target: WRONG },
        'an exchange': { target: JOE, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' },
      };
      for (const [what, options] of Object.entries(cases)) {
        it(`answers ${what} with a response that validates with xmllint (SOAP ${soapVersion})`, async () => {
          const res = await send(t, validateRequest({ soapVersion, ...options }));
          expect(res.status, res.body).to.equal(200);
          expect(res.contentType.split(';')[0]).to.equal(soapVersion === '1.1' ? 'text/xml' : 'application/soap+xml');
          const lint = xmllintSchema(res.body);
          expect(lint.status, `${lint.output}\n${res.body}`).to.equal(0);
        });
      }
    }
  });

  describe('a web service provider with validateWithSts', () => {
    it('finds the UsernameToken in the request it received and has the STS validate it', async () => {
      const incoming =
        `<soap:Envelope xmlns:soap="${NS.soap12}" xmlns:wsse="${NS.wsse}">` +
        `<soap:Header><wsse:Security><wsse:UsernameToken><wsse:Username>joe</wsse:Username>` +
        `<wsse:Password Type="${UsernameTokenUri.passwordText}">2Federate</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>` +
        '<soap:Body><m:GetOrders xmlns:m="urn:example:orders"/></soap:Body></soap:Envelope>';
      const r = succeeded(await validateWithSts(client(), incoming));
      expect(r.status.valid).to.equal(true);
      const denied = succeeded(await validateWithSts(client(), incoming.replace('2Federate', 'guess')));
      expect(denied.status.valid).to.equal(false);
    });

    it('exchanges the caller\'s token for a SAML 2.0 assertion for the service', async () => {
      const incoming = `<soap:Envelope xmlns:soap="${NS.soap11}"><soap:Header><wsse:Security xmlns:wsse="${NS.wsse}">${JOE}</wsse:Security></soap:Header><soap:Body/></soap:Envelope>`;
      const r = succeeded(await validateWithSts(new StsClient({ endpoint: `${t.base}${IDP_STS_PATH}`, soapVersion: '1.1', now: () => t.clock.now() }), incoming, { tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' }));
      expect(r.token?.tokenType).to.equal(TokenType.Saml20);
      expect(xmlsecVerifyAssertion(r.token!.token, certPem).status).to.equal(0);
    });
  });
});
