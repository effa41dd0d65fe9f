/**
 * verifySignedXml's own core validation (issue 12: no second parse, no XPath ID search, each referenced element
 * canonicalized once) against xml-crypto's SignedXml.checkSignature, which it replaced: the same canonical bytes
 * on the same documents, and refusals of what xml-crypto refused, each from a freshly signed document with one
 * change. The existing refusals are in verify-signed-xml.test.ts.
 */
import { expect } from 'chai';
import { SignedXml } from 'xml-crypto';
import { createRequire } from 'node:module';
import type { SigningKey } from '@sts/sdk';
import { createTestSigningKeys } from '@sts/sdk/testing';
import { CanonicalXmlSigner, EXC_C14N, NS, el, verifySignedXml } from '@sts/sdk/xml';
import { SOAP_MESSAGE, assertionXml, rejection, replaceOnce, sign, signatureIn } from './signing-fixtures.js';

const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as {
  DOMParser: new () => { parseFromString(xml: string, type: string): { getElementsByTagNameNS(ns: string, name: string): ArrayLike<unknown> } };
};

/** What xml-crypto's own verifier returns for the first signature, pruned to nothing but the key. */
function xmlCryptoSignedReferences(xml: string, key: SigningKey, idAttribute: string): string[] {
  const verifier = new SignedXml({ publicCert: key.certificatePem, getCertFromKeyInfo: () => null });
  verifier.idAttributes = [idAttribute];
  verifier.loadSignature(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(NS.ds, 'Signature')[0] as never);
  expect(verifier.checkSignature(xml)).to.equal(true);
  return verifier.getSignedReferences();
}

