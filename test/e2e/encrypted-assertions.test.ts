/**
 * Encrypted SAML 2.0 assertions (issue 10 part 3): the demo partner urn:example:sp-encrypted gets
 * saml:EncryptedAssertion (AES-256-GCM content, RSA-OAEP key transport to demo/sp/demo-sp.pem). Checked by
 * tools we did not write: `xmlsec1 --decrypt` with the relying party's key alone gives back the assertion,
 * which `xmlsec1 --verify` then verifies with the STS certificate (sign, then encrypt); xmllint validates the
 * RSTR against sts-all.xsd. Refusals: a connection that requires encryption without a certificate does not
 * start; an expired encryption certificate warns at startup and every issue for it is refused, naming the
 * connection in the log; a token type that cannot be encrypted is refused, never sent in clear.
 */
import { expect } from 'chai';
import { constants, privateDecrypt } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import libxmljs from 'libxmljs2';
import { buildIssueRequest, buildRenewRequest } from '@sts/sdk/client';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { xmlsecDecrypt } from '@sts/sdk/testing';
import { el, NS } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { parseKernelConfig, StartupError, StartupErrorCode } from '@sts/core';
import { demoConfig, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { expectRefused, lastRefusalReason } from '../helpers/expect-fault.js';
import { send, type RawRequest } from '../helpers/issue-request.js';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';

const SP_KEY = readFileSync(join(REPO_ROOT, 'demo', 'sp', 'demo-sp-key.pem'), 'utf8');
const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const NSMAP = { saml: NS.saml2, ds: NS.ds, xenc: XENC, wst: NS.wst13 };
const ENCRYPTED = 'urn:example:sp-encrypted';

function request(t: TestSts, options: { appliesTo?: string; tokenType?: string; keyType?: string; rstElements?: ReturnType<typeof el>[] } = {}): RawRequest {
  const built = buildIssueRequest({
    endpoint: t.endpoint,
    appliesTo: options.appliesTo ?? ENCRYPTED,
    soapVersion: '1.2',
    credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' },
    ...(options.tokenType === undefined ? {} : { tokenType: options.tokenType }),
    ...(options.keyType === undefined ? {} : { keyType: options.keyType }),
    ...(options.rstElements === undefined ? {} : { rstElements: options.rstElements }),
    now: () => t.clock.now(),
  });
  return { body: built.body, contentType: built.contentType, headers: {} };
}

/** The issued RSTR body, after asserting a token was issued and the response validates. */
async function issuedBody(t: TestSts, raw: RawRequest): Promise<string> {
  const before = t.issuedCount();
  const res = await send(t, raw);
  expect(res.status, res.body).to.equal(200);
  expect(t.issuedCount()).to.equal(before + 1);
  const lint = xmllintSchema(res.body);
  expect(lint.status, lint.output).to.equal(0);
  return res.body;
}

/** xmlsec1 --decrypt of the RSTR with the RP key; the decrypted saml:Assertion, serialized. */
function decryptedAssertion(body: string): string {
  const decrypted = xmlsecDecrypt(body, SP_KEY);
  expect(decrypted.status, decrypted.output).to.equal(0);
  const doc = libxmljs.parseXml(decrypted.decrypted!);
  const assertion = doc.get('//wst:RequestedSecurityToken/saml:EncryptedAssertion/saml:Assertion', NSMAP) as libxmljs.Element | null;
  expect(assertion, 'the decrypted Assertion inside EncryptedAssertion').to.not.equal(null);
  return assertion!.toString();
}


describe('e2e: encrypted SAML 2.0 assertions (urn:example:sp-encrypted)', () => {
  let t: TestSts;
  let certPem: string;
  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  it('the RSTR holds saml:EncryptedAssertion, no assertion in clear; xmlsec1 decrypts it with the RP key and verifies the signature inside', async () => {
    const body = await issuedBody(t, request(t));
    const doc = libxmljs.parseXml(body);
    expect(doc.get('//wst:RequestedSecurityToken/saml:EncryptedAssertion/xenc:EncryptedData/xenc:EncryptionMethod[@Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"]', NSMAP) ?? null).to.not.equal(null);
    expect(doc.get('//xenc:EncryptedKey/xenc:EncryptionMethod[@Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"]', NSMAP) ?? null).to.not.equal(null);
    expect(doc.get('//saml:Assertion', NSMAP) ?? null).to.equal(null);
    expect(body).not.to.include('joe@example.com');
    const assertion = decryptedAssertion(body);
    expect(assertion).to.include('joe@example.com').and.include(`<saml:Audience>${ENCRYPTED}</saml:Audience>`);
    const verified = xmlsecVerifyAssertion(assertion, certPem);
    expect(verified.status, verified.output).to.equal(0);
    // The check can fail: a changed attribute breaks the signature inside.
    const tampered = assertion.replace('joe@example.com', 'admin@example.com');
    expect(xmlsecVerifyAssertion(tampered, certPem).status).to.not.equal(0);
  });

  it('the attached reference still names the (encrypted) assertion\'s ID', async () => {
    const body = await issuedBody(t, request(t));
    const assertion = decryptedAssertion(body);
    const id = /ID="([^"]+)"/.exec(assertion)![1]!;
    const doc = libxmljs.parseXml(body);
    expect((doc.get('//wst:RequestedAttachedReference//*[local-name()="KeyIdentifier"]', NSMAP) as libxmljs.Element).text()).to.equal(id);
  });

  it('SymmetricKey and encryption together: the decrypted assertion carries the proof key the RSTR returns, and verifies', async () => {
    const body = await issuedBody(t, request(t, { keyType: `${NS.wst13}/SymmetricKey` }));
    const secret = Buffer.from((libxmljs.parseXml(body).get('//wst:RequestedProofToken/wst:BinarySecret', NSMAP) as libxmljs.Element).text(), 'base64');
    const assertion = decryptedAssertion(body);
    const cipher = (libxmljs.parseXml(assertion).get('//saml:SubjectConfirmationData/ds:KeyInfo/xenc:EncryptedKey/xenc:CipherData/xenc:CipherValue', NSMAP) as libxmljs.Element).text();
    const key = privateDecrypt({ key: SP_KEY, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(cipher, 'base64'));
    expect(key.equals(secret)).to.equal(true);
    const verified = xmlsecVerifyAssertion(assertion, certPem);
    expect(verified.status, verified.output).to.equal(0);
  });

  it('the demo partner urn:example:sp, which does not require encryption, still gets its assertion in clear', async () => {
    const body = await issuedBody(t, request(t, { appliesTo: 'urn:example:sp' }));
    expect(libxmljs.parseXml(body).get('//wst:RequestedSecurityToken/saml:Assertion', NSMAP) ?? null).to.not.equal(null);
  });
});

