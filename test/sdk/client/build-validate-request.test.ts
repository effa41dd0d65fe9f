import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import {
  buildIssueRequest,
  buildValidateRequest,
  type BuiltValidateRequest,
  type IssueCredential,
  type SoapVersion,
  type TrustVersion,
  type ValidateRequestOptions,
} from '@sts/sdk/client';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import { SAML2_ASSERTION } from './issue-replies.js';
import { xmllintSchema } from '../../helpers/external-tools.js';
import { expectSoapBinding } from './expect-soap-binding.js';

const NOW = new Date('2026-11-28T06:00:00.000Z');
const ENDPOINT = 'https://sts.example.com/idp/sts.wst';

// Expected URIs spelled out here, independently of the SDK (WS-Trust 1.3 section 7; WS-Trust 2005/02 section 8).
const EXPECTED: Record<TrustVersion, { ns: string; action: string; requestType: string; status: string }> = {
  '1.3': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
    action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Validate',
    requestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Validate',
    status: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Status',
  },
  '1.3-slash': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/',
    action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Validate',
    requestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Validate',
    status: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Status',
  },
  '2005': {
    ns: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
    action: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Validate',
    requestType: 'http://schemas.xmlsoap.org/ws/2005/02/trust/Validate',
    status: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Status',
  },
};
const SOAP_NS: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

/** The caller's own token: a UsernameToken that declares its namespace itself. */
const TARGET =
  `<wsse:UsernameToken xmlns:wsse="${NS.wsse}"><wsse:Username>alice</wsse:Username>` +
  `<wsse:Password Type="${UsernameTokenUri.passwordText}">a&amp;b</wsse:Password></wsse:UsernameToken>`;

type Doc = libxmljs.Document;

function parse(body: string): Doc {
  const doc = libxmljs.parseXml(body, { nonet: true, noent: false, dtdload: false, recover: false });
  expect(doc.errors, 'parse errors').to.have.length(0);
  return doc;
}

function nsFor(soap: SoapVersion, trust: TrustVersion, wsp: string = NS.wsp2004): Record<string, string> {
  return { s: SOAP_NS[soap], wsa: NS.wsa, wsse: NS.wsse, wsu: NS.wsu, wst: EXPECTED[trust].ns, wsp, saml: NS.saml2 };
}

function textAt(doc: Doc, xpath: string, ns: Record<string, string>): string {
  const node = doc.get<libxmljs.Element>(xpath, ns);
  expect(node, xpath).to.not.equal(null);
  return (node as libxmljs.Element).text();
}

function build(overrides: Partial<ValidateRequestOptions> = {}): string {
  return buildValidateRequest({ endpoint: ENDPOINT, target: TARGET, credential: { kind: 'none' }, now: () => NOW, ...overrides }).body;
}

const RST = '/s:Envelope/s:Body/wst:RequestSecurityToken';

