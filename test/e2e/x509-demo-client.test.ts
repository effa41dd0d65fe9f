/**
 * The demo client certificate end to end (demo/README.md): the SDK client signs an Issue request with
 * demo/x509/demo-client.pem and its key (WSS 1.1 SOAP Message Security section 8, X.509 Token Profile 1.1
 * section 3.2), the demo profile's `x509` processor (trust anchor demo/x509/demo-ca.pem) authenticates it, and
 * the demo partner urn:example:sp gets a SAML 2.0 assertion about the certificate's subject DN.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { StsClient, type IssueCredential } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { editBody, replaceOnce, SOAP_VERSIONS, validRequest, type RawRequest } from '../helpers/issue-request.js';
import { REPO_ROOT } from '../helpers/paths.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DEMO_X509 = {
  certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'),
  privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8'),
};
const DEMO_CREDENTIAL: IssueCredential = { kind: 'x509', ...DEMO_X509 };
/**
 * The demo client's subject in RFC 2253 / RFC 4514 form, most specific RDN first: what
 * `openssl x509 -noout -subject -nameopt RFC2253` prints for demo-client.pem, and what the processor returns as
 * the subject. The demo connection's NameID source is `{ "type": "subject" }`, so it becomes the NameID.
 */
const DEMO_SUBJECT = 'CN=demo-client,OU=Clients,O=Example Demo,C=US';
const NSMAP = { saml: NS.saml2 };
const DAY = 86_400_000;

function text(doc: libxmljs.Document, xpath: string): string | undefined {
  return (doc.get(xpath, NSMAP) as libxmljs.Element | null)?.text();
}

/** The last refusal the STS logged: its fault and the internal reason (never on the wire). */
function lastRefusal(t: TestSts): { fault?: string; reason?: string } {
  const refusals = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  return refusals[refusals.length - 1]!.fields as { fault?: string; reason?: string };
}

/**
 * A CA nobody trusts, under the demo CA's own DN, and a client certificate it issued with the demo client's
 * own subject DN: only the issuing key differs (the pattern of plugins/x509-token-processor/test/helpers/test-pki.ts).
 */
async function foreignClient(now: Date): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const validity = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 30 * DAY) };
  const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const demoCa = new x509.X509Certificate(readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-ca.pem'), 'utf8'));
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: demoCa.subjectName,
    ...validity,
    signingAlgorithm: algorithm,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const clientKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const client = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'C=US, O=Example Demo, OU=Clients, CN=demo-client',
    issuer: ca.subjectName,
    ...validity,
    signingAlgorithm: algorithm,
    publicKey: clientKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', clientKeys.privateKey)).toString('base64');
  return {
    certificatePem: client.toString('pem'),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`,
  };
}

describe('e2e: the demo client certificate signs an Issue request (/idp/sts.wst, x509 processor)', function () {
  this.timeout(60_000);
  let t: TestSts;
  let certPem: string;

  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  for (const soapVersion of SOAP_VERSIONS) {
    for (const trustVersion of ['1.3', '2005'] as const) {
      it(`issues a SAML 2.0 assertion for a request signed with the demo client key (SOAP ${soapVersion}, WS-Trust ${trustVersion})`, async () => {
        const client = new StsClient({ endpoint: t.endpoint, soapVersion, trustVersion, now: () => t.clock.now() });
        const before = t.issuedCount();
        const r = await client.issue({ appliesTo: 'urn:example:sp', x509: DEMO_X509 });
        if (!r.ok) throw new Error(`expected a token, got fault ${JSON.stringify(r.fault)}: ${lastRefusal(t).reason}`);
        expect(r.httpStatus).to.equal(200);
        expect(r.tokenType).to.equal(TokenType.Saml20);
        expect(t.issuedCount()).to.equal(before + 1);
      });
    }
  }

  it("names the certificate's RFC 2253 subject DN as NameID, for urn:example:sp, and xmlsec1 verifies it with the JWKS certificate", async () => {
    const r = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', x509: DEMO_X509 });
    if (!r.ok) throw new Error(`expected a token, got fault ${JSON.stringify(r.fault)}: ${lastRefusal(t).reason}`);
    const doc = libxmljs.parseXml(r.token);
    expect(text(doc, '/saml:Assertion/saml:Issuer')).to.equal('urn:example:sts');
    expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal(DEMO_SUBJECT);
    expect(text(doc, '//saml:Audience')).to.equal('urn:example:sp');
    expect(text(doc, '//saml:AuthnContextClassRef')).to.equal('urn:oasis:names:tc:SAML:2.0:ac:classes:X509');
    const verified = xmlsecVerifyAssertion(r.token, certPem);
    expect(verified.status, verified.output).to.equal(0);
    // The check can fail: another NameID breaks the STS's signature.
    const tampered = r.token.replace('>CN=demo-client,', '>CN=admin,');
    expect(tampered).to.not.equal(r.token);
    expect(xmlsecVerifyAssertion(tampered, certPem).status).to.not.equal(0);
  });

  it('refuses the signed request with its Body changed after signing (another partner) with wst:FailedAuthentication, issuing nothing', async () => {
    const signed = validRequest(t, { credential: DEMO_CREDENTIAL });
    const changed = editBody(signed, '<wsa:Address>urn:example:sp</wsa:Address>', '<wsa:Address>https://sp.example.com/admin</wsa:Address>');
    await expectRefused(t, changed, { soapVersion: '1.2', code: 'FailedAuthentication' });
    // Refused by the signature check, not by anything else the edit might have touched.
    expect(lastRefusal(t).reason).to.match(/message signature refused: .*digest/);
  });

  it('refuses a certificate issued by another CA, with the demo client DN, with wst:FailedAuthentication', async () => {
    const foreign = await foreignClient(t.clock.now());
    const request = validRequest(t, { credential: { kind: 'x509', ...foreign } });
    await expectRefused(t, request, { soapVersion: '1.2', code: 'FailedAuthentication' });
    expect(lastRefusal(t).reason).to.match(/not issued by a trust anchor/);
  });

  describe('the same signed request twice', () => {
    let signed: RawRequest;
    beforeEach(async () => {
      signed = validRequest(t, { credential: DEMO_CREDENTIAL });
      await expectIssued(t, signed);
    });

    it('refuses the identical second request, issuing nothing (the kernel has seen its wsa:MessageID)', async () => {
      await expectRefused(t, signed, { soapVersion: '1.2', code: 'ExpiredData' });
      expect(lastRefusal(t).reason).to.match(/MessageID .* was seen before/);
    });

    it("refuses it with a new wsa:MessageID, which the signature does not cover, with wst:FailedAuthentication from the processor's replay cache", async () => {
      const body = typeof signed.body === 'string' ? signed.body : signed.body.toString('utf8');
      const messageId = /<wsa:MessageID>([^<]+)<\/wsa:MessageID>/.exec(body)![1]!;
      const replayed = { ...signed, body: replaceOnce(body, messageId, `urn:uuid:${webcrypto.randomUUID()}`) };
      await expectRefused(t, replayed, { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(lastRefusal(t).reason).to.match(/message replay/);
    });
  });
});
