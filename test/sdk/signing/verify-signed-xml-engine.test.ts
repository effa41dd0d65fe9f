/**
 * verifySignedXml's own core validation (issue 12: on the SDK's tree with the SDK's canonicalizer, no xmldom
 * parse, no XPath ID search, each referenced element canonicalized once) against xml-crypto's
 * SignedXml.checkSignature, which it replaced: the same canonical bytes on the same documents, hostile ones
 * included, and refusals of what xml-crypto refused, each from a freshly signed document with one change. The
 * existing refusals are in verify-signed-xml.test.ts.
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

  // Every character class c14n escapes or normalizes, namespaces declared, redeclared and undeclared at several
  // levels, attributes in several namespaces to sort, CDATA: signed by xml-crypto (over its xmldom parse), read
  // by libxml2 and canonicalized by the SDK, the bytes must be xml-crypto's own.
  describe('returns xml-crypto\'s bytes for hostile content', () => {
    const HOSTILE: Record<string, string> = {
      'text escapes: & < > and a carriage return given as a reference':
        `<r ID="_h"><t>a &amp; b &lt; c &gt; d &#13; e\r\nf \u00e9\u{1F600}</t></r>`,
      'attribute escapes: & < " tab, LF and CR given as references, > and \' literal':
        `<r ID="_h" a="&amp;&lt;&quot;&#9;&#10;&#13;&gt;'" b="plain"/>`,
      'attribute value normalization of literal tabs and line ends': '<r ID="_h" a="x\ty\nz"/>',
      'attributes in several namespaces, sorted by namespace URI then local name':
        '<r ID="_h" xmlns:b="urn:b" xmlns:a="urn:a" z="1" b:y="2" a:y="3" a:x="4" b:a="5"/>',
      'a default namespace, undeclared below, redeclared further down':
        '<r xmlns="urn:d" ID="_h"><i xmlns=""><j xmlns="urn:d"><k/></j></i><l/></r>',
      'a prefix rebound to another URI below': '<p:r xmlns:p="urn:one" ID="_h"><p:c xmlns:p="urn:two"><p:d/></p:c></p:r>',
      'declarations unused at the apex, used only deep inside':
        '<r xmlns:u="urn:unused" xmlns:d="urn:deep" ID="_h"><a><b><d:c d:x="1"/></b></a></r>',
      'CDATA with markup characters': '<r ID="_h"><c><![CDATA[<not> & "markup" ]]></c></r>',
      'whitespace between elements kept': '<r ID="_h">\n  <a> </a>\n\t<b/>\n</r>',
    };
    for (const [name, unsigned] of Object.entries(HOSTILE)) {
      it(name, () => {
        const xml = sign(unsigned, key.privateKey, { location: { reference: '/*', action: 'append' } });
        expect(verify(xml)).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'ID'));
      });
    }

    it('an element ID\'d by a prefixed attribute inside a wrapper that declares the prefixes it uses', () => {
      const xml = sign(`<w:Wrap xmlns:w="urn:w" xmlns:x="urn:x"><w:Part x:a="1" xmlns:u="${NS.wsu}" u:Id="_p">v</w:Part><w:Sig/></w:Wrap>`, key.privateKey, {
        idAttribute: 'Id',
        references: ["//*[local-name(.)='Part']"],
        transforms: [EXC_C14N],
        location: { reference: "//*[local-name(.)='Sig']", action: 'append' },
      });
      expect(verify(xml, ['Id'])).to.deep.equal(xmlCryptoSignedReferences(xml, key, 'Id'));
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

    // The engine keeps these rules itself, for a caller that skipped checkSignatureStructure.
    it('refuses a second SignedInfo without the structure check (CVE-2025-29774)', () => {
      const signedInfo = /<ds:SignedInfo>.*<\/ds:SignedInfo>/s.exec(signed)![0];
      const xml = replaceOnce(signed, '<ds:SignatureValue>', `${signedInfo}<ds:SignatureValue>`);
      expect(rejection(() => verify(xml), 'verification').message).to.match(/exactly one SignedInfo/);
    });

    it('refuses a CDATA section in DigestValue without the structure check (CVE-2025-29775 class)', () => {
      const xml = signed.replace(/<ds:DigestValue>([^<]+)</, '<ds:DigestValue><![CDATA[$1]]><');
      expect(xml).to.not.equal(signed);
      expect(rejection(() => verify(xml), 'verification').message).to.match(/holds a node other than elements and whitespace|other than text/);
    });

    it('refuses, as a SignatureRejectedError, a document whose namespace URI in scope c14n would have to escape', () => {
      // Valid XML (libxml2 accepts the URI), validly signed, but the canonicalizer renders no such URI: refused, not thrown as a TypeError.
      const xml = `<w:Wrap xmlns:w="urn:w" xmlns:q="http://x/p?q=1&amp;r=2">${sign(assertionXml(), key.privateKey)}</w:Wrap>`;
      expect(rejection(() => verify(xml), 'verification').message).to.match(/cannot be canonicalized/);
    });

    it('refuses a SignatureValue that is not base64', () => {
      const xml = signed.replace(/<ds:SignatureValue>([^<]+)</, '<ds:SignatureValue>$1!<');
      expect(rejection(() => verify(xml), 'verification').message).to.match(/not base64/);
    });
  });
});

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
