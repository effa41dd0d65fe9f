/**
 * IssueRequest.proofKey in SAML 1.1 (core section 2.4.2.3): the holder-of-key ConfirmationMethod and the proof
 * key's ds:KeyInfo in every statement's Subject, the assertion still verifying with xmlsec1 and validating
 * against the SAML 1.1 schema; IssueRequest.encryptFor refused (SAML 1.1 has no EncryptedAssertion).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { RequestFailedError, type SigningKey, type TokenGenerator } from '@sts/sdk';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { readRecipientCertificate, type RecipientCertificate } from '@sts/sdk/encryption';
import { createTestSigningKeys, StaticSigningKeys } from '@sts/sdk/testing';
import { CanonicalXmlSigner } from '@sts/sdk/xml';
import { createGenerator, issueRequest, validateAssertion, verifyAssertion } from './helpers/fixtures.js';

describe('saml11-generator: holder-of-key', () => {
  let generator: TokenGenerator;
  let key: SigningKey;
  let recipient: RecipientCertificate;

  before(async () => {
    key = (await createTestSigningKeys('sts-key')).get();
    generator = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])));
    recipient = readRecipientCertificate((await createSelfSignedKey({ kid: 'rp', subject: 'CN=Test RP encryption' })).certificatePem);
  });

  it('every Subject confirms by holder-of-key with the same EncryptedKey; the assertion verifies and validates', async () => {
    const token = await generator.issue(issueRequest({ proofKey: { type: 'symmetric', key: randomBytes(32), recipient } }));
    expect(token.proofKeyBound).to.equal(true);
    const methods = token.xml!.match(/<saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1\.0:cm:holder-of-key<\/saml:ConfirmationMethod>/g) ?? [];
    expect(methods.length).to.be.greaterThan(0);
    const ciphers = [...token.xml!.matchAll(/<xenc:CipherValue>([^<]+)</g)].map((m) => m[1]);
    expect(ciphers).to.have.length(methods.length);
    expect(new Set(ciphers).size).to.equal(1);
    const verified = verifyAssertion(token.xml!, key.certificatePem);
    expect(verified.verdict, verified.output).to.equal('OK');
    const valid = validateAssertion(token.xml!);
    expect(valid.status, valid.output).to.equal(0);
  });

  it('refuses encryptFor: SAML 1.1 cannot be encrypted, and is never sent in clear instead', async () => {
    let error: unknown;
    try {
      await generator.issue(issueRequest({ encryptFor: recipient }));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RequestFailedError);
  });
});
