import { expect } from 'chai';
import { createHash } from 'node:crypto';
import libxmljs from 'libxmljs2';
import { buildIssueRequest, type BuiltIssueRequest, type IssueRequestOptions, type PasswordType, type SoapVersion, type TrustVersion } from '@sts/sdk/client';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import { xmllintSchema } from '../../helpers/external-tools.js';
import { expectSoapBinding } from './expect-soap-binding.js';

const NOW = new Date('2026-11-28T06:00:00.000Z');
const ENDPOINT = 'https://sts.example.com/adfs/services/trust/13/usernamemixed';

// Expected URIs spelled out here, independently of the SDK (WS-Trust 1.3 section 4.1; MSAL wstrust_request.py).
const EXPECTED: Record<TrustVersion, { ns: string; action: string; requestType: string; keyType: string }> = {
  '1.3': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
    action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue',
    requestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
    keyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer',
  },
  '1.3-slash': {
    ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/',
    action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue',
    requestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
    keyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer',
  },
  '2005': {
    ns: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
    action: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue',
    requestType: 'http://schemas.xmlsoap.org/ws/2005/02/trust/Issue',
    keyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
  },
};
const SOAP_NS: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

type Doc = libxmljs.Document;

function parse(body: string): Doc {
  const doc = libxmljs.parseXml(body, { nonet: true, noent: false, dtdload: false, recover: false });
  expect(doc.errors, 'parse errors').to.have.length(0);
  return doc;
}

function nsFor(soap: SoapVersion, trust: TrustVersion, wsp: string = NS.wsp2004): Record<string, string> {
  return { s: SOAP_NS[soap], wsa: NS.wsa, wsse: NS.wsse, wsu: NS.wsu, wst: EXPECTED[trust].ns, wsp };
}

function textAt(doc: Doc, xpath: string, ns: Record<string, string>): string {
  const node = doc.get<libxmljs.Element>(xpath, ns);
  expect(node, xpath).to.not.equal(null);
  return (node as libxmljs.Element).text();
}

function attrAt(doc: Doc, xpath: string, ns: Record<string, string>): string | undefined {
  const node = doc.get(xpath, ns) as unknown as { value(): string } | null;
  return node?.value();
}

function build(overrides: Partial<IssueRequestOptions> = {}): string {
  return buildIssueRequest({
    endpoint: ENDPOINT,
    appliesTo: 'urn:federation:MicrosoftOnline',
    credential: { kind: 'username', username: 'joe', password: 'secret', passwordType: 'text' },
    now: () => NOW,
    ...overrides,
  }).body;
}

