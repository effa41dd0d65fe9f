/**
 * Cryptographic verification with xml-crypto under security-rules.md section 3.2 rules 2, 3, 5, 6 and 8. Each
 * refusal starts from a freshly signed document that verifies and changes one thing; several sign with an
 * algorithm the structure check would refuse, to show that the pruned xml-crypto instance refuses it too.
 */
import { expect } from 'chai';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createTestSigningKeys } from '@sts/sdk/testing';
import {
  DigestAlgorithm,
  EXC_C14N,
  NS,
  SAML_SIGNATURE_PROFILE,
  SignatureAlgorithm,
  checkSignatureStructure,
  parseStrictXml,
  parseUntrustedXml,
  toElementData,
  verifySignedXml,
} from '@sts/sdk/xml';
import type { SigningKey } from '@sts/sdk';
import type { XmlDomElement } from '@sts/sdk/xml';
import { SOAP_MESSAGE, assertionXml, rejection, replaceOnce, sign, signatureIn } from './signing-fixtures.js';
import { elementsNamed } from '../../helpers/elements-named.js';

const STR = `<wsse:SecurityTokenReference xmlns:wsse="${NS.wsse}"><wsse:Reference URI="#_bst"/></wsse:SecurityTokenReference>`;

describe('verifySignedXml', () => {
  let key: SigningKey;
  let attacker: SigningKey;
  let signed: string;

  before(async () => {
    key = (await createTestSigningKeys('verify-key')).get();
    attacker = (await createTestSigningKeys('attacker-key')).get();
  });

  beforeEach(() => {
    signed = sign(assertionXml(), key.privateKey);
  });

  function verify(xml: string, publicKey: KeyObject = key.publicKey, idAttributes: readonly string[] = ['ID']): readonly string[] {
    return verifySignedXml(xml, signatureIn(xml).signature, publicKey, idAttributes);
  }

  describe('a valid signature', () => {
    it('returns the canonical signed bytes of the one reference, without the enveloped signature', () => {
      const references = verify(signed);
      expect(references).to.have.length(1);
      expect(references[0]).to.equal(
        `<saml:Assertion xmlns:saml="${NS.saml2}" ID="_a1" IssueInstant="2026-11-28T06:00:00Z" Version="2.0">` +
          '<saml:Issuer>https://idp.example.com</saml:Issuer><saml:Subject><saml:NameID>joe</saml:NameID></saml:Subject>' +
          '<saml:AttributeStatement><saml:Attribute Name="role"><saml:AttributeValue>admin</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>' +
          '</saml:Assertion>',
      );
    });

    it('returns bytes the strict parser reads back', () => {
      const data = toElementData(parseUntrustedXml(verify(signed)[0]!).root()!);
      expect(data.localName).to.equal('Assertion');
      expect(data.children.map((c) => c.localName)).to.deep.equal(['Issuer', 'Subject', 'AttributeStatement']);
    });

    it('verifies RSA-SHA512 with SHA-512 digests', () => {
      const xml = sign(assertionXml(), key.privateKey, { signatureAlgorithm: SignatureAlgorithm.RsaSha512, digestAlgorithm: DigestAlgorithm.Sha512 });
      expect(verify(xml)).to.have.length(1);
    });

    it('verifies a WS-Security signature over the Body with wsu:Id, next to another signature', () => {
      const body = sign(SOAP_MESSAGE, key.privateKey, {
        idAttribute: 'Id',
        references: ["//*[local-name(.)='Body']"],
        transforms: [EXC_C14N],
        keyInfo: STR,
        location: { reference: "//*[local-name(.)='Security']", action: 'append' },
      });
      // An unrelated signed assertion before it in the Security header: verification must use the node given.
      const withAssertion = replaceOnce(body, '<wsse:BinarySecurityToken', `${signed}<wsse:BinarySecurityToken`);
      const doc = parseUntrustedXml(withAssertion);
      const signatures = elementsNamed(doc, NS.ds, 'Signature');
      expect(signatures).to.have.length(2);
      const messageSignature = signatures[1]!;
      checkSignatureStructure(messageSignature, { maxReferences: 3, allowedTransforms: [EXC_C14N], maxTransforms: 3, keyInfo: 'one-str' });
      const references = verifySignedXml(withAssertion, messageSignature, key.publicKey, ['Id']);
      expect(references[0]).to.match(/^<s:Body /).and.to.contain('world');
    });
    it('verifies a tree parsed before other documents were (its text is remembered with the tree)', () => {
      const first = signatureIn(signed);
      for (let i = 0; i < 3; i++) parseStrictXml(assertionXml(`_other${i}`));
      expect(verifySignedXml(signed, first.signature, key.publicKey, ['ID'])).to.have.length(1);
    });
  });

  describe('refusals', () => {
    it('refuses a tampered value (checkSignature returns false, not a throw)', () => {
      rejection(() => verify(replaceOnce(signed, '>admin<', '>root<')), 'verification');
    });

    it('refuses a signature made with another key', () => {
      rejection(() => verify(sign(assertionXml(), attacker.privateKey)), 'verification');
    });

    it('never takes the key from KeyInfo (CVE-2024-32962)', () => {
      const forged = sign(assertionXml('_a1', 'root'), attacker.privateKey, {
        keyInfo: `<ds:X509Data><ds:X509Certificate>${attacker.certificateChain[0]}</ds:X509Certificate></ds:X509Data>`,
      });
      // The forgery verifies with the key it carries, so only the trusted key decides.
      expect(verify(forged, attacker.publicKey)).to.have.length(1);
      rejection(() => verify(forged), 'verification');
    });

    it('refuses RSA-SHA1 even without the structure check (pruned from the instance)', () => {
      const xml = sign(assertionXml(), key.privateKey, { signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' });
      rejection(() => verify(xml), 'verification');
    });

    it('refuses a SHA-1 digest even without the structure check', () => {
      const xml = sign(assertionXml(), key.privateKey, { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' });
      rejection(() => verify(xml), 'verification');
    });

    it('refuses exclusive c14n with comments even without the structure check', () => {
      const xml = sign(assertionXml(), key.privateKey, { canonicalizationAlgorithm: `${EXC_C14N}WithComments` });
      rejection(() => verify(xml), 'verification');
    });

    it('refuses inclusive c14n even without the structure check', () => {
      const xml = sign(assertionXml(), key.privateKey, { canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' });
      rejection(() => verify(xml), 'verification');
    });

    it('refuses a reference to an ID attribute name outside idAttributes', () => {
      rejection(() => verify(signed, key.publicKey, ['AssertionID']), 'verification');
    });

    it('refuses a document with two elements carrying the referenced ID', () => {
      const xml = replaceOnce(signed, '<saml:NameID>', '<saml:NameID xmlns:x="urn:x" x:ID="_a1">');
      rejection(() => verify(xml), 'verification');
    });

    it('refuses a key below 2048 bits', () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      rejection(() => verify(signed, publicKey), 'key');
    });

    it('refuses a key that is not RSA', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      rejection(() => verify(signed, publicKey), 'key');
    });

    it('refuses a private key where a public key belongs', () => {
      rejection(() => verify(signed, key.privateKey), 'key');
    });

    it('refuses when the text is not the document the Signature element came from', () => {
      const { signature } = signatureIn(signed);
      const other = replaceOnce(signed, '<saml:Subject>', '<saml:Advice/><saml:Subject>');
      rejection(() => verifySignedXml(other, signature, key.publicKey, ['ID']), 'document');
    });

    it('refuses text that still starts with a byte order mark (the gate strips it before libxml2 parses)', () => {
      const withBom = `\uFEFF${signed}`;
      rejection(() => verifySignedXml(withBom, signatureIn(withBom).signature, key.publicKey, ['ID']), 'document');
    });

    it('refuses a document holding a comment, even outside the signed element (the gate refuses them first)', () => {
      const withComment = `<w:Wrap xmlns:w="urn:w"><!-- not signed -->${signed}</w:Wrap>`;
      const doc = parseStrictXml(withComment);
      const signature = elementsNamed(doc, NS.ds, 'Signature')[0]!;
      expect(rejection(() => verifySignedXml(withComment, signature, key.publicKey, ['ID']), 'document').message).to.match(/comment/);
      // The same document without the comment verifies.
      const clean = withComment.replace('<!-- not signed -->', '');
      expect(verifySignedXml(clean, elementsNamed(parseStrictXml(clean), NS.ds, 'Signature')[0]!, key.publicKey, ['ID'])).to.have.length(1);
    });

    it('refuses a node that is not a ds:Signature', () => {
      const root = signatureIn(signed).doc.root()!;
      rejection(() => verifySignedXml(signed, root, key.publicKey, ['ID']), 'document');
    });

    it('refuses text the Signature\'s tree was not parsed from, even when it would not parse, before any cryptography', () => {
      // The Signature element comes from the clean twin, as a caller that mixed up two strings would pass it.
      const { signature } = signatureIn(signed);
      rejection(() => verifySignedXml(replaceOnce(signed, '>joe<', '>joe<<'), signature, key.publicKey, ['ID']), 'document');
    });

    it('throws TypeError for a prefixed or empty ID attribute list', () => {
      const { signature } = signatureIn(signed);
      expect(() => verifySignedXml(signed, signature, key.publicKey, ['wsu:Id'])).to.throw(TypeError);
      expect(() => verifySignedXml(signed, signature, key.publicKey, [])).to.throw(TypeError);
    });
  });

  it('verifies what the SAML profile check accepted, end to end', () => {
    const { signature } = signatureIn(signed);
    const structure = checkSignatureStructure(signature, SAML_SIGNATURE_PROFILE);
    expect(verifySignedXml(signed, signature, key.publicKey, ['ID'])).to.have.length(structure.referenceIds.length);
  });
});
