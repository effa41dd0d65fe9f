/**
 * The signature pre-validation (security-rules.md section 3.2 rule 4, section 6.2, BSP 1.1 Signature rules).
 * Every refusal starts from a signature the check accepts, freshly signed, and changes one thing in its text.
 */
import { expect } from 'chai';
import type { KeyObject } from 'node:crypto';
import { createTestSigningKeys } from '@sts/sdk/testing';
import {
  DigestAlgorithm,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  NS,
  SAML_SIGNATURE_PROFILE,
  SignatureAlgorithm,
  checkSignatureStructure,
  parseStrictXml,
} from '@sts/sdk/xml';
import type { SignatureProfile, XmlDomElement } from '@sts/sdk/xml';
import { SOAP_MESSAGE, assertionXml, rejection, replaceOnce, sign, signatureIn } from './signing-fixtures.js';
import { elementsNamed } from '../../helpers/elements-named.js';

/** The WS-Security profile the X.509 processor uses: references to the parts, exc-c14n only, an STR. */
const WSS_PROFILE: SignatureProfile = { maxReferences: 3, allowedTransforms: [EXC_C14N], maxTransforms: 3, keyInfo: 'one-str' };
const STR = `<wsse:SecurityTokenReference xmlns:wsse="${NS.wsse}"><wsse:Reference URI="#_bst"/></wsse:SecurityTokenReference>`;
const X509_DATA = '<ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data>';

