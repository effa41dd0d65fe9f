import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { findSecurityToken, StsClient, StsClientError, validateWithSts, type FoundSecurityToken } from '@sts/sdk/client';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import { SAML11_ASSERTION, SAML2_ASSERTION } from './issue-replies.js';
import { VALID_STATUS_13_SOAP12, WST13 } from './validate-replies.js';

const SOAP: Record<'1.1' | '1.2', string> = { '1.1': NS.soap11, '1.2': NS.soap12 };
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const X509_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const TIMESTAMP = '<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2026-11-28T06:00:00Z</wsu:Created><wsu:Expires>2026-11-28T06:05:00Z</wsu:Expires></wsu:Timestamp>';
const SIGNATURE = `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo/></ds:Signature>`;

/** A request as a web service receives it: the wsse and wsu prefixes declared on the Envelope, as WCF and WSS4J do. */
function request(security: string, soapVersion: '1.1' | '1.2' = '1.2', envelopeNs = ''): string {
  return (
    `<soap:Envelope xmlns:soap="${SOAP[soapVersion]}" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}"${envelopeNs}>` +
    `<soap:Header><wsse:Security soap:mustUnderstand="1">${security}</wsse:Security></soap:Header>` +
    '<soap:Body><m:GetOrders xmlns:m="urn:example:orders"/></soap:Body></soap:Envelope>'
  );
}

const USERNAME_TOKEN = `<wsse:UsernameToken wsu:Id="UT-1"><wsse:Username>joe</wsse:Username><wsse:Password Type="${UsernameTokenUri.passwordText}">2Fed&lt;erate</wsse:Password></wsse:UsernameToken>`;
const JWT_BST = `<wsse:BinarySecurityToken ValueType="${JWT_TYPE}" EncodingType="${BASE64}" wsu:Id="BST-1">ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLnNpZw==</wsse:BinarySecurityToken>`;
const X509_BST = `<wsse:BinarySecurityToken ValueType="${X509_TYPE}" EncodingType="${BASE64}">MIIBszCCAVmgAwIBAgIU</wsse:BinarySecurityToken>`;

function refusal(body: string | Buffer, message?: RegExp): StsClientError {
  try {
    findSecurityToken(body);
  } catch (error) {
    expect(error).to.be.instanceOf(StsClientError);
    expect((error as StsClientError).code, (error as Error).message).to.equal('unexpected-request');
    if (message) expect((error as Error).message).to.match(message);
    return error as StsClientError;
  }
  expect.fail('findSecurityToken accepted the request');
}

/** The found XML parsed on its own: it must be well-formed without the envelope's declarations. */
function standalone(found: FoundSecurityToken | undefined): libxmljs.Element {
  const doc = libxmljs.parseXml(found?.xml ?? '', { nonet: true, recover: false });
  expect(doc.errors).to.have.length(0);
  return doc.root() as libxmljs.Element;
}

