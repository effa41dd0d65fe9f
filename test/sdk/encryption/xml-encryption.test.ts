/**
 * The XML Encryption building blocks, checked by software we did not write: xmlsec1 decrypts what
 * encryptElement() emits with the recipient's key alone (and refuses a tampered or misaddressed copy);
 * node:crypto's RSA-OAEP private decrypt opens an EncryptedKey; openssl's TLS1-PRF with SHA-1 (which is
 * P_SHA1) gives the same bytes as pSha1().
 */
import { expect } from 'chai';
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptionAlgorithm, encryptElement, encryptKey, pSha1, readRecipientCertificate, recipientValidity, type RecipientCertificate } from '@sts/sdk/encryption';
import { runTool, withTempDir, xmlsecDecrypt } from '@sts/sdk/testing';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { REPO_ROOT } from '../../helpers/paths.js';

const SP_CERT = readFileSync(join(REPO_ROOT, 'demo', 'sp', 'demo-sp.pem'), 'utf8');
const SP_KEY = readFileSync(join(REPO_ROOT, 'demo', 'sp', 'demo-sp-key.pem'), 'utf8');
const ELEMENT = '<a:Secret xmlns:a="urn:example:a" ID="_x">caf\u00e9 &amp; &lt;tea&gt;</a:Secret>';

function cipherValue(xml: string, parent: 'EncryptedData' | 'EncryptedKey'): string {
  const pattern = parent === 'EncryptedKey' ? /<xenc:EncryptedKey[\s\S]*?<xenc:CipherValue>([^<]+)</ : /<xenc:CipherValue>[^<]+<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedKey><\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>([^<]+)</;
  const match = pattern.exec(xml);
  if (!match) throw new Error(`no ${parent} CipherValue`);
  return match[1]!;
}

describe('sdk/encryption', () => {
  let recipient: RecipientCertificate;
  before(() => {
    recipient = readRecipientCertificate(SP_CERT);
  });

  it('encryptElement: xmlsec1 --decrypt with the recipient key gives back the element, byte for byte', () => {
    const encrypted = encryptElement(ELEMENT, recipient).toString();
    expect(encrypted).to.include(`Algorithm="${EncryptionAlgorithm.aes256Gcm}"`).and.include(`Algorithm="${EncryptionAlgorithm.rsaOaepMgf1p}"`);
    expect(encrypted).not.to.include('Secret');
    const result = xmlsecDecrypt(`<?xml version="1.0" encoding="UTF-8"?>\n<w:Wrap xmlns:w="urn:example:w">${encrypted}</w:Wrap>`, SP_KEY);
    expect(result.status, result.output).to.equal(0);
    expect(result.decrypted).to.include(`<w:Wrap xmlns:w="urn:example:w">${ELEMENT}</w:Wrap>`);
  });

  it('a flipped byte of the GCM ciphertext: xmlsec1 refuses to decrypt (the tag authenticates)', () => {
    const encrypted = encryptElement(ELEMENT, recipient).toString();
    const value = Buffer.from(cipherValue(encrypted, 'EncryptedData'), 'base64');
    value[14]! ^= 1;
    const tampered = encrypted.replace(cipherValue(encrypted, 'EncryptedData'), value.toString('base64'));
    expect(tampered).not.to.equal(encrypted);
    const result = xmlsecDecrypt(`<w:Wrap xmlns:w="urn:example:w">${tampered}</w:Wrap>`, SP_KEY);
    expect(result.status).not.to.equal(0);
    expect(result.decrypted).to.equal(undefined);
  });

  it('another party\'s key cannot decrypt', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const result = xmlsecDecrypt(`<w:Wrap xmlns:w="urn:example:w">${encryptElement(ELEMENT, recipient).toString()}</w:Wrap>`, other);
    expect(result.status).not.to.equal(0);
  });

  it('encryptKey: RSA-OAEP (SHA-1, MGF1-SHA-1) that node:crypto opens with the private key; fresh randomness each time', () => {
    const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
    const first = encryptKey(key, recipient).toString();
    const second = encryptKey(key, recipient).toString();
    expect(cipherValue(first, 'EncryptedKey')).not.to.equal(cipherValue(second, 'EncryptedKey'));
    expect(first).to.include(`<ds:X509Certificate>${recipient.base64Der}</ds:X509Certificate>`);
    const opened = privateDecrypt({ key: SP_KEY, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(cipherValue(first, 'EncryptedKey'), 'base64'));
    expect(opened.equals(key)).to.equal(true);
  });

  it('pSha1 equals openssl\'s TLS1-PRF with SHA-1 (P_SHA1(secret = requestor entropy, seed = issuer entropy))', () => {
    const secret = Buffer.from('requestor entropy, 32 bytes!....', 'utf8');
    const seed = Buffer.from('issuer entropy, thirty-two bytes', 'utf8');
    const result = runTool('openssl', ['kdf', '-keylen', '44', '-kdfopt', 'digest:SHA1', '-kdfopt', `hexsecret:${secret.toString('hex')}`, '-kdfopt', `hexseed:${seed.toString('hex')}`, 'TLS1-PRF']);
    expect(result.status, result.output).to.equal(0);
    const expected = Buffer.from(result.output.trim().replace(/:/g, ''), 'hex');
    expect(expected.length).to.equal(44);
    expect(pSha1(secret, seed, 44).equals(expected)).to.equal(true);
    expect(pSha1(seed, secret, 44).equals(expected)).to.equal(false);
  });

  it('readRecipientCertificate refuses an RSA key under 2048 bits, an EC key and what is not a certificate', async () => {
    const weak = await createSelfSignedKey({ kid: 'weak', subject: 'CN=weak', modulusLength: 1024 });
    expect(() => readRecipientCertificate(weak.certificatePem)).to.throw(/1024 bits; at least 2048/);
    const ec = withTempDir({}, (dir) => {
      const made = runTool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=ec']);
      expect(made.status, made.output).to.equal(0);
      return readFileSync(join(dir, 'c.pem'), 'utf8');
    });
    expect(() => readRecipientCertificate(ec)).to.throw(/ec, not RSA/);
    expect(() => readRecipientCertificate('not a certificate')).to.throw();
  });

  it('recipientValidity: valid now, expired after notAfter, not yet valid before notBefore', () => {
    expect(recipientValidity(recipient, new Date())).to.equal('valid');
    expect(recipientValidity(recipient, new Date(recipient.notAfter.getTime() + 1000))).to.equal('expired');
    expect(recipientValidity(recipient, new Date(recipient.notBefore.getTime() - 1000))).to.equal('not-yet-valid');
  });
});