describe('checkSignatureStructure', () => {
  let privateKey: KeyObject;
  /** A valid SAML-profile signature with KeyInfo/X509Data, as our generators emit it. */
  let saml: string;
  /** A valid WS-Security signature over the Body with a SecurityTokenReference. */
  let wss: string;

  before(async () => {
    privateKey = (await createTestSigningKeys('structure-key')).get().privateKey;
    saml = sign(assertionXml(), privateKey, { keyInfo: X509_DATA });
    wss = sign(SOAP_MESSAGE, privateKey, {
      idAttribute: 'Id',
      references: ["//*[local-name(.)='Body']"],
      transforms: [EXC_C14N],
      keyInfo: STR,
      location: { reference: "//*[local-name(.)='Security']", action: 'append' },
    });
  });

  function checkSaml(xml: string): ReturnType<typeof checkSignatureStructure> {
    return checkSignatureStructure(signatureIn(xml).signature, SAML_SIGNATURE_PROFILE);
  }

  function checkWss(xml: string): ReturnType<typeof checkSignatureStructure> {
    return checkSignatureStructure(signatureIn(xml).signature, WSS_PROFILE);
  }

  describe('signatures it accepts', () => {
    it('accepts the SAML profile signature and returns the referenced ID, algorithm and transforms', () => {
      const structure = checkSaml(saml);
      expect(structure.referenceIds).to.deep.equal(['_a1']);
      expect(structure.signatureAlgorithm).to.equal(SignatureAlgorithm.RsaSha256);
      expect(structure.references[0]).to.deep.equal({
        id: '_a1',
        transforms: [ENVELOPED_SIGNATURE, EXC_C14N],
        digestAlgorithm: DigestAlgorithm.Sha256,
      });
      expect(structure.securityTokenReference).to.equal(undefined);
    });

    it('accepts a SAML signature without KeyInfo', () => {
      expect(checkSaml(sign(assertionXml(), privateKey, { keyInfo: null })).referenceIds).to.deep.equal(['_a1']);
    });

    it('accepts RSA-SHA512 with a SHA-512 digest', () => {
      const xml = sign(assertionXml(), privateKey, { signatureAlgorithm: SignatureAlgorithm.RsaSha512, digestAlgorithm: DigestAlgorithm.Sha512 });
      expect(checkSaml(xml).signatureAlgorithm).to.equal(SignatureAlgorithm.RsaSha512);
    });

    it('returns the one SecurityTokenReference of a WS-Security signature', () => {
      const structure = checkWss(wss);
      expect(structure.referenceIds).to.deep.equal(['_body']);
      expect(structure.securityTokenReference?.name()).to.equal('SecurityTokenReference');
      expect(structure.securityTokenReference?.namespace()?.href()).to.equal(NS.wsse);
    });

    it('accepts an InclusiveNamespaces prefix list on an exc-c14n transform', () => {
      const xml = replaceOnce(
        wss,
        `<ds:Transform Algorithm="${EXC_C14N}"/>`,
        `<ds:Transform Algorithm="${EXC_C14N}"><ec:InclusiveNamespaces xmlns:ec="${EXC_C14N}" PrefixList="s #default"/></ds:Transform>`,
      );
      expect(checkWss(xml).referenceIds).to.deep.equal(['_body']);
    });

    it('accepts base64 wrapped over several lines in SignatureValue', () => {
      const value = /<ds:SignatureValue>([^<]+)</.exec(saml)![1]!;
      const wrapped = replaceOnce(saml, value, value.replace(/.{64}/g, '$&\n'));
      expect(checkSaml(wrapped).referenceIds).to.deep.equal(['_a1']);
    });
  });

  describe('the Signature element', () => {
    it('refuses an element that is not ds:Signature', () => {
      const root = signatureIn(saml).doc.root()!;
      rejection(() => checkSignatureStructure(root, SAML_SIGNATURE_PROFILE), 'structure');
    });

    it('refuses a ds:Object (XSW8, BSP R3102)', () => {
      const xml = replaceOnce(saml, '</ds:Signature>', '<ds:Object><x:Evil xmlns:x="urn:x"/></ds:Object></ds:Signature>');
      rejection(() => checkSaml(xml), 'forbidden-element');
    });

    it('refuses a ds:Object that xml-crypto itself put there', () => {
      const xml = sign(assertionXml(), privateKey, { objects: [{ content: '<x:Data xmlns:x="urn:x">1</x:Data>' }] });
      rejection(() => checkSaml(xml), 'forbidden-element');
    });

    it('refuses a second SignedInfo (CVE-2025-29774)', () => {
      const signedInfo = /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/.exec(saml)![0];
      const xml = replaceOnce(saml, '</ds:SignedInfo>', `</ds:SignedInfo>${signedInfo.replace('#_a1', '#_other')}`);
      rejection(() => checkSaml(xml), 'signed-info');
    });

    it('refuses a SignedInfo wrapped in another element (CVE-2025-29774)', () => {
      const xml = replaceOnce(replaceOnce(saml, '<ds:SignedInfo>', '<ds:Wrapper><ds:SignedInfo>'), '</ds:SignedInfo>', '</ds:SignedInfo></ds:Wrapper>');
      rejection(() => checkSaml(xml), 'signed-info');
    });

    it('refuses a missing SignatureValue', () => {
      const xml = saml.replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, '');
      rejection(() => checkSaml(xml), 'signature-value');
    });

    it('refuses a SignatureValue that is not base64', () => {
      const xml = saml.replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue>not*base64<');
      rejection(() => checkSaml(xml), 'signature-value');
    });

    it('refuses an unknown attribute on ds:Signature', () => {
      const xml = replaceOnce(saml, '<ds:Signature ', '<ds:Signature Foo="1" ');
      rejection(() => checkSaml(xml), 'structure');
    });

    it('refuses text between the Signature children', () => {
      const xml = replaceOnce(saml, '</ds:SignedInfo>', '</ds:SignedInfo>text');
      rejection(() => checkSaml(xml), 'structure');
    });
  });

  describe('SignedInfo', () => {
    it('refuses exclusive c14n with comments', () => {
      const xml = replaceOnce(saml, `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/>`, `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}WithComments"/>`);
      rejection(() => checkSaml(xml), 'canonicalization');
    });

    it('refuses inclusive c14n', () => {
      const xml = replaceOnce(saml, `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"/>`, '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>');
      rejection(() => checkSaml(xml), 'canonicalization');
    });

    it('refuses RSA-SHA1', () => {
      const xml = replaceOnce(saml, SignatureAlgorithm.RsaSha256, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1');
      rejection(() => checkSaml(xml), 'signature-method');
    });

    it('refuses HMAC-SHA1', () => {
      const xml = replaceOnce(saml, SignatureAlgorithm.RsaSha256, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1');
      rejection(() => checkSaml(xml), 'signature-method');
    });

    it('refuses an HMACOutputLength (BSP R5401, CVE-2009-0217)', () => {
      const xml = replaceOnce(
        saml,
        `<ds:SignatureMethod Algorithm="${SignatureAlgorithm.RsaSha256}"/>`,
        `<ds:SignatureMethod Algorithm="${SignatureAlgorithm.RsaSha256}"><ds:HMACOutputLength>8</ds:HMACOutputLength></ds:SignatureMethod>`,
      );
      rejection(() => checkSaml(xml), 'signature-method');
    });

    it('refuses a SignedInfo without a Reference', () => {
      const xml = saml.replace(/<ds:Reference [\s\S]*<\/ds:Reference>/, '');
      rejection(() => checkSaml(xml), 'reference');
    });

    it('refuses more references than the profile allows', () => {
      const reference = /<ds:Reference [\s\S]*<\/ds:Reference>/.exec(saml)![0];
      const xml = replaceOnce(saml, '</ds:SignedInfo>', `${reference.replace('#_a1', '#_a2')}</ds:SignedInfo>`);
      rejection(() => checkSaml(xml), 'reference');
    });

    it('refuses two references to the same ID even where the profile allows two', () => {
      const reference = /<ds:Reference [\s\S]*<\/ds:Reference>/.exec(wss)![0];
      const xml = replaceOnce(wss, '</ds:SignedInfo>', `${reference}</ds:SignedInfo>`);
      rejection(() => checkWss(xml), 'reference');
    });

    for (const uri of ['', '#', 'http://evil.example/doc#_a1', '#xpointer(/)', "#_a1'", '#1abc', `#_${'a'.repeat(128)}`]) {
      it(`refuses the Reference URI ${JSON.stringify(uri.length > 40 ? `${uri.slice(0, 12)}...` : uri)}`, () => {
        const xml = replaceOnce(saml, 'URI="#_a1"', `URI="${uri}"`);
        rejection(() => checkSaml(xml), 'reference');
      });
    }

    it('refuses a Reference without a URI', () => {
      rejection(() => checkSaml(replaceOnce(saml, ' URI="#_a1"', '')), 'reference');
    });

    it('refuses a namespaced attribute on ds:Reference', () => {
      const xml = replaceOnce(saml, 'URI="#_a1"', 'URI="#_a1" xmlns:x="urn:x" x:URI="#_other"');
      rejection(() => checkSaml(xml), 'structure');
    });
  });

  describe('transforms', () => {
    it('refuses a Reference without Transforms (BSP R5416)', () => {
      const xml = saml.replace(/<ds:Transforms>[\s\S]*<\/ds:Transforms>/, '');
      rejection(() => checkSaml(xml), 'transform');
    });

    it('refuses an empty Transforms (BSP R5411)', () => {
      const xml = saml.replace(/<ds:Transforms>[\s\S]*<\/ds:Transforms>/, '<ds:Transforms/>');
      rejection(() => checkSaml(xml), 'transform');
    });

    it('refuses more transforms than the profile allows', () => {
      const xml = replaceOnce(saml, '</ds:Transforms>', `<ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms>`);
      rejection(() => checkSaml(xml), 'transform');
    });

    it('refuses a transform the profile does not list', () => {
      const xml = replaceOnce(wss, `<ds:Transform Algorithm="${EXC_C14N}"/>`, `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/><ds:Transform Algorithm="${EXC_C14N}"/>`);
      rejection(() => checkWss(xml), 'transform');
    });

    it('refuses an XPath transform', () => {
      const xml = replaceOnce(
        saml,
        `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/>`,
        '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>1</ds:XPath></ds:Transform>',
      );
      rejection(() => checkSaml(xml), 'transform');
    });

    it('refuses transforms that do not end with exclusive c14n (BSP R5412)', () => {
      const xml = replaceOnce(
        saml,
        `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/><ds:Transform Algorithm="${EXC_C14N}"/>`,
        `<ds:Transform Algorithm="${EXC_C14N}"/><ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/>`,
      );
      rejection(() => checkSaml(xml), 'transform');
    });

    it('refuses a repeated transform', () => {
      const profile: SignatureProfile = { ...SAML_SIGNATURE_PROFILE, maxTransforms: 3 };
      const xml = replaceOnce(saml, '</ds:Transforms>', `<ds:Transform Algorithm="${EXC_C14N}"/></ds:Transforms>`);
      rejection(() => checkSignatureStructure(signatureIn(xml).signature, profile), 'transform');
    });

    it('refuses content in the enveloped-signature transform', () => {
      const xml = replaceOnce(saml, `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"/>`, `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"><ds:XPath>1</ds:XPath></ds:Transform>`);
      rejection(() => checkSaml(xml), 'structure');
    });

    it('refuses an InclusiveNamespaces prefix list that is not a list of prefixes', () => {
      const xml = replaceOnce(
        wss,
        `<ds:Transform Algorithm="${EXC_C14N}"/>`,
        `<ds:Transform Algorithm="${EXC_C14N}"><ec:InclusiveNamespaces xmlns:ec="${EXC_C14N}" PrefixList="s  x:y"/></ds:Transform>`,
      );
      rejection(() => checkWss(xml), 'structure');
    });
  });

  describe('digests', () => {
    it('refuses a SHA-1 digest', () => {
      const xml = replaceOnce(saml, DigestAlgorithm.Sha256, 'http://www.w3.org/2000/09/xmldsig#sha1');
      rejection(() => checkSaml(xml), 'digest-method');
    });

    it('refuses a second DigestValue', () => {
      const xml = replaceOnce(saml, '</ds:Reference>', `<ds:DigestValue>${'A'.repeat(43)}=</ds:DigestValue></ds:Reference>`);
      rejection(() => checkSaml(xml), 'digest-value');
    });

    it('refuses an element inside DigestValue', () => {
      const xml = replaceOnce(saml, '<ds:DigestValue>', '<ds:DigestValue><x:y xmlns:x="urn:x"/>');
      rejection(() => checkSaml(xml), 'digest-value');
    });

    it('refuses a CDATA section inside DigestValue (CVE-2025-29775 class)', () => {
      const xml = replaceOnce(saml, '<ds:DigestValue>', '<ds:DigestValue><![CDATA[]]>');
      rejection(() => checkSaml(xml), 'structure');
    });

    it('refuses a comment inside DigestValue even when the gate is skipped (CVE-2025-29775)', () => {
      const xml = replaceOnce(saml, '<ds:DigestValue>', '<ds:DigestValue><!---->');
      const signature = elementsNamed(parseStrictXml(xml), NS.ds, 'Signature')[0]!;
      rejection(() => checkSignatureStructure(signature, SAML_SIGNATURE_PROFILE), 'structure');
    });

    it('refuses a DigestValue of the wrong length for its algorithm', () => {
      const xml = saml.replace(/<ds:DigestValue>[^<]*</, `<ds:DigestValue>${'A'.repeat(86)}==<`);
      rejection(() => checkSaml(xml), 'digest-value');
    });

    it('refuses a DigestValue that is not base64', () => {
      const xml = saml.replace(/<ds:DigestValue>[^<]*</, `<ds:DigestValue>${'*'.repeat(43)}=<`);
      rejection(() => checkSaml(xml), 'digest-value');
    });
  });

  describe('KeyInfo', () => {
    it('refuses a KeyValue in a SAML signature (the key is never taken from the document)', () => {
      const xml = replaceOnce(saml, X509_DATA, '<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AA==</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>');
      rejection(() => checkSaml(xml), 'key-info');
    });

    it('refuses a RetrievalMethod', () => {
      const xml = replaceOnce(saml, X509_DATA, '<ds:RetrievalMethod URI="http://evil.example/key"/>');
      rejection(() => checkSaml(xml), 'forbidden-element');
    });

    it('refuses a second X509Data', () => {
      const xml = replaceOnce(saml, X509_DATA, X509_DATA + X509_DATA);
      rejection(() => checkSaml(xml), 'key-info');
    });

    it('refuses a WS-Security signature without KeyInfo (BSP R5417)', () => {
      const xml = wss.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
      rejection(() => checkWss(xml), 'key-info');
    });

    it('refuses X509Data where a SecurityTokenReference is required (BSP R5402)', () => {
      const xml = wss.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, `<ds:KeyInfo>${X509_DATA}</ds:KeyInfo>`);
      rejection(() => checkWss(xml), 'key-info');
    });

    it('refuses two SecurityTokenReferences', () => {
      const xml = replaceOnce(wss, '</ds:KeyInfo>', `${STR}</ds:KeyInfo>`);
      rejection(() => checkWss(xml), 'key-info');
    });

    it('refuses signature elements hidden inside the SecurityTokenReference', () => {
      const xml = replaceOnce(wss, '<wsse:Reference URI="#_bst"/>', '<wsse:Reference URI="#_bst"/><ds:SignedInfo/>');
      rejection(() => checkWss(xml), 'key-info');
    });
  });

  describe('the profile', () => {
    for (const [name, profile] of [
      ['zero references', { ...SAML_SIGNATURE_PROFILE, maxReferences: 0 }],
      ['31 references', { ...SAML_SIGNATURE_PROFILE, maxReferences: 31 }],
      ['six transforms', { ...SAML_SIGNATURE_PROFILE, maxTransforms: 6 }],
      ['no exclusive c14n', { ...SAML_SIGNATURE_PROFILE, allowedTransforms: [ENVELOPED_SIGNATURE] }],
      ['an XSLT transform', { ...SAML_SIGNATURE_PROFILE, allowedTransforms: [EXC_C14N, 'http://www.w3.org/TR/1999/REC-xslt-19991116'] }],
    ] as const) {
      it(`is refused with ${name}`, () => {
        expect(() => checkSignatureStructure(signatureIn(saml).signature, profile as unknown as SignatureProfile)).to.throw(TypeError);
      });
    }
  });
});