describe('buildValidateRequest', () => {
  const credentials: Record<string, IssueCredential> = {
    'no credential': { kind: 'none' },
    'a UsernameToken credential': { kind: 'username', username: 'joe', password: 'secret', passwordType: 'text' },
  };

  for (const soapVersion of ['1.1', '1.2'] as const) {
    for (const trustVersion of ['1.3', '2005'] as const) {
      for (const [credentialName, credential] of Object.entries(credentials)) {
        describe(`SOAP ${soapVersion}, WS-Trust ${trustVersion}, ${credentialName}`, () => {
          const expected = EXPECTED[trustVersion];
          const ns = nsFor(soapVersion, trustVersion);
          let built: BuiltValidateRequest;
          let doc: Doc;
          before(() => {
            built = buildValidateRequest({ endpoint: ENDPOINT, target: TARGET, soapVersion, trustVersion, credential, now: () => NOW });
            doc = parse(built.body);
          });

          it('puts Action, MessageID, ReplyTo, To and Security in the header, in that order', () => {
            const names = doc.find<libxmljs.Element>('/s:Envelope/s:Header/*', ns).map((e) => `${e.namespace()?.href()} ${e.name()}`);
            expect(names).to.deep.equal([`${NS.wsa} Action`, `${NS.wsa} MessageID`, `${NS.wsa} ReplyTo`, `${NS.wsa} To`, `${NS.wsse} Security`]);
          });

          it('addresses the request with the Validate action and the endpoint', () => {
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:Action', ns)).to.equal(expected.action);
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:MessageID', ns)).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:To', ns)).to.equal(ENDPOINT);
          });

          it(`sends a Timestamp${credential.kind === 'none' ? ' and no credential' : ' and the UsernameToken credential'}`, () => {
            const security = '/s:Envelope/s:Header/wsse:Security';
            expect(textAt(doc, `${security}/wsu:Timestamp/wsu:Created`, ns)).to.equal('2026-11-28T06:00:00.000Z');
            expect(textAt(doc, `${security}/wsu:Timestamp/wsu:Expires`, ns)).to.equal('2026-11-28T06:05:00.000Z');
            const children = doc.find<libxmljs.Element>(`${security}/*`, ns).map((e) => e.name());
            if (credential.kind === 'none') {
              expect(children).to.deep.equal(['Timestamp']);
            } else {
              expect(children).to.deep.equal(['Timestamp', 'UsernameToken']);
              expect(textAt(doc, `${security}/wsse:UsernameToken/wsse:Username`, ns)).to.equal('joe');
            }
          });

          it('asks for a status: the Status TokenType by default, the Validate RequestType and the target, no AppliesTo or KeyType', () => {
            const children = doc.find<libxmljs.Element>(`${RST}/*`, ns).map((e) => e.name());
            expect(children).to.deep.equal(['TokenType', 'RequestType', 'ValidateTarget']);
            expect(textAt(doc, `${RST}/wst:TokenType`, ns)).to.equal(expected.status);
            expect(textAt(doc, `${RST}/wst:RequestType`, ns)).to.equal(expected.requestType);
          });

          it('puts the target into ValidateTarget unchanged, as its only child', () => {
            const inside = doc.find<libxmljs.Element>(`${RST}/wst:ValidateTarget/*`, ns);
            expect(inside).to.have.length(1);
            expect(textAt(doc, `${RST}/wst:ValidateTarget/wsse:UsernameToken/wsse:Username`, ns)).to.equal('alice');
            expect(textAt(doc, `${RST}/wst:ValidateTarget/wsse:UsernameToken/wsse:Password`, ns)).to.equal('a&b');
            expect(built.body).to.include(`<wst:ValidateTarget>${TARGET}</wst:ValidateTarget>`);
          });

          it('returns the content type and SOAPAction of its SOAP version', () => {
            expectSoapBinding(built, soapVersion, expected.action, textAt(doc, '/s:Envelope/s:Header/wsa:MessageID', ns));
          });

          if (trustVersion === '1.3') {
            it('validates against the SOAP, WS-Addressing, WS-Security and WS-Trust 1.3 schemas', () => {
              const { status, output } = xmllintSchema(built.body);
              expect(status, output).to.equal(0);
            });
          }
        });
      }
    }
  }

  it('uses the trailing-slash namespace for the elements and the no-slash URIs for 1.3-slash', () => {
    const ns = nsFor('1.2', '1.3-slash');
    const doc = parse(build({ trustVersion: '1.3-slash' }));
    expect(textAt(doc, `${RST}/wst:TokenType`, ns)).to.equal(EXPECTED['1.3-slash'].status);
    expect(textAt(doc, `${RST}/wst:RequestType`, ns)).to.equal(EXPECTED['1.3-slash'].requestType);
  });

  it('has a schema check that does fail on an invalid request', () => {
    expect(xmllintSchema(build()).status).to.equal(0);
    const broken = build({ target: `<wsse:UsernameToken xmlns:wsse="${NS.wsse}"><wsse:Unknown/></wsse:UsernameToken>` });
    expect(xmllintSchema(broken).status).to.not.equal(0);
  });

  it('asks for an exchange with a given TokenType and AppliesTo, and the result validates against the schemas', () => {
    const ns = nsFor('1.2', '1.3');
    const body = build({ tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion', appliesTo: 'urn:example:sp', target: SAML2_ASSERTION });
    const doc = parse(body);
    expect(doc.find<libxmljs.Element>(`${RST}/*`, ns).map((e) => e.name())).to.deep.equal(['TokenType', 'RequestType', 'ValidateTarget', 'AppliesTo']);
    expect(textAt(doc, `${RST}/wst:TokenType`, ns)).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
    expect(textAt(doc, `${RST}/wsp:AppliesTo/wsa:EndpointReference/wsa:Address`, ns)).to.equal('urn:example:sp');
    expect(textAt(doc, `${RST}/wst:ValidateTarget/saml:Assertion/saml:Issuer`, ns)).to.equal('https://sts.example.com');
    const { status, output } = xmllintSchema(body);
    expect(status, output).to.equal(0);
  });

  it('puts AppliesTo in the WS-Policy 1.5 namespace when asked', () => {
    const doc = parse(build({ appliesTo: 'urn:example:sp', appliesToPolicy: '1.5' }));
    expect(textAt(doc, `${RST}/wsp:AppliesTo/wsa:EndpointReference/wsa:Address`, nsFor('1.2', '1.3', NS.wsp15))).to.equal('urn:example:sp');
  });

  it('omits TokenType when tokenType is null', () => {
    const doc = parse(build({ tokenType: null }));
    expect(doc.find<libxmljs.Element>(`${RST}/*`, nsFor('1.2', '1.3')).map((e) => e.name())).to.deep.equal(['RequestType', 'ValidateTarget']);
  });

  it('accepts a target with surrounding whitespace, with a default namespace and with nested prefixes', () => {
    const ns = nsFor('1.2', '1.3');
    const defaultNs = `\n  <Assertion xmlns="${NS.saml2}" ID="_d" Version="2.0" IssueInstant="2026-11-28T06:00:00Z"><Issuer>x</Issuer></Assertion>\n`;
    expect(textAt(parse(build({ target: defaultNs })), `${RST}/wst:ValidateTarget/saml:Assertion/saml:Issuer`, ns)).to.equal('x');
  });

  it('shares the header with buildIssueRequest: only the action and the body differ', () => {
    const options = { endpoint: ENDPOINT, credential: { kind: 'username', username: 'joe', password: 'p' } as const, messageId: 'urn:uuid:1', now: () => NOW };
    const header = (body: string) => body.replace(/wsu:Id="[^"]+"/g, '').replace(/<s:Body>.*$/, '').replace(/\/RST\/(Issue|Validate)/, '/RST/x');
    expect(header(buildValidateRequest({ ...options, target: TARGET }).body)).to.equal(header(buildIssueRequest({ ...options, appliesTo: 'urn:x' }).body));
  });

  it('leaves mustUnderstand off, omits the Timestamp and uses a given MessageID when asked', () => {
    const ns = nsFor('1.2', '1.3');
    const doc = parse(build({ mustUnderstand: false, timestamp: false, messageId: 'urn:uuid:2' }));
    expect(doc.find('//@s:mustUnderstand', ns)).to.have.length(0);
    expect(doc.find('//wsu:Timestamp', ns)).to.have.length(0);
    expect(textAt(doc, '//wsa:MessageID', ns)).to.equal('urn:uuid:2');
  });

  it('escapes markup in AppliesTo and TokenType', () => {
    const ns = nsFor('1.2', '1.3');
    const doc = parse(build({ appliesTo: 'urn:a<b>&c', tokenType: 'urn:t"<x>' }));
    expect(textAt(doc, `${RST}/wsp:AppliesTo/wsa:EndpointReference/wsa:Address`, ns)).to.equal('urn:a<b>&c');
    expect(textAt(doc, `${RST}/wst:TokenType`, ns)).to.equal('urn:t"<x>');
  });

  describe('refuses a target that is not one well-formed element declaring its own namespaces', () => {
    const refused: Record<string, unknown> = {
      'an empty string': '',
      'whitespace': '  \n',
      'text': 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
      'text before the element': `x<a/>`,
      'two elements': '<a/><b/>',
      'an unclosed element': '<a>',
      'an element followed by text': '<a/>tail',
      'an XML declaration': '<?xml version="1.0"?><a/>',
      'a byte order mark': '\uFEFF<a/>',
      'a DOCTYPE with an entity': '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      'a comment': '<a><!-- x --></a>',
      'a processing instruction': '<a><?pi x?></a>',
      'a CDATA section alone': '<![CDATA[<a/>]]>',
      'a prefix it does not declare (one the envelope would supply)': `<wsse:UsernameToken><wsse:Username>joe</wsse:Username></wsse:UsernameToken>`,
      'a prefix declared nowhere, deeper down': `<a xmlns:p="urn:p"><p:b><q:c/></p:b></a>`,
      'a character XML cannot carry': '<a>\u0001</a>',
      'a non-string': 42,
    };
    for (const [what, target] of Object.entries(refused)) {
      it(`refuses ${what} with a TypeError`, () => {
        expect(() => build({ target: target as string })).to.throw(TypeError, /target/);
      });
    }
  });

  it('refuses values XML cannot carry, unknown versions and a bad endpoint', () => {
    expect(() => build({ appliesTo: 'urn:\uFFFE' })).to.throw(TypeError, /appliesTo/);
    expect(() => build({ tokenType: 'urn:\u0000' })).to.throw(TypeError, /tokenType/);
    expect(() => build({ trustVersion: '1.4' as TrustVersion })).to.throw(TypeError, /WS-Trust/);
    expect(() => build({ soapVersion: '1.3' as SoapVersion })).to.throw(TypeError, /SOAP/);
    expect(() => build({ endpoint: '/sts' })).to.throw(TypeError, /endpoint/);
  });
});
