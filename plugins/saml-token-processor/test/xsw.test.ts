/**
 * XML Signature Wrapping, XSW3 to XSW8 in SAML Raider's naming (security-rules.md section 1.1). Each attack is
 * built as the attacker would send it in the Security header's token slot: the kernel hands the processor one
 * Assertion element, and the attacker controls all of its content. The original is a valid assertion for
 * `joe`, freshly signed; the evil one says `admin` with the role `superuser`. Every variant must be refused
 * before anything is accepted, and the evil content must never come back as a result.
 */
import { expect } from 'chai';
import type { SigningKey } from '@sts/sdk';
import { createTestSigningKeys } from '@sts/sdk/testing';
import {
  createHarness,
  expectRefused,
  received,
  receivedAsIs,
  saml20Assertion,
  signSaml20,
  trustedIssuers,
  type Harness,
} from './helpers/fixtures.js';

describe('saml-token-processor, signature wrapping (XSW3–XSW8)', () => {
  let key: SigningKey;
  let harness: Harness;
  /** The signed original. */
  let original: string;
  /** An unsigned evil assertion with its own ID. */
  let evil: string;
  /** The signed original with the subject changed and a new ID, still carrying the original ds:Signature. */
  let evilWithSignature: string;
  /** The original without its signature: the copy an attacker moves elsewhere. */
  let unsignedCopy: string;
  let signature: string;

  before(async () => {
    key = (await createTestSigningKeys('idp-key')).get();
  });

  beforeEach(async () => {
    harness = await createHarness(trustedIssuers(key));
    original = signSaml20(saml20Assertion(), key);
    evil = saml20Assertion({ id: '_evil', subject: 'admin', attributes: { role: ['superuser'] } });
    signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(original)![0];
    unsignedCopy = original.replace(signature, '');
    // The role first: afterwards ">admin<" is the subject.
    evilWithSignature = original.replace('ID="_a1b2c3"', 'ID="_evil"').replace('>admin<', '>superuser<').replace('>joe<', '>admin<');
  });

  /** Inserts `content` right before the root's end tag. */
  function appendToRoot(xml: string, content: string): string {
    return xml.replace(/<\/saml:Assertion>$/, `${content}</saml:Assertion>`);
  }

  it('the original verifies, so each refusal below is the wrapping', async () => {
    expect((await harness.processor.process(received(original))).subject).to.equal('joe');
  });

  it('refuses XSW3: an evil assertion before the signed one, as siblings inside a wrapper', async () => {
    await expectRefused(harness, receivedAsIs(`<x:Wrapper xmlns:x="urn:evil">${evil}${original}</x:Wrapper>`), /not a SAML 2.0 Assertion/);
  });

  it('refuses XSW3: the evil assertion is the token and the signed one follows inside it', async () => {
    await expectRefused(harness, received(appendToRoot(evil, original)), /Assertion elements nested/);
  });

  it('refuses XSW4: the evil assertion wraps the signed one right after its Issuer', async () => {
    const wrapped = evil.replace('</saml:Issuer>', `</saml:Issuer>${original}`);
    await expectRefused(harness, received(wrapped), /Assertion elements nested/);
  });

  it('refuses XSW5: the evil assertion keeps the signature, an unsigned copy of the original is appended', async () => {
    await expectRefused(harness, received(appendToRoot(evilWithSignature, unsignedCopy)), /Assertion elements nested/);
  });

  it('refuses XSW5 with the evil assertion keeping the original ID', async () => {
    const sameId = original.replace('>joe<', '>admin<');
    await expectRefused(harness, received(appendToRoot(sameId, unsignedCopy)), /appears twice|nested/);
  });

  it('refuses XSW6: the unsigned copy of the original inside the evil assertion\'s ds:Signature', async () => {
    const xml = evilWithSignature.replace('</ds:Signature>', `${unsignedCopy}</ds:Signature>`);
    await expectRefused(harness, received(xml), /Assertion elements nested/);
  });

  it('refuses XSW7: an evil assertion inside an Extensions-like wrapper of the signed one', async () => {
    const xml = original.replace('</ds:Signature>', `</ds:Signature><x:Extensions xmlns:x="urn:evil">${evil}</x:Extensions>`);
    await expectRefused(harness, received(xml), /Assertion elements nested/);
  });

  it('refuses XSW7 reversed: the signed original hidden in an Extensions-like wrapper of the evil one', async () => {
    const xml = evil.replace('</saml:Issuer>', `</saml:Issuer><x:Extensions xmlns:x="urn:evil">${original}</x:Extensions>`);
    await expectRefused(harness, received(xml), /Assertion elements nested/);
  });

  it('refuses XSW8: the original copy inside a ds:Object of the evil assertion\'s signature', async () => {
    const xml = evilWithSignature.replace('</ds:Signature>', `<ds:Object>${unsignedCopy}</ds:Object></ds:Signature>`);
    await expectRefused(harness, received(xml), /Assertion elements nested/);
  });

  it('refuses XSW8 without a nested assertion: any ds:Object in the signature', async () => {
    const xml = original.replace('</ds:Signature>', '<ds:Object><x:Data xmlns:x="urn:evil">admin</x:Data></ds:Object></ds:Signature>');
    await expectRefused(harness, received(xml), /forbidden-element/);
  });

  it('refuses the evil assertion with the original signature and no copy at all', async () => {
    await expectRefused(harness, received(evilWithSignature), /does not reference the assertion's own ID/, ['_a1b2c3', '_evil']);
  });
});
