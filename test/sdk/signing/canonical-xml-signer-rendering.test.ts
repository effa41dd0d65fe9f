/**
 * The exclusive c14n rendering of CanonicalXmlSigner on trees that exercise each rule of Exclusive XML
 * Canonicalization 1.0 section 3 and Canonical XML 1.0 section 2 (default namespace and its undeclaration,
 * declarations pushed down to where they are used, redeclared prefixes, attribute order by namespace URI,
 * xml:* attributes, inclusive prefixes), each checked by xml-crypto's canonicalizer and verifier and by
 * xmlsec1; and what the signer refuses instead of signing something a verifier would read differently.
 */
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { ExclusiveCanonicalization } from 'xml-crypto';
import type { SignatureLocation, SigningKey } from '@sts/sdk';
import { createTestSigningKeys, xmlsecVerify } from '@sts/sdk/testing';
import { xmlCryptoVerify } from '@sts/sdk/testing/xml';
import { CanonicalXmlSigner, el, raw, type XmlNode } from '@sts/sdk/xml';

interface XmldomDocument {
  readonly documentElement: unknown;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<{ readonly parentNode: { removeChild(node: unknown): void } | null }>;
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as { DOMParser: new () => { parseFromString(xml: string, type: string): XmldomDocument } };

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SIGNATURE = /<ds:Signature xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">.*?<\/ds:Signature>/s;

function xmlCryptoCanonical(token: string, prefixList: readonly string[] = []): string {
  const doc = new DOMParser().parseFromString(token, 'text/xml');
  const signature = doc.getElementsByTagNameNS(DS, 'Signature')[0]!;
  signature.parentNode!.removeChild(signature);
  return new ExclusiveCanonicalization().process(doc.documentElement as never, { inclusiveNamespacesPrefixList: [...prefixList] });
}

describe('CanonicalXmlSigner: exclusive c14n rendering checked by xml-crypto and xmlsec1', () => {
  let key: SigningKey;
  let signer: CanonicalXmlSigner;
  before(async () => {
    key = (await createTestSigningKeys('render-key')).get();
    signer = new CanonicalXmlSigner({ get: () => key, all: () => [key] });
  });

  const signTree = (tree: XmlNode, prefixes?: readonly string[], location: SignatureLocation = { namespaceUri: 'urn:r', localName: 'r', action: 'prepend' }) =>
    signer.signEnveloped({ xml: tree, idAttribute: 'ID', location, ...(prefixes === undefined ? {} : { inclusiveNamespacePrefixes: prefixes }) });

  /** Signs, then checks (a) xml-crypto, (b) xmlsec1, (c) digested bytes = xml-crypto's c14n; returns the token. */
  function crossChecked(tree: XmlNode, prefixes: readonly string[] = [], location?: Parameters<typeof signTree>[2]): string {
    const token = signTree(tree, prefixes.length === 0 ? undefined : prefixes, location);
    expect(xmlCryptoVerify(token, key.certificatePem, 'ID'), 'xml-crypto').to.equal(true);
    const result = xmlsecVerify({ xml: token, certificatePem: key.certificatePem, idAttribute: { name: 'ID', namespaceUri: 'urn:r', localName: 'r' } });
    expect(result.verdict, result.output).to.equal('OK');
    expect(token.replace(SIGNATURE, '')).to.equal(xmlCryptoCanonical(token, prefixes));
    return token.replace(SIGNATURE, '');
  }

  it('renders the default namespace where used and undeclares it for a child in no namespace', () => {
    const canonical = crossChecked(el('r', { xmlns: { '': 'urn:r' }, ID: '_r1' }, [el('c', { xmlns: { '': '' } }, [el('d')]), el('e')]));
    expect(canonical).to.equal('<r xmlns="urn:r" ID="_r1"><c xmlns=""><d></d></c><e></e></r>');
  });

  it('pushes an unused declaration down to the element that uses it, and renders a redeclared prefix again', () => {
    const tree = el('p:r', { xmlns: { p: 'urn:r', u: 'urn:u' }, ID: '_r2' }, [
      el('p:a', {}, [el('u:b', {}, ['x'])]),
      el('p:c', { xmlns: { u: 'urn:other' } }, [el('u:d'), el('p:e', {}, [el('u:f')])]),
    ]);
    const canonical = crossChecked(tree, [], { namespaceUri: 'urn:r', localName: 'r', action: 'append' });
    expect(canonical).to.equal(
      '<p:r xmlns:p="urn:r" ID="_r2"><p:a><u:b xmlns:u="urn:u">x</u:b></p:a>' +
        '<p:c><u:d xmlns:u="urn:other"></u:d><p:e><u:f xmlns:u="urn:other"></u:f></p:e></p:c></p:r>',
    );
  });

  it('sorts declarations by prefix and attributes by namespace URI, then local name (unqualified first)', () => {
    const tree = el('p:r', { xmlns: { p: 'urn:r', b: 'urn:a', a: 'urn:z' }, 'a:k': '1', ID: '_r3', 'b:m': '2', zeta: '3', 'xml:lang': 'en', Alpha: '4' });
    const canonical = crossChecked(tree);
    expect(canonical).to.equal(
      '<p:r xmlns:a="urn:z" xmlns:b="urn:a" xmlns:p="urn:r" Alpha="4" ID="_r3" zeta="3" xml:lang="en" b:m="2" a:k="1"></p:r>',
    );
  });

  it('renders a listed inclusive prefix where it is declared even when no name uses it', () => {
    const tree = el('p:r', { xmlns: { p: 'urn:r', q: 'urn:q', unused: 'urn:unused' }, ID: '_r4' }, [el('p:c', { type: 'q:T' })]);
    expect(crossChecked(tree, ['q'])).to.equal('<p:r xmlns:p="urn:r" xmlns:q="urn:q" ID="_r4"><p:c type="q:T"></p:c></p:r>');
    expect(crossChecked(tree)).to.equal('<p:r xmlns:p="urn:r" ID="_r4"><p:c type="q:T"></p:c></p:r>');
  });

  it('places the signature inside a child element when the location names the child', () => {
    const tree = el('p:r', { xmlns: { p: 'urn:r' }, ID: '_r5' }, [el('p:a'), el('p:b', {}, ['t'])]);
    const token = signTree(tree, undefined, { namespaceUri: 'urn:r', localName: 'b', action: 'append' });
    expect(token).to.match(/^<p:r xmlns:p="urn:r" ID="_r5"><p:a><\/p:a><p:b>t<ds:Signature /);
    expect(xmlCryptoVerify(token, key.certificatePem, 'ID')).to.equal(true);
  });

  describe('refuses instead of signing', () => {
    const refused: [string, () => XmlNode, RegExp][] = [
      ['an unbound prefix', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x' }, [el('q:c')]), /unbound namespace prefix/],
      ['an unbound attribute prefix', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x', 'q:a': '1' }), /unbound namespace prefix/],
      ['trusted raw markup it cannot canonicalize', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x' }, [raw('<p:c/>')]), /raw markup/],
      ['a declaration written as an attribute', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x', 'xmlns:q': 'urn:q' }), /xmlns map/],
      ['two attributes with one expanded name', () => el('p:r', { xmlns: { p: 'urn:r', q: 'urn:r' }, ID: '_x', 'p:a': '1', 'q:a': '2' }), /repeated/],
      ['a C0 control in text', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x' }, ['a\u0001b']), /cannot be signed/],
      ['a lone surrogate in an attribute', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x', a: 'a\uD800b' }), /cannot be signed/],
      ['U+2028, which xmldom turns into a line feed', () => el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x' }, ['a\u2028b']), /cannot be signed/],
      ['a namespace URI xml-crypto and xmlsec1 would render differently', () => el('p:r', { xmlns: { p: 'urn:r?a&b' }, ID: '_x' }), /not signable/],
      ['a prefix bound to the empty URI', () => el('p:r', { xmlns: { p: 'urn:r', q: '' }, ID: '_x' }), /empty URI/],
    ];
    for (const [what, tree, message] of refused) {
      it(what, () => {
        expect(() => signTree(tree(), undefined, { namespaceUri: 'urn:r', localName: 'r', action: 'prepend' })).to.throw(TypeError, message);
      });
    }

    it('a key that is not RSA (the SignatureMethod says rsa-sha256)', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const ecKey = { ...key, kid: 'ec', privateKey: ec.privateKey, publicKey: ec.publicKey };
      const ecSigner = new CanonicalXmlSigner({ get: () => ecKey, all: () => [ecKey] });
      expect(() => ecSigner.signEnveloped({ xml: el('p:r', { xmlns: { p: 'urn:r' }, ID: '_x' }), idAttribute: 'ID', location: { namespaceUri: 'urn:r', localName: 'r', action: 'prepend' } })).to.throw(
        TypeError,
        /not an RSA key/,
      );
    });

    it('a comment or processing instruction in a string to sign (c14n without comments would drop it unsigned)', () => {
      const sign = (xml: string) => signer.signEnveloped({ xml, idAttribute: 'ID', location: { namespaceUri: 'urn:r', localName: 'r', action: 'prepend' } });
      expect(sign('<r xmlns="urn:r" ID="_ok">a</r>')).to.include('<r xmlns="urn:r" ID="_ok"><ds:Signature');
      expect(() => sign('<r xmlns="urn:r" ID="_x">a<!-- c -->b</r>')).to.throw(TypeError, /comment node cannot be signed/);
      expect(() => sign('<r xmlns="urn:r" ID="_x">a<?pi x?>b</r>')).to.throw(TypeError, /cannot be signed/);
    });
  });
});
