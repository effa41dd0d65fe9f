/**
 * IssueRequest.proofKey and IssueRequest.encryptFor (issue 10): a holder-of-key SubjectConfirmation whose
 * KeyInfo carries the proof key (encrypted to the relying party, or the requester's public key), and the
 * signed assertion wrapped in saml:EncryptedAssertion, which xmlsec1 decrypts with the relying party's key.
 * The generator reports what it did (proofKeyBound, encrypted), which the kernel insists on.
 */
import { expect } from 'chai';
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { RequestFailedError, TokenType, type SigningKey, type TokenGenerator } from '@sts/sdk';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { readRecipientCertificate, type RecipientCertificate } from '@sts/sdk/encryption';
import { createTestSigningKeys, StaticSigningKeys, xmlsecDecrypt } from '@sts/sdk/testing';
import { CanonicalXmlSigner } from '@sts/sdk/xml';
import { createGenerator, issueRequest } from './helpers/fixtures.js';

const HOK = 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key';

describe('saml20-generator: holder-of-key and encrypted assertions', () => {
  let generator: TokenGenerator;
  let key: SigningKey;
  let recipient: RecipientCertificate;
  let recipientKeyPem: string;

  before(async () => {
    key = (await createTestSigningKeys('sts-key')).get();
    generator = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])));
    const rp = await createSelfSignedKey({ kid: 'rp', subject: 'CN=Test RP encryption' });
    recipient = readRecipientCertificate(rp.certificatePem);
    recipientKeyPem = rp.privateKeyPem;
  });

  it('a symmetric proof key: holder-of-key confirmation whose EncryptedKey opens to the key with the RP key', async () => {
    const proof = randomBytes(32);
    const token = await generator.issue(issueRequest({ proofKey: { type: 'symmetric', key: proof, recipient } }));
    expect(token.proofKeyBound).to.equal(true);
    expect(token.encrypted).to.equal(undefined);
    expect(token.xml).to.include(`<saml:SubjectConfirmation Method="${HOK}">`).and.include('xsi:type="saml:KeyInfoConfirmationDataType"');
    expect(token.xml).not.to.include('cm:bearer');
    const cipher = /<xenc:EncryptedKey[\s\S]*?<xenc:CipherValue>([^<]+)</.exec(token.xml!)![1]!;
    const opened = privateDecrypt({ key: recipientKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(cipher, 'base64'));
    expect(opened.equals(proof)).to.equal(true);
  });

  it('a public proof key without certificate: its RSA key value in the confirmation KeyInfo', async () => {
    const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const token = await generator.issue(issueRequest({ proofKey: { type: 'public', publicKey } }));
    expect(token.proofKeyBound).to.equal(true);
    const modulus = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('base64');
    expect(token.xml).to.include(`<ds:Modulus>${modulus}</ds:Modulus>`);
  });

  it('encryptFor: saml:EncryptedAssertion that xmlsec1 decrypts with the RP key into the signed assertion', async () => {
    const token = await generator.issue(issueRequest({ encryptFor: recipient }));
    expect(token.encrypted).to.equal(true);
    expect(token.xml).to.match(/^<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData /);
    expect(token.xml).not.to.include('<saml:Issuer>');
    const result = xmlsecDecrypt(token.xml!, recipientKeyPem);
    expect(result.status, result.output).to.equal(0);
    expect(result.decrypted).to.include(`ID="${token.id}"`).and.include('<ds:Signature');
  });

  it('refuses a proof key for an RFC 7522 grant assertion (bearer by definition)', async () => {
    let error: unknown;
    try {
      await generator.issue(issueRequest({ tokenType: TokenType.Saml2BearerGrant, proofKey: { type: 'symmetric', key: randomBytes(32), recipient } }));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RequestFailedError);
  });
});
