import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { parseValidateResponse, StsClientError, type StsClientErrorCode, type ValidateResponse, type ValidateSuccess } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { FAULT_SOAP11, FAULT_SOAP12, SAML2_ASSERTION } from './issue-replies.js';
import {
  EXCHANGED_13_SOAP12,
  INVALID_13,
  INVALID_2005,
  INVALID_STATUS_2005_SOAP11,
  rstr13,
  soap11,
  soap12,
  VALID_13,
  VALID_2005,
  VALID_STATUS_13_SOAP12,
  WST13,
  WST13_SLASH,
} from './validate-replies.js';

function success(reply: ValidateResponse): ValidateSuccess {
  if (!reply.ok) expect.fail(`expected a status, got fault ${JSON.stringify(reply.fault)}`);
  return reply;
}

function expectRefused(body: string, code: StsClientErrorCode, message?: RegExp): void {
  try {
    parseValidateResponse(body);
  } catch (error) {
    expect(error).to.be.instanceOf(StsClientError);
    expect((error as StsClientError).code, (error as Error).message).to.equal(code);
    if (message) expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail('parseValidateResponse accepted the reply');
}

const STATUS_TYPE = `<wst:TokenType>${WST13}/RSTR/Status</wst:TokenType>`;
const status = (code: string, reason = '') => `<wst:Status><wst:Code>${code}</wst:Code>${reason}</wst:Status>`;

describe('parseValidateResponse', () => {
  it('reads a valid status from a WS-Trust 1.3 RSTR in SOAP 1.2, with no token', () => {
    const reply = success(parseValidateResponse(VALID_STATUS_13_SOAP12));
    expect(reply).to.deep.equal({ ok: true, soapVersion: '1.2', trustNamespace: WST13, status: { valid: true, code: VALID_13 } });
  });

  it('reads an invalid status and its reason from a WS-Trust 2005 RSTR in SOAP 1.1, the code trimmed', () => {
    const reply = success(parseValidateResponse(INVALID_STATUS_2005_SOAP11));
    expect(reply.soapVersion).to.equal('1.1');
    expect(reply.trustNamespace).to.equal(NS.wst2005);
    expect(reply.status).to.deep.equal({ valid: false, code: INVALID_2005, reason: 'Authentication failed' });
    expect(reply).to.not.have.property('token');
  });

  it('reads the 2005 valid code in a 2005 RSTR', () => {
    const body = soap11(`<t:RequestSecurityTokenResponse xmlns:t="${NS.wst2005}"><t:Status><t:Code>${VALID_2005}</t:Code></t:Status></t:RequestSecurityTokenResponse>`);
    expect(success(parseValidateResponse(body)).status.valid).to.equal(true);
  });

  it('reads the 1.3 status codes in the trailing-slash namespace', () => {
    const body = soap12(`<wst:RequestSecurityTokenResponse xmlns:wst="${WST13_SLASH}">${status(INVALID_13)}</wst:RequestSecurityTokenResponse>`);
    const reply = success(parseValidateResponse(body));
    expect(reply.trustNamespace).to.equal(WST13_SLASH);
    expect(reply.status).to.deep.equal({ valid: false, code: INVALID_13 });
  });

  it('accepts a status reply without TokenType', () => {
    expect(success(parseValidateResponse(soap12(rstr13(status(VALID_13))))).status.valid).to.equal(true);
  });

  it('accepts the RSTR inside an RSTRC', () => {
    const body = soap12(`<wst:RequestSecurityTokenResponseCollection xmlns:wst="${WST13}"><wst:RequestSecurityTokenResponse>${STATUS_TYPE}${status(VALID_13)}</wst:RequestSecurityTokenResponse></wst:RequestSecurityTokenResponseCollection>`);
    expect(success(parseValidateResponse(body)).status.valid).to.equal(true);
  });

  describe('an exchange', () => {
    it('reads the valid status and the issued token with its type, references, AppliesTo, Lifetime and KeyType', () => {
      const reply = success(parseValidateResponse(EXCHANGED_13_SOAP12));
      expect(reply.status).to.deep.equal({ valid: true, code: VALID_13 });
      const token = reply.token;
      expect(token?.tokenType).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
      expect(token?.token).to.equal(SAML2_ASSERTION);
      expect(token?.appliesTo).to.equal('urn:example:sp');
      expect(token?.lifetime?.created.toISOString()).to.equal('2026-11-28T06:00:00.000Z');
      expect(token?.lifetime?.expires.toISOString()).to.equal('2026-11-28T07:00:00.000Z');
      expect(token?.keyType).to.equal(`${WST13}/Bearer`);
      expect(token?.trustNamespace).to.equal(WST13);
      for (const reference of [token?.attachedReference, token?.unattachedReference]) {
        expect(libxmljs.parseXml(reference ?? '').get('//wsse:KeyIdentifier', { wsse: NS.wsse })?.toString()).to.include('>_a1<');
      }
    });

    it('reads a JWT issued in a BinarySecurityToken', () => {
      const bst = `<wsse:BinarySecurityToken xmlns:wsse="${NS.wsse}" ValueType="urn:ietf:params:oauth:token-type:jwt" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${Buffer.from('a.b.c').toString('base64')}</wsse:BinarySecurityToken>`;
      const body = soap12(rstr13(`<wst:TokenType>urn:ietf:params:oauth:token-type:jwt</wst:TokenType><wst:RequestedSecurityToken>${bst}</wst:RequestedSecurityToken>${status(VALID_13)}`));
      expect(success(parseValidateResponse(body)).token?.tokenValue).to.equal('a.b.c');
    });
  });

  describe('faults', () => {
    it('reads a SOAP 1.1 wst:FailedAuthentication fault', () => {
      expect(parseValidateResponse(FAULT_SOAP11)).to.deep.equal({
        ok: false,
        soapVersion: '1.1',
        fault: { code: 'FailedAuthentication', subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' }, reason: 'Authentication failed' },
      });
    });

    it('reads a SOAP 1.2 Sender fault with its wst: Subcode', () => {
      expect(parseValidateResponse(FAULT_SOAP12)).to.deep.equal({
        ok: false,
        soapVersion: '1.2',
        fault: { code: 'Sender', subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' }, reason: 'Authentication failed' },
      });
    });

    it('reads a SOAP 1.2 BadRequest fault', () => {
      const body = FAULT_SOAP12.replace('wst:FailedAuthentication', 'wst:BadRequest').replace(/Authentication failed/, 'The request was invalid or malformed');
      const reply = parseValidateResponse(body);
      expect(reply.ok).to.equal(false);
      if (!reply.ok) expect(reply.fault.subcode?.localName).to.equal('BadRequest');
    });
  });

  describe('bodies it refuses', () => {
    const malformed: Record<string, string> = {
      'an empty body': '',
      'plain text': 'Bad Gateway',
      'a DOCTYPE': `<!DOCTYPE s:Envelope><s:Envelope xmlns:s="${NS.soap12}"/>`,
      'an unclosed element': `<s:Envelope xmlns:s="${NS.soap12}"><s:Body>`,
    };
    for (const [what, body] of Object.entries(malformed)) {
      it(`throws malformed-response for ${what}`, () => expectRefused(body, 'malformed-response'));
    }

    const token = `<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType><wst:RequestedSecurityToken>${SAML2_ASSERTION}</wst:RequestedSecurityToken>`;
    const unexpected: Record<string, [string, RegExp]> = {
      'HTML': ['<html><body>error</body></html>', /not a SOAP Envelope/],
      'an empty Body': [soap12(''), /holds 0 elements/],
      'an RST (a request, not a reply)': [soap12(`<wst:RequestSecurityToken xmlns:wst="${WST13}"/>`), /not an RSTR/],
      'an RSTR without Status': [soap12(rstr13(STATUS_TYPE)), /no Status/],
      'an RSTR with two Status elements': [soap12(rstr13(`${STATUS_TYPE}${status(VALID_13)}${status(VALID_13)}`)), /more than one Status/],
      'a Status without Code': [soap12(rstr13(`${STATUS_TYPE}<wst:Status><wst:Reason>x</wst:Reason></wst:Status>`)), /no Status\/Code/],
      'a Status with two Codes': [soap12(rstr13(`${STATUS_TYPE}<wst:Status><wst:Code>${VALID_13}</wst:Code><wst:Code>${VALID_13}</wst:Code></wst:Status>`)), /more than one Status\/Code/],
      'a Status in another namespace': [soap12(rstr13(`${STATUS_TYPE}<x:Status xmlns:x="${NS.wst2005}"><x:Code>${VALID_2005}</x:Code></x:Status>`)), /no Status/],
      'an unknown status code': [soap12(rstr13(`${STATUS_TYPE}${status(`${WST13}/status/maybe`)}`)), /unknown Status\/Code/],
      'the 2005 valid code in a 1.3 RSTR': [soap12(rstr13(`${STATUS_TYPE}${status(VALID_2005)}`)), /unknown Status\/Code/],
      'an empty status code': [soap12(rstr13(`${STATUS_TYPE}${status('')}`)), /unknown Status\/Code/],
      'a token next to an invalid status': [soap12(rstr13(`${token}${status(INVALID_13)}`)), /invalid status/],
      'an issued token without TokenType': [soap12(rstr13(`<wst:RequestedSecurityToken>${SAML2_ASSERTION}</wst:RequestedSecurityToken>${status(VALID_13)}`)), /no TokenType/],
      'an empty RequestedSecurityToken': [soap12(rstr13(`${STATUS_TYPE}<wst:RequestedSecurityToken/>${status(VALID_13)}`)), /holds 0 elements/],
      'two RequestedSecurityTokens': [soap12(rstr13(`${token}<wst:RequestedSecurityToken>${SAML2_ASSERTION}</wst:RequestedSecurityToken>${status(VALID_13)}`)), /more than one RequestedSecurityToken/],
    };
    for (const [what, [body, message]] of Object.entries(unexpected)) {
      it(`throws unexpected-response for ${what}`, () => expectRefused(body, 'unexpected-response', message));
    }
  });
});
