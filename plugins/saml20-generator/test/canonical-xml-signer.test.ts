// The signer's own tests live beside its first user; the cross-checks are in canonical-cross-checks.test.ts.
import { expect } from 'chai';
import type { SigningKey } from '@sts/sdk';
import { NS, CanonicalXmlSigner } from '@sts/sdk/xml';
import { createTestSigningKeys, StaticSigningKeys, xmlsecVerify } from '@sts/sdk/testing';
import { xmlCryptoVerify } from '@sts/sdk/testing/xml';
import { readAssertion, verifyAssertion } from './helpers/fixtures.js';

const ASSERTION =
  `<saml:Assertion xmlns:saml="${NS.saml2}" xmlns:xs="${NS.xs}" xmlns:xsi="${NS.xsi}" xmlns:unused="urn:unused" ` +
  `ID="_abc123" Version="2.0" IssueInstant="2026-11-28T06:00:00Z">` +
  `<saml:Issuer>https://sts.example.com</saml:Issuer><saml:Subject><saml:NameID>joe</saml:NameID></saml:Subject>` +
  `</saml:Assertion>`;
const AFTER_ISSUER = { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' } as const;

describe('CanonicalXmlSigner', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let signer: CanonicalXmlSigner;

  before(async () => {
    key = (await createTestSigningKeys('sts-key')).get();
    otherKey = (await createTestSigningKeys('other-key')).get();
    signer = new CanonicalXmlSigner(new StaticSigningKeys([key, otherKey]));
  });

  function sign(xml = ASSERTION, extra: Partial<Parameters<CanonicalXmlSigner['signEnveloped']>[0]> = {}): string {
    return signer.signEnveloped({ xml, idAttribute: 'ID', location: AFTER_ISSUER, ...extra });
  }

  it('signs the root by its ID with one Reference that xml-crypto and xmlsec1 both accept', () => {
    const signed = sign();
    const doc = readAssertion(signed);
    expect(doc.all('//ds:Reference').map((r) => r.attr('URI')?.value())).to.deep.equal(['#_abc123']);
    expect(xmlCryptoVerify(signed, key.certificatePem)).to.equal(true);
    const result = verifyAssertion(signed, key.certificatePem);
    expect(result.status, result.output).to.equal(0);
  });

  it('emits the canonical form: a declaration no name uses is not emitted, so none goes unsigned', () => {
    const signed = sign();
    const declared = readAssertion(signed).root.namespaces(true).map((n) => n.prefix());
    expect(declared).to.have.members(['saml']);
    expect(signed).to.match(/^<saml:Assertion xmlns:saml="[^"]+" ID="_abc123" IssueInstant="[^"]+" Version="2.0"><saml:Issuer>/);
  });

  it('places the signature after a named child of the root', () => {
    const names = readAssertion(sign()).root.childNodes().map((n) => (n as unknown as { name(): string }).name());
    expect(names).to.deep.equal(['Issuer', 'Signature', 'Subject']);
  });

  it('prepends into and appends to the root when the location names the root', () => {
    const root = { namespaceUri: NS.saml2, localName: 'Assertion' } as const;
    const first = readAssertion(sign(ASSERTION, { location: { ...root, action: 'prepend' } })).root.childNodes();
    const last = readAssertion(sign(ASSERTION, { location: { ...root, action: 'append' } })).root.childNodes();
    const name = (n: unknown): string => (n as { name(): string }).name();
    expect(first.map(name)).to.deep.equal(['Signature', 'Issuer', 'Subject']);
    expect(last.map(name)).to.deep.equal(['Issuer', 'Subject', 'Signature']);
  });

  it('reads the ID in single quotes after an XML declaration, skipping look-alikes in other values', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<a:Root xmlns:a='urn:a' Id='wrong' note='ID="_fake" >' ID='_single'><a:Child/></a:Root>`;
    const signed = sign(xml, { location: { namespaceUri: 'urn:a', localName: 'Child', action: 'after' } });
    expect(readAssertion(signed).attr('//ds:Reference', 'URI')).to.equal('#_single');
    const idAttribute = { name: 'ID', namespaceUri: 'urn:a', localName: 'Root' };
    expect(xmlsecVerify({ xml: signed, certificatePem: key.certificatePem, idAttribute }).status).to.equal(0);
  });

  it('refuses a root without the ID attribute, even when it has an Id', () => {
    expect(() => sign(ASSERTION.replace('ID="_abc123"', 'Id="_abc123"'))).to.throw(/no ID attribute/);
  });

  it('does not mistake an ID attribute of a child for the root\'s', () => {
    const xml = `<r xmlns="urn:r"><c ID="_child"/></r>`;
    expect(() => sign(xml, { location: { namespaceUri: 'urn:r', localName: 'c', action: 'after' } })).to.throw(/no ID attribute/);
  });

  for (const bad of ['', '1abc', 'a b', 'a:b', 'é', '_'.repeat(129), 'a&amp;b']) {
    it(`refuses the ID value ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 5)}…` : bad)}`, () => {
      expect(() => sign(ASSERTION.replace('ID="_abc123"', `ID="${bad}"`))).to.throw(/not an NCName/);
    });
  }

  it('refuses a prefixed idAttribute name', () => {
    expect(() => sign(ASSERTION, { idAttribute: 'wsu:Id' })).to.throw(/unprefixed NCName/);
  });

  it('refuses a location that is neither the root nor a child of it', () => {
    expect(() => sign(ASSERTION, { location: { namespaceUri: NS.saml2, localName: 'NameID', action: 'after' } })).to.throw(
      /neither the root nor a child of it/,
    );
  });

  it('matches the location by namespace URI and local name only, so a quote in the URI finds nothing', () => {
    expect(() => sign(ASSERTION, { location: { namespaceUri: "urn:x' or '1'='1", localName: 'Issuer', action: 'after' } })).to.throw(
      /neither the root nor a child of it/,
    );
  });

  it('refuses to place the signature after the element it signs', () => {
    expect(() => sign(ASSERTION, { location: { namespaceUri: NS.saml2, localName: 'Assertion', action: 'after' } })).to.throw(
      /cannot follow the element it signs/,
    );
  });

  it('includes the leaf certificate in KeyInfo/X509Data by default and nothing when told not to', () => {
    expect(readAssertion(sign()).text('//ds:KeyInfo/ds:X509Data/ds:X509Certificate')).to.equal(key.certificateChain[0]);
    const bare = sign(ASSERTION, { includeCertificate: false });
    expect(readAssertion(bare).all('//ds:KeyInfo')).to.have.length(0);
    expect(xmlCryptoVerify(bare, key.certificatePem)).to.equal(true);
  });

  it('signs with the key the kid names, and refuses an unknown kid', () => {
    const signed = sign(ASSERTION, { kid: 'other-key' });
    expect(xmlCryptoVerify(signed, otherKey.certificatePem)).to.equal(true);
    expect(xmlCryptoVerify(signed, key.certificatePem)).to.equal(false);
    expect(() => sign(ASSERTION, { kid: 'nope' })).to.throw(/unknown signing key/);
  });
});
