/**
 * VerifiedAssertions on its own: what a kept assertion depends on is checked every time it is found, and any
 * change makes it a stranger again (every step runs). The processor-level behaviour is in saml20-processor.test.ts,
 * "an assertion sent again".
 */
import { expect } from 'chai';
import { trustedCertificateFromPem, type SigningKey, type TrustedCertificate, type TrustedIssuer } from '@sts/sdk';
import { createTestSigningKeys, StaticTrustedIssuers } from '@sts/sdk/testing';
import type { SignedAssertion } from '../src/signed-assertion.js';
import { VerifiedAssertions } from '../src/verified-assertions.js';
import { ISSUER, T0, at, received, saml20Assertion } from './helpers/fixtures.js';

describe('VerifiedAssertions: verified assertions kept by their exact text', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let certificate: TrustedCertificate;

  before(async () => {
    key = (await createTestSigningKeys('idp-key')).get();
    otherKey = (await createTestSigningKeys('other-key')).get();
    certificate = trustedCertificateFromPem(key.certificatePem);
  });

  const signed = (): SignedAssertion => ({
    version: '2.0', id: '_a1b2c3', issuer: ISSUER, issueInstant: T0, audienceRestrictions: [['urn:test:sts']], oneTimeUse: false,
    subject: 'joe', confirmations: [], attributes: Object.freeze({ mail: Object.freeze(['joe@example.com']) }),
    authentication: { instant: T0 },
  });
  const issuers = (...certificates: TrustedCertificate[]) => new StaticTrustedIssuers([{ connectionId: 'idp-1', issuer: ISSUER, certificates } satisfies TrustedIssuer]);

  /** A cache holding the fixture assertion, verified under `certificate`'s key. */
  function keeping(token = received(saml20Assertion())): VerifiedAssertions {
    const verified = new VerifiedAssertions();
    verified.remember(token.xml!, { version: '2.0', data: token.element!, issuer: ISSUER, signed: signed() }, certificate.publicKey);
    return verified;
  }

  it('finds a kept assertion sent again, byte for byte, read the same way, under a key valid now', () => {
    const token = received(saml20Assertion());
    expect(keeping(token).find(token, '2.0', issuers(certificate), T0)?.subject).to.equal('joe');
  });

  it('does not find it under another text, even one character away', () => {
    const token = received(saml20Assertion());
    expect(keeping(token).find({ ...token, xml: token.xml!.replace('joe', 'jo3') }, '2.0', issuers(certificate), T0)).to.equal(undefined);
  });

  it('does not find it as another SAML version', () => {
    const token = received(saml20Assertion());
    expect(keeping(token).find(token, '1.1', issuers(certificate), T0)).to.equal(undefined);
  });

  it('does not find it when the message\'s element reads differently (an inherited namespace)', () => {
    const token = received(saml20Assertion());
    const element = { ...token.element!, attributes: { ...token.element!.attributes, ID: '_other' } };
    expect(keeping(token).find({ ...token, element }, '2.0', issuers(certificate), T0)).to.equal(undefined);
  });

  it('does not find it once its issuer is no longer trusted', () => {
    const token = received(saml20Assertion());
    expect(keeping(token).find(token, '2.0', new StaticTrustedIssuers([]), T0)).to.equal(undefined);
  });

  it('does not find it once no certificate whose key verified it is valid now', () => {
    const token = received(saml20Assertion());
    const verified = keeping(token);
    expect(verified.find(token, '2.0', issuers({ ...certificate, notAfter: at(-1) }), T0)).to.equal(undefined);
    expect(verified.find(token, '2.0', issuers({ ...certificate, notBefore: at(1) }), T0)).to.equal(undefined);
    expect(verified.find(token, '2.0', issuers(trustedCertificateFromPem(otherKey.certificatePem)), T0)).to.equal(undefined);
    // The same key in a certificate still valid (a renewed certificate) is enough.
    expect(verified.find(token, '2.0', issuers({ ...certificate, notAfter: at(60) }), T0)?.id).to.equal('_a1b2c3');
  });

  it('freezes what it keeps, nested objects too (a Date stays settable: the processor hands out copies)', () => {
    const token = received(saml20Assertion());
    const kept = keeping(token).find(token, '2.0', issuers(certificate), T0)!;
    expect(Object.isFrozen(kept)).to.equal(true);
    expect(Object.isFrozen(kept.audienceRestrictions[0])).to.equal(true);
    expect(Object.isFrozen(kept.authentication)).to.equal(true);
  });

  it('keeps at most max assertions and maxChars characters, dropping the least recently used', () => {
    const tokens = ['_a', '_b', '_c'].map((id) => received(saml20Assertion({ id })));
    const byCount = new VerifiedAssertions(2);
    for (const token of tokens) byCount.remember(token.xml!, { version: '2.0', data: token.element!, issuer: ISSUER, signed: signed() }, certificate.publicKey);
    expect(byCount.find(tokens[0]!, '2.0', issuers(certificate), T0)).to.equal(undefined);
    expect(byCount.find(tokens[2]!, '2.0', issuers(certificate), T0)).not.to.equal(undefined);
    const bySize = new VerifiedAssertions(100, tokens[0]!.xml!.length * 2);
    for (const token of tokens) bySize.remember(token.xml!, { version: '2.0', data: token.element!, issuer: ISSUER, signed: signed() }, certificate.publicKey);
    expect(bySize.find(tokens[0]!, '2.0', issuers(certificate), T0)).to.equal(undefined);
    expect(bySize.find(tokens[2]!, '2.0', issuers(certificate), T0)).not.to.equal(undefined);
  });
});