describe('findSecurityToken', () => {
  for (const soapVersion of ['1.1', '1.2'] as const) {
    describe(`in a SOAP ${soapVersion} request`, () => {
      it('finds a SAML 2.0 assertion and returns it exactly as sent', () => {
        const found = findSecurityToken(request(`${TIMESTAMP}${SAML2_ASSERTION}`, soapVersion));
        expect(found).to.deep.equal({ tokenType: 'saml2', xml: SAML2_ASSERTION });
      });

      it('finds a SAML 1.1 assertion and returns it exactly as sent', () => {
        const found = findSecurityToken(request(`${TIMESTAMP}${SAML11_ASSERTION}${SIGNATURE}`, soapVersion));
        expect(found).to.deep.equal({ tokenType: 'saml1', xml: SAML11_ASSERTION });
      });

      it('finds a UsernameToken and rebuilds it standalone, the namespaces it inherits declared on it', () => {
        const found = findSecurityToken(request(`${TIMESTAMP}${USERNAME_TOKEN}`, soapVersion));
        expect(found?.tokenType).to.equal('username');
        const root = standalone(found);
        const ns = { wsse: NS.wsse, wsu: NS.wsu };
        expect(root.namespace()?.href()).to.equal(NS.wsse);
        expect(root.name()).to.equal('UsernameToken');
        expect(root.get<libxmljs.Element>('wsse:Username', ns)?.text()).to.equal('joe');
        expect(root.get<libxmljs.Element>('wsse:Password', ns)?.text()).to.equal('2Fed<erate');
        expect(root.get<libxmljs.Element>('wsse:Password', ns)?.attr('Type')?.value()).to.equal(UsernameTokenUri.passwordText);
        expect(root.attrs().find((a) => a.name() === 'Id')?.namespace()?.href()).to.equal(NS.wsu);
      });

      it('finds a JWT in a BinarySecurityToken by its ValueType', () => {
        const found = findSecurityToken(request(JWT_BST, soapVersion));
        expect(found?.tokenType).to.equal('jwt');
        const root = standalone(found);
        expect(root.namespace()?.href()).to.equal(NS.wsse);
        expect(root.attr('ValueType')?.value()).to.equal(JWT_TYPE);
        expect(root.text()).to.equal('ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLnNpZw==');
      });

      it('finds an X.509 certificate in a BinarySecurityToken by its ValueType', () => {
        const found = findSecurityToken(request(`${TIMESTAMP}${X509_BST}${SIGNATURE}`, soapVersion));
        expect(found?.tokenType).to.equal('x509');
        expect(standalone(found).text()).to.equal('MIIBszCCAVmgAwIBAgIU');
      });
    });
  }

  it('keeps a SAML assertion whose xsi:type QNames use prefixes it declares itself', () => {
    const assertion = `<saml:Assertion xmlns:saml="${NS.saml2}" xmlns:xsi="${NS.xsi}" xmlns:xs="${NS.xs}" ID="_t" Version="2.0" IssueInstant="2026-11-28T06:00:00Z"><saml:Issuer>x</saml:Issuer><saml:AttributeStatement><saml:Attribute Name="mail"><saml:AttributeValue xsi:type="xs:string">joe@example.com</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;
    expect(findSecurityToken(request(assertion))).to.deep.equal({ tokenType: 'saml2', xml: assertion });
  });

  it('accepts the request as bytes', () => {
    expect(findSecurityToken(Buffer.from(request(SAML2_ASSERTION), 'utf8'))?.xml).to.equal(SAML2_ASSERTION);
  });

  describe('requests without a token', () => {
    const none: Record<string, string> = {
      'no Header': `<soap:Envelope xmlns:soap="${NS.soap12}"><soap:Body/></soap:Envelope>`,
      'a Header without Security': `<soap:Envelope xmlns:soap="${NS.soap12}"><soap:Header><a:Action xmlns:a="${NS.wsa}">urn:x</a:Action></soap:Header><soap:Body/></soap:Envelope>`,
      'a Security header with only a Timestamp and a Signature': request(`${TIMESTAMP}${SIGNATURE}`),
      'an empty Security header': request(''),
      'a token outside the Security header': `<soap:Envelope xmlns:soap="${NS.soap12}"><soap:Header><x:Other xmlns:x="urn:x">${SAML2_ASSERTION}</x:Other></soap:Header><soap:Body>${SAML2_ASSERTION}</soap:Body></soap:Envelope>`,
      'a Security element in the WSS 1.1 namespace': `<soap:Envelope xmlns:soap="${NS.soap12}"><soap:Header><w:Security xmlns:w="${NS.wsse11}">${SAML2_ASSERTION}</w:Security></soap:Header><soap:Body/></soap:Envelope>`,
    };
    for (const [what, body] of Object.entries(none)) {
      it(`returns undefined for ${what}`, () => expect(findSecurityToken(body)).to.equal(undefined));
    }
  });

  describe('requests it refuses with unexpected-request', () => {
    it('refuses two tokens in the Security header', () => {
      refusal(request(`${TIMESTAMP}${USERNAME_TOKEN}${SAML2_ASSERTION}`), /2 tokens .*username, saml2/);
      refusal(request(`${JWT_BST}${X509_BST}`), /2 tokens/);
    });

    it('refuses two Security headers, even for different actors', () => {
      const body = request(USERNAME_TOKEN).replace('</soap:Header>', `<wsse:Security soap:role="urn:other">${SAML2_ASSERTION}</wsse:Security></soap:Header>`);
      refusal(body, /2 wsse:Security headers/);
    });

    it('refuses two SOAP Headers', () => {
      const body = request(USERNAME_TOKEN).replace('<soap:Body>', `<soap:Header/><soap:Body>`);
      refusal(body, /2 SOAP Headers/);
    });

    it('refuses a BinarySecurityToken of another ValueType rather than skipping it', () => {
      refusal(request(`<wsse:BinarySecurityToken ValueType="urn:example:kerberos">AAAA</wsse:BinarySecurityToken>`), /ValueType "urn:example:kerberos"/);
      refusal(request(`<wsse:BinarySecurityToken>AAAA</wsse:BinarySecurityToken>`), /ValueType null/);
    });

    describe('an assertion that relies on namespaces it inherits', () => {
      it('refuses one whose saml prefix is declared on the Envelope', () => {
        const body = request('<saml:Assertion ID="_i" Version="2.0"><saml:Issuer>x</saml:Issuer></saml:Assertion>', '1.2', ` xmlns:saml="${NS.saml2}"`);
        refusal(body, /does not declare every namespace/);
      });

      it('refuses one whose saml prefix is declared on the Security header', () => {
        const body = request(SAML2_ASSERTION.replace(` xmlns:saml="${NS.saml2}"`, '')).replace('<wsse:Security ', `<wsse:Security xmlns:saml="${NS.saml2}" `);
        refusal(body, /does not declare every namespace/);
      });

      it('refuses one that inherits the default namespace', () => {
        const body = request(`<Assertion ID="_d" Version="2.0"><Issuer>x</Issuer></Assertion>`, '1.2', ` xmlns="${NS.saml2}"`);
        refusal(body, /names change when it stands alone/);
      });

      it('refuses one that uses an inherited prefix inside, on an attribute', () => {
        const assertion = `<saml:Assertion xmlns:saml="${NS.saml2}" ID="_x"><saml:AttributeValue xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion>`;
        refusal(request(assertion, '1.2', ` xmlns:xsi="${NS.xsi}" xmlns:xs="${NS.xs}"`), /does not declare every namespace/);
      });

      it('refuses one whose xsi:type value names a prefix declared only on the Envelope', () => {
        const assertion = `<saml:Assertion xmlns:saml="${NS.saml2}" xmlns:xsi="${NS.xsi}" ID="_x"><saml:AttributeValue xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion>`;
        refusal(request(assertion, '1.2', ` xmlns:xs="${NS.xs}"`), /xsi:type xs:string/);
      });
    });

    const bad: Record<string, string> = {
      'a body that is not XML': 'GET / HTTP/1.1',
      'a DOCTYPE': `<!DOCTYPE soap:Envelope><soap:Envelope xmlns:soap="${NS.soap12}"/>`,
      'a comment': request(`<!-- x -->${SAML2_ASSERTION}`),
      'an unbound prefix': '<soap:Envelope><soap:Body/></soap:Envelope>',
      'a root that is not a SOAP Envelope': `<wst:RequestSecurityToken xmlns:wst="${WST13}"/>`,
      'an Envelope in another namespace': '<Envelope xmlns="urn:example:soap"><Header/></Envelope>',
    };
    for (const [what, body] of Object.entries(bad)) {
      it(`refuses ${what}`, () => void refusal(body));
    }
  });
});

describe('validateWithSts', () => {
  function stubClient(reply: string, status = 200): { client: StsClient; sent: string[] } {
    const sent: string[] = [];
    const fetchStub: typeof fetch = async (_input, init) => {
      sent.push(String(init?.body));
      return new Response(reply, { status, headers: { 'content-type': 'application/soap+xml' } });
    };
    return { client: new StsClient({ endpoint: 'https://sts.example.com/idp/sts.wst', fetch: fetchStub }), sent };
  }

  it('sends the token it found as the ValidateTarget and resolves to the STS status', async () => {
    const { client, sent } = stubClient(VALID_STATUS_13_SOAP12);
    const result = await validateWithSts(client, request(`${TIMESTAMP}${SAML2_ASSERTION}`));
    expect(result.ok && result.status.valid).to.equal(true);
    expect(result.httpStatus).to.equal(200);
    expect(sent).to.have.length(1);
    expect(sent[0]).to.include(`<wst:ValidateTarget>${SAML2_ASSERTION}</wst:ValidateTarget>`);
    expect(sent[0]).to.include(`<wst:TokenType>${WST13}/RSTR/Status</wst:TokenType>`);
  });

  it('sends a rebuilt UsernameToken that the request parses back to the same token', async () => {
    const { client, sent } = stubClient(VALID_STATUS_13_SOAP12);
    await validateWithSts(client, request(USERNAME_TOKEN));
    const doc = libxmljs.parseXml(sent[0] ?? '');
    const ns = { wst: WST13, wsse: NS.wsse };
    expect(doc.get<libxmljs.Element>('//wst:ValidateTarget/wsse:UsernameToken/wsse:Username', ns)?.text()).to.equal('joe');
  });

  it('passes on a TokenType, AppliesTo and the caller credential for an exchange', async () => {
    const { client, sent } = stubClient(VALID_STATUS_13_SOAP12);
    await validateWithSts(client, request(SAML2_ASSERTION), { tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion', appliesTo: 'urn:example:sp', username: 'svc', password: 'pw' });
    expect(sent[0]).to.include('<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType>');
    expect(sent[0]).to.include('<wsa:Address>urn:example:sp</wsa:Address>');
    expect(sent[0]).to.include('<wsse:Username>svc</wsse:Username>');
  });

  it('rejects with unexpected-request, sending nothing, when the request has no token or is refused', async () => {
    const { client, sent } = stubClient(VALID_STATUS_13_SOAP12);
    for (const body of [request(TIMESTAMP), request(`${USERNAME_TOKEN}${SAML2_ASSERTION}`)]) {
      try {
        await validateWithSts(client, body);
        expect.fail('resolved');
      } catch (error) {
        expect(error).to.be.instanceOf(StsClientError);
        expect((error as StsClientError).code).to.equal('unexpected-request');
      }
    }
    expect(sent).to.have.length(0);
  });
});