describe('e2e: encrypted assertions, refusals', () => {
  let dir: string;
  let expiredCert: string;
  before(async () => {
    dir = tempDir('enc');
    const expired = await createSelfSignedKey({ kid: 'expired', subject: 'CN=Expired SP encryption', notBefore: new Date(Date.now() - 10 * 86_400_000), validDays: 2 });
    expiredCert = join(dir, 'expired-sp.pem');
    writeFileSync(expiredCert, expired.certificatePem);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function withEncrypted(change: (connection: Record<string, any>) => void): Record<string, unknown> {
    const config = demoConfig();
    const connection = config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp-encrypted');
    change(connection);
    return { spConnections: config['spConnections'] };
  }

  it('a connection that requires encryption without a certificate is a coded startup error', () => {
    const raw = { ...demoConfig(), ...withEncrypted((c) => { delete c['encryptionCertificateFile']; c['proofKeys'] = { allowed: ['bearer'] }; }) };
    expect(() => parseKernelConfig(raw, 'sts.config.json')).to.throw(StartupError, /STS_ERR_CONFIG_INVALID: .*\/spConnections\/\d+\/encryptAssertion: requires encryptionCertificateFile/)
      .with.property('code', StartupErrorCode.CONFIG_INVALID);
  });

  it('allowing SymmetricKey without a certificate is a coded startup error', () => {
    const raw = { ...demoConfig(), ...withEncrypted((c) => { delete c['encryptionCertificateFile']; c['encryptAssertion'] = false; }) };
    expect(() => parseKernelConfig(raw, 'sts.config.json')).to.throw(StartupError, /proofKeys\/allowed: symmetric requires encryptionCertificateFile/);
  });

  it('an encryption certificate that is not RSA 2048+ or not a certificate is a coded startup error', async () => {
    const notCert = join(dir, 'not-a-cert.pem');
    writeFileSync(notCert, 'hello');
    let error: unknown;
    try {
      const t = await startTestSts({ config: withEncrypted((c) => { c['encryptionCertificateFile'] = notCert; }) });
      await t.close();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StartupError);
    expect((error as StartupError).code).to.equal(StartupErrorCode.CONFIG_INVALID);
    expect((error as Error).message).to.include('encryptionCertificateFile');
  });

  describe('with an expired encryption certificate', () => {
    let t: TestSts;
    before(async () => {
      t = await startTestSts({ config: withEncrypted((c) => { c['encryptionCertificateFile'] = expiredCert; }) });
    });
    after(() => t.close());

    it('warns at startup, naming the connection', () => {
      const warning = t.logger.records.find((r) => (r.fields as { event?: string }).event === 'encryption-certificate.invalid');
      expect(warning?.level).to.equal('warn');
      expect(warning?.fields).to.include({ connectionId: 'demo-sp-encrypted', validity: 'expired' });
    });

    it('refuses every issue for it with wst:RequestFailed, the log naming the connection; nothing issued', async () => {
      await expectRefused(t, request(t), { soapVersion: '1.2', code: 'RequestFailed' });
      expect(lastRefusalReason(t)).to.match(/^demo-sp-encrypted: its encryption certificate is expired/);
    });
  });

  describe('Renew', () => {
    let t: TestSts;
    before(async () => {
      const config = demoConfig();
      const lifecycle = config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp').tokenLifecycle;
      t = await startTestSts({ config: withEncrypted((c) => { c['tokenLifecycle'] = lifecycle; }) });
    });
    after(() => t.close());

    it('an encrypted assertion asked Renewing is stored as not renewable: its Renew is refused (a renewal would be in clear)', async () => {
      const body = await issuedBody(t, request(t, { rstElements: [el('wst:Renewing', {})] }));
      const id = /ID="([^"]+)"/.exec(decryptedAssertion(body))![1]!;
      const built = buildRenewRequest({ endpoint: t.endpoint, target: { tokenId: id }, credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' }, now: () => t.clock.now() });
      await expectRefused(t, { body: built.body, contentType: built.contentType, headers: {} }, { soapVersion: '1.2', code: 'UnableToRenew' });
      expect(lastRefusalReason(t)).to.match(/not issued renewable/);
    });
  });

  describe('a token type that cannot be encrypted', () => {
    let t: TestSts;
    before(async () => {
      t = await startTestSts({ config: withEncrypted((c) => { c['tokenTypes'] = [TokenType.Saml11, TokenType.Jwt]; }) });
    });
    after(() => t.close());

    for (const tokenType of [TokenType.Saml11, TokenType.Jwt]) {
      it(`refuses ${tokenType} for the encrypted-assertion connection with wst:RequestFailed rather than send it in clear`, async () => {
        await expectRefused(t, request(t, { tokenType }), { soapVersion: '1.2', code: 'RequestFailed' });
        expect(lastRefusalReason(t)).to.match(/cannot be encrypted|did not encrypt/);
      });
    }
  });
});