describe('buildIssueRequest', () => {
  const soapVersions: SoapVersion[] = ['1.1', '1.2'];
  const trustVersions: TrustVersion[] = ['1.3', '1.3-slash', '2005'];
  const passwordTypes: PasswordType[] = ['text', 'text-no-type', 'digest'];

  for (const soapVersion of soapVersions) {
    for (const trustVersion of trustVersions) {
      for (const passwordType of passwordTypes) {
        describe(`SOAP ${soapVersion}, WS-Trust ${trustVersion}, password ${passwordType}`, () => {
          const expected = EXPECTED[trustVersion];
          const ns = nsFor(soapVersion, trustVersion);
          let built: BuiltIssueRequest;
          let doc: Doc;
          before(() => {
            built = buildIssueRequest({
              endpoint: ENDPOINT,
              appliesTo: 'urn:federation:MicrosoftOnline',
              soapVersion,
              trustVersion,
              credential: { kind: 'username', username: 'joe@example.com', password: 'pässword', passwordType },
              now: () => NOW,
            });
            doc = parse(built.body);
          });

          it('puts Action, MessageID, ReplyTo, To and Security in the header, in that order', () => {
            const names = doc.find<libxmljs.Element>('/s:Envelope/s:Header/*', ns).map((e) => `${e.namespace()?.href()} ${e.name()}`);
            expect(names).to.deep.equal([
              `${NS.wsa} Action`,
              `${NS.wsa} MessageID`,
              `${NS.wsa} ReplyTo`,
              `${NS.wsa} To`,
              `${NS.wsse} Security`,
            ]);
          });

          it('addresses the request with the Issue action, a uuid MessageID, an anonymous ReplyTo and the endpoint', () => {
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:Action', ns)).to.equal(expected.action);
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:MessageID', ns)).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:ReplyTo/wsa:Address', ns)).to.equal('http://www.w3.org/2005/08/addressing/anonymous');
            expect(textAt(doc, '/s:Envelope/s:Header/wsa:To', ns)).to.equal(ENDPOINT);
          });

          it('marks Action, To and Security mustUnderstand="1" and nothing else', () => {
            for (const header of ['wsa:Action', 'wsa:To', 'wsse:Security']) {
              expect(attrAt(doc, `/s:Envelope/s:Header/${header}/@s:mustUnderstand`, ns), header).to.equal('1');
            }
            expect(doc.find('//@s:mustUnderstand', ns)).to.have.length(3);
          });

          it('sends a Timestamp created now that expires after 300 seconds', () => {
            const ts = '/s:Envelope/s:Header/wsse:Security/wsu:Timestamp';
            expect(attrAt(doc, `${ts}/@wsu:Id`, ns)).to.be.a('string').and.not.equal('');
            expect(textAt(doc, `${ts}/wsu:Created`, ns)).to.equal('2026-11-28T06:00:00.000Z');
            expect(textAt(doc, `${ts}/wsu:Expires`, ns)).to.equal('2026-11-28T06:05:00.000Z');
          });

          it(`sends the ${passwordType} UsernameToken`, () => {
            const ut = '/s:Envelope/s:Header/wsse:Security/wsse:UsernameToken';
            expect(attrAt(doc, `${ut}/@wsu:Id`, ns)).to.be.a('string').and.not.equal('');
            expect(textAt(doc, `${ut}/wsse:Username`, ns)).to.equal('joe@example.com');
            const type = attrAt(doc, `${ut}/wsse:Password/@Type`, ns);
            const password = textAt(doc, `${ut}/wsse:Password`, ns);
            if (passwordType === 'digest') {
              expect(type).to.equal(UsernameTokenUri.passwordDigest);
              expect(attrAt(doc, `${ut}/wsse:Nonce/@EncodingType`, ns)).to.equal(UsernameTokenUri.base64Binary);
              const nonce = Buffer.from(textAt(doc, `${ut}/wsse:Nonce`, ns), 'base64');
              const created = textAt(doc, `${ut}/wsu:Created`, ns);
              expect(nonce).to.have.length(16);
              expect(created).to.equal('2026-11-28T06:00:00.000Z');
              // UsernameToken Profile 1.0 section 3.1, recomputed here.
              const digest = createHash('sha1')
                .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from('pässword', 'utf8')]))
                .digest('base64');
              expect(password).to.equal(digest);
            } else {
              expect(type).to.equal(passwordType === 'text' ? UsernameTokenUri.passwordText : undefined);
              expect(password).to.equal('pässword');
              expect(doc.find(`${ut}/wsse:Nonce | ${ut}/wsu:Created`, ns)).to.have.length(0);
            }
          });

          it('asks for the token with AppliesTo (WS-Policy 2004/09), the default KeyType and the Issue RequestType, and no TokenType', () => {
            const rst = '/s:Envelope/s:Body/wst:RequestSecurityToken';
            const children = doc.find<libxmljs.Element>(`${rst}/*`, ns).map((e) => e.name());
            expect(children).to.deep.equal(['AppliesTo', 'KeyType', 'RequestType']);
            expect(textAt(doc, `${rst}/wsp:AppliesTo/wsa:EndpointReference/wsa:Address`, ns)).to.equal('urn:federation:MicrosoftOnline');
            expect(textAt(doc, `${rst}/wst:KeyType`, ns)).to.equal(expected.keyType);
            expect(textAt(doc, `${rst}/wst:RequestType`, ns)).to.equal(expected.requestType);
          });

          it('returns the content type and SOAPAction of its SOAP version', () => {
            expectSoapBinding(built, soapVersion, expected.action, textAt(doc, '/s:Envelope/s:Header/wsa:MessageID', ns));
          });

          if (trustVersion === '1.3') {
            it('validates against the SOAP, WS-Addressing, WS-Security, WS-Policy and WS-Trust 1.3 schemas', () => {
              const { status, output } = xmllintSchema(built.body);
              expect(status, output).to.equal(0);
            });
          }
        });
      }
    }
  }

  it('has a schema check that does fail on an invalid request', () => {
    const broken = build().replace('<wst:RequestType>', '<wst:RequestType><wst:Nested/>');
    expect(xmllintSchema(broken).status).to.not.equal(0);
  });

  it('defaults to SOAP 1.2 and WS-Trust 1.3', () => {
    const doc = parse(build());
    expect(doc.get('/s:Envelope/s:Body/wst:RequestSecurityToken', nsFor('1.2', '1.3'))).to.not.equal(null);
  });

  it('sends TokenType first when one is given', () => {
    const ns = nsFor('1.2', '1.3');
    const doc = parse(build({ tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion' }));
    const first = doc.get<libxmljs.Element>('/s:Envelope/s:Body/wst:RequestSecurityToken/*[1]', ns);
    expect(first?.name()).to.equal('TokenType');
    expect(first?.text()).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
  });

  it('sends a chosen KeyType, and none when keyType is null', () => {
    const ns = nsFor('1.2', '1.3');
    const symmetric = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey';
    expect(textAt(parse(build({ keyType: symmetric })), '//wst:KeyType', ns)).to.equal(symmetric);
    expect(parse(build({ keyType: null })).find('//wst:KeyType', ns)).to.have.length(0);
  });

  it('puts AppliesTo in the WS-Policy 1.5 namespace when asked', () => {
    const doc = parse(build({ appliesToPolicy: '1.5' }));
    expect(textAt(doc, '//wsp:AppliesTo/wsa:EndpointReference/wsa:Address', nsFor('1.2', '1.3', NS.wsp15))).to.equal(
      'urn:federation:MicrosoftOnline',
    );
    expect(doc.find('//wsp:AppliesTo', nsFor('1.2', '1.3'))).to.have.length(0);
  });

  it('uses a given Timestamp, and omits it when timestamp is false', () => {
    const ns = nsFor('1.2', '1.3');
    const doc = parse(build({ timestamp: { created: new Date('2030-01-02T03:04:05.678Z'), expiresInSeconds: 60 } }));
    expect(textAt(doc, '//wsu:Timestamp/wsu:Created', ns)).to.equal('2030-01-02T03:04:05.678Z');
    expect(textAt(doc, '//wsu:Timestamp/wsu:Expires', ns)).to.equal('2030-01-02T03:05:05.678Z');
    expect(parse(build({ timestamp: false })).find('//wsu:Timestamp', ns)).to.have.length(0);
  });

  it('leaves mustUnderstand off when mustUnderstand is false', () => {
    expect(parse(build({ mustUnderstand: false })).find('//@s:mustUnderstand', nsFor('1.2', '1.3'))).to.have.length(0);
  });

  it('sends no UsernameToken for the none credential', () => {
    const ns = nsFor('1.2', '1.3');
    const doc = parse(build({ credential: { kind: 'none' } }));
    expect(doc.find('//wsse:UsernameToken', ns)).to.have.length(0);
    expect(doc.find('//wsse:Security/wsu:Timestamp', ns)).to.have.length(1);
  });

  it('uses a given MessageID', () => {
    const built = buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:x', credential: { kind: 'none' }, messageId: 'urn:uuid:1' });
    expect(textAt(parse(built.body), '//wsa:MessageID', nsFor('1.2', '1.3'))).to.equal('urn:uuid:1');
    expect(built.messageId).to.equal('urn:uuid:1');
  });

  it('draws a fresh nonce, MessageID and wsu:Ids for every request', () => {
    const ns = nsFor('1.2', '1.3');
    const options = { credential: { kind: 'username', username: 'joe', password: 'x', passwordType: 'digest' } } as const;
    const [a, b] = [parse(build(options)), parse(build(options))];
    for (const xpath of ['//wsse:Nonce', '//wsa:MessageID']) expect(textAt(a, xpath, ns)).to.not.equal(textAt(b, xpath, ns));
    for (const xpath of ['//wsu:Timestamp/@wsu:Id', '//wsse:UsernameToken/@wsu:Id']) {
      expect(attrAt(a, xpath, ns)).to.not.equal(attrAt(b, xpath, ns));
    }
  });

  it('escapes <, & and " in the username, password, AppliesTo and endpoint', () => {
    const nasty = 'a<b>&c"d\'e]]>';
    const endpoint = 'https://sts.example.com/sts?x=<y>&z="w"';
    const built = buildIssueRequest({
      endpoint,
      appliesTo: `urn:${nasty}`,
      tokenType: `urn:t:${nasty}`,
      credential: { kind: 'username', username: nasty, password: nasty, passwordType: 'text' },
      now: () => NOW,
    });
    expect(built.body).to.not.include('<b>');
    expect(built.body).to.include('a&lt;b&gt;&amp;c"d\'e]]&gt;');
    const ns = nsFor('1.2', '1.3');
    const doc = parse(built.body);
    expect(textAt(doc, '//wsse:Username', ns)).to.equal(nasty);
    expect(textAt(doc, '//wsse:Password', ns)).to.equal(nasty);
    expect(textAt(doc, '//wsp:AppliesTo/wsa:EndpointReference/wsa:Address', ns)).to.equal(`urn:${nasty}`);
    expect(textAt(doc, '//wst:TokenType', ns)).to.equal(`urn:t:${nasty}`);
    expect(textAt(doc, '//wsa:To', ns)).to.equal(endpoint);
    expect(doc.find('//wsse:UsernameToken/*', ns)).to.have.length(2);
  });

  it('refuses values XML cannot carry verbatim', () => {
    const user = (username: string, password = 'x') =>
      build({ credential: { kind: 'username', username, password, passwordType: 'text' } });
    expect(() => user('a\u0000b')).to.throw(TypeError, /username/);
    expect(() => user('joe', 'a\u0001b')).to.throw(TypeError, /password/);
    expect(() => user('joe', 'a\rb')).to.throw(TypeError, /carriage return/);
    expect(() => user('joe', 'a\uD800b')).to.throw(TypeError, /password/);
    expect(() => build({ appliesTo: 'urn:\uFFFE' })).to.throw(TypeError, /appliesTo/);
  });

  it('refuses an endpoint that is not an absolute URL, and a bad timestamp', () => {
    expect(() => build({ endpoint: '/sts' })).to.throw(TypeError, /endpoint/);
    expect(() => build({ timestamp: { created: new Date(Number.NaN), expiresInSeconds: 300 } })).to.throw(TypeError);
    expect(() => build({ timestamp: { created: NOW, expiresInSeconds: 0 } })).to.throw(TypeError, /expiresInSeconds/);
  });

  it('refuses unknown versions and password types', () => {
    expect(() => build({ trustVersion: '1.4' as TrustVersion })).to.throw(TypeError, /WS-Trust/);
    expect(() => build({ soapVersion: '1.3' as SoapVersion })).to.throw(TypeError, /SOAP/);
    expect(() =>
      build({ credential: { kind: 'username', username: 'j', password: 'p', passwordType: 'md5' as PasswordType } }),
    ).to.throw(TypeError, /password type/);
  });
});