describe('verifySignedXml: its core validation against xml-crypto\'s checkSignature', () => {
  let key: SigningKey;
  before(async () => {
    key = (await createTestSigningKeys('engine-key')).get();
  });
  const verify = (xml: string, idAttributes: readonly string[] = ['ID']) => verifySignedXml(xml, signatureIn(xml).signature, key.publicKey, idAttributes);

  describe('returns the canonical bytes xml-crypto returned', () => {
    it('for an assertion signed by xml-crypto', () => {
      const xml = sign(assertionXml(), key.privateKey);
      expect(verify(xml)).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'ID'));
    });

    const prefixListToken = () =>
      new CanonicalXmlSigner({ get: () => key, all: () => [key] }).signEnveloped({
        xml: el('saml:Assertion', { xmlns: { saml: NS.saml2 }, ID: '_p1' }, [
          el('saml:Issuer', {}, ['https://idp.example.com']),
          el('saml:Condition', { xmlns: { t: 'urn:t', xsi: NS.xsi }, 'xsi:type': 't:R' }, [el('t:Who', {}, ['a & b < c'])]),
        ]),
        idAttribute: 'ID',
        location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
        inclusiveNamespacePrefixes: ['t'],
      });

    it('for our own token with an InclusiveNamespaces PrefixList, inside an envelope declaring other namespaces', () => {
      const token = prefixListToken();
      const xml = `<w:Wrap xmlns:w="urn:w" xmlns:xsi="${NS.xsi}" xmlns:saml="${NS.saml2}">${token}</w:Wrap>`;
      const [bytes] = verify(xml);
      expect([bytes]).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'ID'));
      expect(bytes).to.equal(token.replace(/<ds:Signature .*<\/ds:Signature>/s, ''));
    });

    it('and, like xml-crypto, renders a PrefixList prefix an ancestor binds on the apex (exc-c14n section 3), which breaks the digest', () => {
      const xml = `<w:Wrap xmlns:w="urn:w" xmlns:t="urn:outer">${prefixListToken()}</w:Wrap>`;
      expect(rejection(() => verify(xml), 'verification').message).to.match(/digest/);
      expect(() => xmlCryptoSignedReferences(xml, key, 'ID')).to.throw();
    });

    it('for a WS-Security signature over Body and BinarySecurityToken (wsu:Id, no enveloped transform)', () => {
      const xml = sign(SOAP_MESSAGE, key.privateKey, {
        idAttribute: 'Id',
        references: ["//*[local-name(.)='Body']", "//*[local-name(.)='BinarySecurityToken']"],
        transforms: [EXC_C14N],
        keyInfo: null,
        location: { reference: "//*[local-name(.)='Security']", action: 'append' },
      });
      const references = verify(xml, ['Id']);
      expect(references).to.have.length(2);
      expect(references).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'Id'));
    });

    // SignedInfo's own PrefixList names `s` and `wsu`, which the Envelope declares: exc-c14n renders them on
    // SignedInfo (xml-crypto declares them on the element, so that case runs on a copy of it).
    it('for a SignedInfo whose CanonicalizationMethod names prefixes an ancestor declares', () => {
      const options = {
        idAttribute: 'Id',
        references: ["//*[local-name(.)='Body']"],
        transforms: [EXC_C14N],
        keyInfo: null,
        location: { reference: "//*[local-name(.)='Security']", action: 'append' },
      } as const;
      const xml = sign(SOAP_MESSAGE, key.privateKey, { ...options, signedInfoPrefixList: ['s', 'wsu'] });
      expect(xml).to.match(/<ds:CanonicalizationMethod [^>]*><InclusiveNamespaces PrefixList="s wsu"/);
      expect(verify(xml, ['Id'])).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'Id'));
      // The same SignatureValue under a SignedInfo without the PrefixList does not verify: the list is honoured.
      const plain = sign(SOAP_MESSAGE, key.privateKey, options);
      const value = (doc: string) => /<ds:SignatureValue>([^<]+)</.exec(doc)![1]!;
      const swapped = plain.replace(value(plain), value(xml));
      expect(rejection(() => verify(swapped, ['Id']), 'verification').message).to.match(/SignatureValue|signature value/i);
    });
  });

  describe('refusals', () => {
    let signed: string;
    beforeEach(() => {
      signed = `<w:Wrap xmlns:w="urn:w">${sign(assertionXml(), key.privateKey)}<w:Other/></w:Wrap>`;
    });

    it('the valid twin verifies', () => {
      expect(verify(signed)).to.have.length(1);
    });

    it('refuses a second element with the referenced ID outside the signed one (signature wrapping)', () => {
      const error = rejection(() => verify(replaceOnce(signed, '<w:Other/>', '<w:Other ID="_a1"/>')), 'verification');
      expect(error.message).to.match(/more than one element/);
    });

    it('checks the SignatureValue before any digest: content changed and key wrong reports the key', async () => {
      const other = (await createTestSigningKeys('engine-other')).get();
      const tampered = replaceOnce(signed, '>admin<', '>root<');
      expect(rejection(() => verify(tampered), 'verification').message).to.match(/digest/);
      expect(rejection(() => verifySignedXml(tampered, signatureIn(tampered).signature, other.publicKey, ['ID']), 'verification').message).to.match(/SignatureValue/);
    });

    it('refuses an enveloped-signature Reference to an element that does not contain the Signature', () => {
      const xml = sign(`<w:Wrap xmlns:w="urn:w"><w:A ID="_x">a</w:A><w:B/></w:Wrap>`, key.privateKey, {
        references: ["//*[local-name(.)='A']"],
        location: { reference: "//*[local-name(.)='B']", action: 'append' },
      });
      expect(rejection(() => verify(xml), 'verification').message).to.match(/does not contain its Signature/);
    });

    it('refuses a transform list other than [exc-c14n] or [enveloped-signature, exc-c14n]', () => {
      const xml = sign(assertionXml(), key.privateKey, { transforms: [ENVELOPED, EXC_C14N, EXC_C14N] });
      expect(rejection(() => verify(xml), 'verification').message).to.match(/transforms/);
    });

    it('refuses a SignatureValue that is not base64', () => {
      const xml = signed.replace(/<ds:SignatureValue>([^<]+)</, '<ds:SignatureValue>$1!<');
      expect(rejection(() => verify(xml), 'verification').message).to.match(/not base64/);
    });
  });
});

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
