import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { parseIssueResponse, StsClientError, type IssueResponse, type IssueSuccess, type StsClientErrorCode } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import {
  FAULT_SOAP11,
  FAULT_SOAP12,
  RSTR_2005_SOAP11,
  RSTRC_13_SLASH_JWT,
  RSTRC_13_SOAP12,
  SAML11_ASSERTION,
  SAML2_ASSERTION,
} from './issue-replies.js';

function success(reply: IssueResponse): IssueSuccess {
  expect(reply.ok, 'ok').to.equal(true);
  return reply as IssueSuccess;
}

function refusal(body: string): StsClientError {
  try {
    parseIssueResponse(body);
  } catch (error) {
    expect(error).to.be.instanceOf(StsClientError);
    return error as StsClientError;
  }
  expect.fail('parseIssueResponse accepted the reply');
}

function expectRefused(body: string, code: StsClientErrorCode, message?: RegExp): void {
  const error = refusal(body);
  expect(error.code, error.message).to.equal(code);
  if (message) expect(error.message).to.match(message);
}

/** The 1.3 RSTRC with its RSTR replaced by `rstr`. */
function rstrc13(rstr: string): string {
  return `<s:Envelope xmlns:s="${NS.soap12}"><s:Body><t:RequestSecurityTokenResponseCollection xmlns:t="${NS.wst13}">${rstr}</t:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>`;
}

const TOKEN_TYPE = '<t:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</t:TokenType>';
const REQUESTED = `<t:RequestedSecurityToken>${SAML2_ASSERTION}</t:RequestedSecurityToken>`;

