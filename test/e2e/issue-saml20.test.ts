import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { StsClient } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { succeeded } from '../helpers/succeeded.js';

const NSMAP = { saml: NS.saml2, ds: NS.ds };

function text(doc: libxmljs.Document, xpath: string): string | undefined {
  return (doc.get(xpath, NSMAP) as libxmljs.Element | null)?.text();
}

describe('e2e: UsernameToken in, signed SAML 2.0 out (/idp/sts.wst)', () => {
  let t: TestSts;
  let certPem: string;

  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  for (const soapVersion of ['1.1', '1.2'] as const) {
    for (const trustVersion of ['1.3', '1.3-slash', '2005'] as const) {
      for (const passwordType of ['text', 'text-no-type', 'digest'] as const) {
        it(`issues for SOAP ${soapVersion}, WS-Trust ${trustVersion}, password ${passwordType}`, async () => {
          const client = new StsClient({ endpoint: t.endpoint, soapVersion, trustVersion, now: () => t.clock.now() });
          const before = t.issuedCount();
          const r = succeeded(await client.issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', passwordType }));
          expect(r.httpStatus).to.equal(200);
          expect(r.soapVersion).to.equal(soapVersion);
          expect(r.collection).to.equal(trustVersion !== '2005');
          expect(r.tokenType).to.equal(TokenType.Saml20);
          expect(r.appliesTo).to.equal('urn:example:sp');
          expect(r.attachedReference).to.include(r.token.match(/ID="([^"]+)"/)![1]!);
          expect(r.unattachedReference).to.be.a('string');
          expect(r.lifetime!.expires.getTime() - r.lifetime!.created.getTime()).to.equal(60 * 60_000);
          expect(t.issuedCount()).to.equal(before + 1);
        });
      }
    }
  }

  it('issues an assertion about the user, for the partner, that xmlsec1 verifies with the JWKS certificate alone', async () => {
    const client = new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() });
    const r = succeeded(await client.issue({ appliesTo: 'https://sp.example.com/orders', username: 'joe', password: '2Federate' }));
    const doc = libxmljs.parseXml(r.token);
    expect(text(doc, '/saml:Assertion/saml:Issuer')).to.equal('urn:example:sts');
    expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal('joe');
    expect(text(doc, '//saml:Audience')).to.equal('https://sp.example.com/orders');
    const attr = (name: string) => text(doc, `//saml:Attribute[@Name='${name}']/saml:AttributeValue`);
    expect(attr('mail')).to.equal('joe@example.com');
    expect(attr('displayName')).to.equal('Joe Federate');
    const verified = xmlsecVerifyAssertion(r.token, certPem);
    expect(verified.status, verified.output).to.equal(0);
    const tampered = r.token.replace('joe@example.com', 'admin@example.com');
    expect(tampered).to.not.equal(r.token);
    expect(xmlsecVerifyAssertion(tampered, certPem).status).to.not.equal(0);
  });

  for (const soapVersion of ['1.1', '1.2'] as const) {
    it(`answers with a response that validates against the official schemas (SOAP ${soapVersion})`, async () => {
      const { buildIssueRequest } = await import('@sts/sdk/client');
      const req = buildIssueRequest({
        endpoint: t.endpoint, appliesTo: 'urn:example:sp', soapVersion,
        credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' },
        now: () => t.clock.now(),
      });
      const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {});
      expect(res.status).to.equal(200);
      const lint = xmllintSchema(res.body);
      expect(lint.status, lint.output).to.equal(0);
    });
  }

  it('accepts AppliesTo in the WS-Policy 1.5 namespace and echoes that namespace', async () => {
    const client = new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() });
    const { buildIssueRequest } = await import('@sts/sdk/client');
    const req = buildIssueRequest({ endpoint: t.endpoint, appliesTo: 'urn:example:sp', appliesToPolicy: '1.5', credential: { kind: 'username', username: 'joe', password: '2Federate' }, now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType);
    expect(res.status).to.equal(200);
    expect(res.body).to.include('<wsp:AppliesTo xmlns:wsp="http://www.w3.org/ns/ws-policy"');
    expect(client).to.be.an('object');
  });

  it('applies the connection default when the RST names no TokenType, and echoes the profile URI when asked', async () => {
    const client = new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() });
    const r = succeeded(await client.issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', tokenType: TokenType.Saml20Profile }));
    expect(r.tokenType).to.equal(TokenType.Saml20Profile);
  });
});

describe('e2e: SAML 1.1 out (/idp/sts.wst)', () => {
  let t: TestSts;
  let certPem: string;
  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  for (const tokenType of [TokenType.Saml11, TokenType.Saml11Profile]) {
    it(`issues a SAML 1.1 assertion for TokenType ${tokenType} that xmlsec1 verifies with the JWKS certificate`, async () => {
      const r = succeeded(await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', tokenType }));
      expect(r.tokenType).to.equal(tokenType);
      expect(r.token).to.match(/^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion"/);
      expect(r.attachedReference).to.include('SAMLAssertionID');
      const verified = xmlsecVerifyAssertion(r.token, certPem, '1.1');
      expect(verified.status, verified.output).to.equal(0);
      expect(xmlsecVerifyAssertion(r.token.replace('joe@example.com', 'eve@example.com'), certPem, '1.1').status).to.not.equal(0);
    });
  }

  it('answers with a response that validates against the official schemas, SAML 1.1 assertion included', async () => {
    const { buildIssueRequest } = await import('@sts/sdk/client');
    const req = buildIssueRequest({ endpoint: t.endpoint, appliesTo: 'urn:example:sp', tokenType: TokenType.Saml11, credential: { kind: 'username', username: 'joe', password: '2Federate' }, now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType);
    expect(res.status).to.equal(200);
    const lint = xmllintSchema(res.body);
    expect(lint.status, lint.output).to.equal(0);
  });
});