describe('parseIssueResponse', () => {
  describe('a WS-Trust 1.3 RSTRC in SOAP 1.2', () => {
    it('reports the SOAP version, the trust namespace, the collection form and the token type', () => {
      const reply = success(parseIssueResponse(RSTRC_13_SOAP12));
      expect(reply.soapVersion).to.equal('1.2');
      expect(reply.trustNamespace).to.equal(NS.wst13);
      expect(reply.collection).to.equal(true);
      expect(reply.tokenType).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
    });

    it('returns the assertion exactly as it stands, with its own namespace declaration', () => {
      const reply = success(parseIssueResponse(RSTRC_13_SOAP12));
      expect(reply.token).to.equal(SAML2_ASSERTION);
      expect(reply.tokenText).to.equal(undefined);
      const alone = libxmljs.parseXml(reply.token);
      expect(alone.errors).to.have.length(0);
      expect(alone.root()?.namespace()?.href()).to.equal(NS.saml2);
    });

    it('reads AppliesTo, Lifetime, KeyType and the attached and unattached references', () => {
      const reply = success(parseIssueResponse(RSTRC_13_SOAP12));
      expect(reply.appliesTo).to.equal('urn:federation:MicrosoftOnline');
      expect(reply.lifetime?.created.toISOString()).to.equal('2026-11-28T06:00:00.000Z');
      expect(reply.lifetime?.expires.toISOString()).to.equal('2026-11-28T07:00:00.000Z');
      expect(reply.keyType).to.equal('http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer');
      for (const reference of [reply.attachedReference, reply.unattachedReference]) {
        const doc = libxmljs.parseXml(reference ?? '');
        expect(doc.errors).to.have.length(0);
        expect(doc.get('/wsse:SecurityTokenReference/wsse:KeyIdentifier', { wsse: NS.wsse })?.toString()).to.include('>_a1<');
      }
    });
  });

  describe('a WS-Trust 2005 bare RSTR in SOAP 1.1', () => {
    it('reports the 2005 namespace, the bare form and the SAML 1.1 token type', () => {
      const reply = success(parseIssueResponse(RSTR_2005_SOAP11));
      expect(reply.soapVersion).to.equal('1.1');
      expect(reply.trustNamespace).to.equal(NS.wst2005);
      expect(reply.collection).to.equal(false);
      expect(reply.tokenType).to.equal('urn:oasis:names:tc:SAML:1.0:assertion');
      expect(reply.token).to.equal(SAML11_ASSERTION);
    });

    it('reads a Lifetime given with a time-zone offset and leaves absent parts undefined', () => {
      const reply = success(parseIssueResponse(RSTR_2005_SOAP11));
      expect(reply.lifetime?.expires.toISOString()).to.equal('2026-11-28T07:00:00.000Z');
      expect(reply).to.not.have.any.keys('appliesTo', 'keyType', 'attachedReference', 'unattachedReference', 'tokenText');
    });
  });

  it('accepts the trailing-slash 1.3 namespace and returns the text of a BinarySecurityToken', () => {
    const reply = success(parseIssueResponse(RSTRC_13_SLASH_JWT));
    expect(reply.trustNamespace).to.equal(NS.wst13Slash);
    expect(reply.tokenType).to.equal('urn:ietf:params:oauth:token-type:jwt');
    expect(reply.tokenText).to.equal('ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLnNpZw==');
    expect(reply.token).to.match(/^<wsse:BinarySecurityToken xmlns:wsse="[^"]+" ValueType=/);
  });

  it('serializes a token without the namespaces it only inherits, as raw extraction sees it', () => {
    const body = `<s:Envelope xmlns:s="${NS.soap12}" xmlns:saml="${NS.saml2}"><s:Body><t:RequestSecurityTokenResponseCollection xmlns:t="${NS.wst13}"><t:RequestSecurityTokenResponse>${TOKEN_TYPE}<t:RequestedSecurityToken><saml:Assertion ID="_x"/></t:RequestedSecurityToken></t:RequestSecurityTokenResponse></t:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>`;
    expect(success(parseIssueResponse(body)).token).to.equal('<saml:Assertion ID="_x"/>');
  });

  it('accepts a bare RSTR in the 1.3 namespace', () => {
    const body = `<s:Envelope xmlns:s="${NS.soap12}"><s:Body><t:RequestSecurityTokenResponse xmlns:t="${NS.wst13}">${TOKEN_TYPE}${REQUESTED}</t:RequestSecurityTokenResponse></s:Body></s:Envelope>`;
    const reply = success(parseIssueResponse(body));
    expect(reply.collection).to.equal(false);
    expect(reply.token).to.equal(SAML2_ASSERTION);
  });

  describe('faults', () => {
    it('reads a SOAP 1.1 fault whose faultcode is wst:FailedAuthentication', () => {
      const reply = parseIssueResponse(FAULT_SOAP11);
      expect(reply).to.deep.equal({
        ok: false,
        soapVersion: '1.1',
        fault: {
          code: 'FailedAuthentication',
          subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' },
          reason: 'Authentication failed',
        },
      });
    });

    it('reads a SOAP 1.1 Client fault without a subcode', () => {
      const body = `<e:Envelope xmlns:e="${NS.soap11}"><e:Body><e:Fault><faultcode>e:Client</faultcode><faultstring>bad</faultstring></e:Fault></e:Body></e:Envelope>`;
      expect(parseIssueResponse(body)).to.deep.equal({ ok: false, soapVersion: '1.1', fault: { code: 'Client', reason: 'bad' } });
    });

    it('reads a SOAP 1.2 fault with Code Sender, Subcode wst:FailedAuthentication and the first Reason Text', () => {
      expect(parseIssueResponse(FAULT_SOAP12)).to.deep.equal({
        ok: false,
        soapVersion: '1.2',
        fault: {
          code: 'Sender',
          subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' },
          reason: 'Authentication failed',
        },
      });
    });

    it('reads a SOAP 1.2 Receiver fault without a Subcode', () => {
      const body = `<s:Envelope xmlns:s="${NS.soap12}"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">oops</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`;
      expect(parseIssueResponse(body)).to.deep.equal({ ok: false, soapVersion: '1.2', fault: { code: 'Receiver', reason: 'oops' } });
    });

    it('refuses a SOAP 1.2 Subcode whose prefix is not declared', () => {
      expectRefused(FAULT_SOAP12.replace(' xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512"', ''), 'unexpected-response', /Subcode/);
    });

    it('refuses a SOAP 1.2 Code/Value outside the envelope namespace', () => {
      expectRefused(FAULT_SOAP12.replace('env:Sender', 'wst:Sender').replace('<env:Code>', `<env:Code xmlns:wst="${NS.wst13}">`), 'unexpected-response', /Code\/Value/);
    });

    it('refuses a fault without a reason', () => {
      expectRefused(FAULT_SOAP11.replace('<faultstring>Authentication failed</faultstring>', ''), 'unexpected-response', /faultstring/);
      expectRefused(FAULT_SOAP12.replace(/<env:Reason>[\s\S]*<\/env:Reason>/, ''), 'unexpected-response', /Reason/);
    });
  });

  describe('bodies it refuses', () => {
    const malformed: Record<string, string> = {
      'an empty body': '',
      'plain text': 'Internal Server Error',
      'an unclosed element': `<s:Envelope xmlns:s="${NS.soap12}"><s:Body>`,
      'an unbound prefix': '<s:Envelope><s:Body/></s:Envelope>',
      'a DOCTYPE with an entity': `<!DOCTYPE s:Envelope [<!ENTITY x "y">]><s:Envelope xmlns:s="${NS.soap12}"><s:Body>&x;</s:Body></s:Envelope>`,
      'a processing instruction': `<s:Envelope xmlns:s="${NS.soap12}"><?pi x?><s:Body/></s:Envelope>`,
      'a declared encoding other than UTF-8': `<?xml version="1.0" encoding="ISO-8859-1"?><s:Envelope xmlns:s="${NS.soap12}"/>`,
      'an XML 1.1 declaration': `<?xml version="1.1"?><s:Envelope xmlns:s="${NS.soap12}"/>`,
      'a processing instruction right after the XML declaration': `<?xml version="1.0"?><?pi x?><s:Envelope xmlns:s="${NS.soap12}"/>`,
      'an XML declaration that does not tokenize (a "?>" hidden in a value)': `<?xml version="1.0" encoding="UTF-8?>"?><s:Envelope xmlns:s="${NS.soap12}"/>`,
      'a C0 control character': `<s:Envelope xmlns:s="${NS.soap12}"><s:Body>\u0001</s:Body></s:Envelope>`,
    };
    for (const [what, body] of Object.entries(malformed)) {
      it(`throws malformed-response for ${what}`, () => expectRefused(body, 'malformed-response'));
    }

    const envelope = (inner: string) => rstrc13(inner);
    const unexpected: Record<string, [string, RegExp]> = {
      'HTML': ['<html><body>error</body></html>', /not a SOAP Envelope/],
      'an envelope without a Body': [`<s:Envelope xmlns:s="${NS.soap12}"><s:Header/></s:Envelope>`, /no SOAP Body/],
      'an empty Body': [`<s:Envelope xmlns:s="${NS.soap12}"><s:Body/></s:Envelope>`, /holds 0 elements/],
      'two elements in the Body': [FAULT_SOAP12.replace('</env:Body>', '<env:Fault/></env:Body>'), /holds 2 elements/],
      'an RST (a request, not a reply)': [`<s:Envelope xmlns:s="${NS.soap12}"><s:Body><t:RequestSecurityToken xmlns:t="${NS.wst13}"/></s:Body></s:Envelope>`, /200512}RequestSecurityToken, not an RSTR/],
      'an RSTR in the WS-Trust 1.4 namespace': [`<s:Envelope xmlns:s="${NS.soap12}"><s:Body><t:RequestSecurityTokenResponse xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200802"/></s:Body></s:Envelope>`, /200802/],
      'a fault in the other SOAP version': [`<s:Envelope xmlns:s="${NS.soap12}"><s:Body><f:Fault xmlns:f="${NS.soap11}"/></s:Body></s:Envelope>`, /Fault/],
      'an RSTRC with two RSTRs': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}${REQUESTED}</t:RequestSecurityTokenResponse>`.repeat(2)), /exactly one RSTR/],
      'an empty RSTRC': [envelope(''), /exactly one RSTR/],
      'an RSTRC holding a foreign element': [envelope('<x:Other xmlns:x="urn:x"/>'), /exactly one RSTR/],
      'an RSTR without TokenType': [envelope(`<t:RequestSecurityTokenResponse>${REQUESTED}</t:RequestSecurityTokenResponse>`), /no TokenType/],
      'an RSTR with two TokenTypes': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}${TOKEN_TYPE}${REQUESTED}</t:RequestSecurityTokenResponse>`), /more than one TokenType/],
      'an RSTR without RequestedSecurityToken': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}</t:RequestSecurityTokenResponse>`), /no RequestedSecurityToken/],
      'an empty RequestedSecurityToken': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}<t:RequestedSecurityToken> </t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`), /holds 0 elements/],
      'a RequestedSecurityToken with two tokens': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}<t:RequestedSecurityToken>${SAML2_ASSERTION}${SAML2_ASSERTION}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`), /holds 2 elements/],
      'a RSTR element in another trust namespace than its collection': [envelope(`<u:RequestSecurityTokenResponse xmlns:u="${NS.wst2005}">${TOKEN_TYPE}${REQUESTED}</u:RequestSecurityTokenResponse>`), /exactly one RSTR/],
      'a Lifetime without Expires': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}${REQUESTED}<t:Lifetime><u:Created xmlns:u="${NS.wsu}">2026-11-28T06:00:00Z</u:Created></t:Lifetime></t:RequestSecurityTokenResponse>`), /Lifetime\/Expires/],
      'a Lifetime time without a time zone': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}${REQUESTED}<t:Lifetime xmlns:u="${NS.wsu}"><u:Created>2026-11-28T06:00:00</u:Created><u:Expires>2026-11-28T07:00:00Z</u:Expires></t:Lifetime></t:RequestSecurityTokenResponse>`), /time zone/],
      'a Lifetime time that is not a date': [envelope(`<t:RequestSecurityTokenResponse>${TOKEN_TYPE}${REQUESTED}<t:Lifetime xmlns:u="${NS.wsu}"><u:Created>2026-13-45T06:00:00Z</u:Created><u:Expires>2026-11-28T07:00:00Z</u:Expires></t:Lifetime></t:RequestSecurityTokenResponse>`), /xs:dateTime/],
    };
    for (const [what, [body, message]] of Object.entries(unexpected)) {
      it(`throws unexpected-response for ${what}`, () => expectRefused(body, 'unexpected-response', message));
    }
  });
});
