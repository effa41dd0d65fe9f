/**
 * The canonical-by-construction signer checked by code we did not write (issue 12), for every XML generator,
 * with and without an actor, and with hostile values in every character class exclusive c14n escapes or
 * normalises (c14n 1.0 section 2.3; XML 1.0 sections 2.11 and 3.3.3):
 * (a) xml-crypto's SignedXml verifier accepts the token;
 * (b) `xmlsec1 --verify`, key pinned to the signing certificate, accepts it;
 * (c) the bytes that were digested (the token without its Signature, pinned by DigestValue) equal xml-crypto's
 *     ExclusiveCanonicalization of the Assertion parsed from the token with the Signature removed, with the
 *     PrefixList the Reference names;
 * (d) one changed byte in an attribute value makes both refuse.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { createRequire } from 'node:module';
import { ExclusiveCanonicalization } from 'xml-crypto';
import saml11 from '@sts/saml11-generator';
import saml20 from '@sts/saml20-generator';
import { RequestFailedError, TokenType as Types, type IssueRequest, type SigningKey, type TokenGenerator } from '@sts/sdk';
import { createTestInstance, createTestSigningKeys, ManualClock, sampleIssueRequest, SAMPLE_ISSUE_INSTANT, xmlsecVerify, type XmlIdAttribute } from '@sts/sdk/testing';
import { xmlCryptoVerify } from '@sts/sdk/testing/xml';
import { CanonicalXmlSigner, el, excC14nOfElement, NS, parseStrictXml, type XmlDomElement } from '@sts/sdk/xml';

/** The part of @xmldom/xmldom used here, required so that its DOM lib typings stay out of this package's build. */
interface XmldomDocument {
  readonly documentElement: unknown;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<{ readonly parentNode: { removeChild(node: unknown): void } | null }>;
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as { DOMParser: new () => { parseFromString(xml: string, type: string): XmldomDocument } };

/** Every character class c14n escapes or normalises, and values that look like markup. */
const HOSTILE = Object.freeze({
  ampersand: 'a & b &amp; c',
  angles: '<b>bold</b> > x',
  quotes: `"double" 'single'`,
  whitespace: 'tab\there\nnew line  two spaces',
  nonAscii: 'Zoë Ångström — 中文 ﬀ',
  astral: 'clef 𝄞 smile 😀',
  markup: '<saml:Assertion ID="_evil"><![CDATA[x]]></saml:Assertion>&lt;!-- --&gt;<?pi x?>',
});
const MIXED = Object.values(HOSTILE).join('|');

interface GeneratorCase {
  readonly name: string;
  readonly definition: typeof saml20 | typeof saml11;
  readonly tokenType: string;
  readonly id: XmlIdAttribute;
  readonly recordsActor: boolean;
}

const GENERATORS: readonly GeneratorCase[] = [
  { name: 'saml20-generator', definition: saml20, tokenType: Types.Saml20, id: { name: 'ID', namespaceUri: NS.saml2, localName: 'Assertion' }, recordsActor: true },
  { name: 'saml11-generator', definition: saml11, tokenType: Types.Saml11, id: { name: 'AssertionID', namespaceUri: NS.saml1, localName: 'Assertion' }, recordsActor: false },
];

/** A fresh request with hostile values in text (subject, attribute values, audience, actor) and attributes (issuer in SAML 1.1, Recipient, Name, Format). */
function hostileRequest(tokenType: string, actor: boolean): IssueRequest {
  const valid = sampleIssueRequest({ tokenType });
  return sampleIssueRequest({
    tokenType,
    issuer: `https://sts.example.com/${MIXED}`,
    appliesTo: `https://sp.example.com/?q=${MIXED}`,
    subject: { name: MIXED, format: `${valid.subject.format}#${HOSTILE.quotes}${HOSTILE.whitespace}` },
    attributes: { ...Object.fromEntries(Object.entries(HOSTILE).map(([k, v]) => [`${k} ${v}`, [v, `${v}${v}`]])), empty: [] },
    ...(actor ? { actor: { subject: MIXED } } : {}),
  });
}

/** The one ds:Signature of a token, as emitted: our signer writes it without whitespace, and escaping keeps `<ds:Signature` out of values. */
const SIGNATURE = /<ds:Signature xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">.*?<\/ds:Signature>/s;

/** xml-crypto's exclusive c14n of the token's root with its Signature removed, as a verifier computes the digest. */
function xmlCryptoCanonical(token: string, prefixList: readonly string[]): string {
  const doc = new DOMParser().parseFromString(token, 'text/xml');
  const signature = doc.getElementsByTagNameNS(NS.ds, 'Signature')[0]!;
  signature.parentNode!.removeChild(signature);
  return new ExclusiveCanonicalization().process(doc.documentElement as never, { inclusiveNamespacesPrefixList: [...prefixList] });
}

/** One changed byte in an attribute value: the last digit of the seconds of IssueInstant. */
function tamperAttribute(token: string): string {
  const at = token.indexOf('IssueInstant="') + 'IssueInstant="'.length + 18;
  expect(token.slice(at - 18, at + 3)).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/);
  return token.slice(0, at) + (token[at] === '1' ? '2' : '1') + token.slice(at + 1);
}

describe('canonical-by-construction signer: cross-checks with xml-crypto and xmlsec1', () => {
  let key: SigningKey;
  before(async () => {
    key = (await createTestSigningKeys('cross-check-key')).get();
  });

  const createGenerator = (definition: GeneratorCase['definition']): Promise<TokenGenerator> =>
    createTestInstance(definition as never, { signer: new CanonicalXmlSigner({ get: () => key, all: () => [key] }), clock: new ManualClock(SAMPLE_ISSUE_INSTANT) }, { config: {} });

  for (const g of GENERATORS) {
    const variants = [
      { label: 'plain values', request: () => sampleIssueRequest({ tokenType: g.tokenType }) },
      { label: 'hostile values', request: () => hostileRequest(g.tokenType, false) },
      ...(g.recordsActor ? [{ label: 'hostile values and an actor (delegation Condition, PrefixList)', request: () => hostileRequest(g.tokenType, true) }] : []),
    ];
    for (const variant of variants) {
      describe(`${g.name}, ${variant.label}`, () => {
        let token: string;
        let id: string;
        let prefixList: readonly string[];
        before(async () => {
          const issued = await (await createGenerator(g.definition)).issue(variant.request());
          token = issued.xml!;
          id = issued.id;
          prefixList = /PrefixList="([^"]*)"/.exec(token)?.[1]?.split(' ') ?? [];
        });

        it('(a) xml-crypto verifies it with the certificate alone', () => {
          expect(xmlCryptoVerify(token, key.certificatePem, g.id.name)).to.equal(true);
        });

        it('(b) xmlsec1 verifies it with the key pinned', () => {
          const result = xmlsecVerify({ xml: token, certificatePem: key.certificatePem, idAttribute: g.id });
          expect(result.verdict, result.output).to.equal('OK');
        });

        it('(c) the digested bytes equal xml-crypto\'s exclusive c14n of the element', () => {
          const digested = token.replace(SIGNATURE, '');
          expect(token.match(new RegExp(SIGNATURE.source, 'gs'))).to.have.length(1);
          const digestValue = /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/.exec(token)![1];
          expect(createHash('sha256').update(digested, 'utf8').digest('base64')).to.equal(digestValue);
          expect(digested).to.equal(xmlCryptoCanonical(token, prefixList));
          if (variant.label.includes('actor')) expect(prefixList).to.deep.equal(['del']);
        });

        it('(e) the emitted token is its own exclusive canonical form, signature included: xml-crypto\'s c14n of it and excC14nOfElement of it inside an envelope give it back', () => {
          const doc = new DOMParser().parseFromString(token, 'text/xml');
          const inclusive = { inclusiveNamespacesPrefixList: [...prefixList] };
          expect(String(new ExclusiveCanonicalization().process(doc.documentElement as never, inclusive))).to.equal(token);
          const root = /^<([A-Za-z0-9]+):/.exec(token)![1]!;
          const rootNs = new RegExp(`^<${root}:[A-Za-z]+ xmlns:${root}="([^"]+)"`).exec(token)![1]!;
          // The enclosing element declares the token's own prefixes as well, as an RSTR or an RST may.
          const wrapped = `<s:Envelope xmlns:s="${NS.soap12}" xmlns:${root}="${rootNs}" xmlns:ds="${NS.ds}"><s:Body>${token}</s:Body></s:Envelope>`;
          const element = (parseStrictXml(wrapped).root()!.child(0) as XmlDomElement).child(0) as XmlDomElement;
          expect(excC14nOfElement(element, prefixList)).to.equal(token);
          expect(excC14nOfElement(parseStrictXml(tamperAttribute(token)).root()!, prefixList)).to.not.equal(token);
        });

        it('(d) one changed attribute byte makes xml-crypto and xmlsec1 refuse', () => {
          const twin = tamperAttribute(token);
          expect(twin).to.not.equal(token);
          expect(xmlCryptoVerify(twin, key.certificatePem, g.id.name)).to.equal(false);
          expect(xmlsecVerify({ xml: twin, certificatePem: key.certificatePem, idAttribute: g.id }).verdict).to.equal('FAIL');
        });

        it('still verifies inside an envelope that declares xsi and other prefixes (as the RSTR carries it)', () => {
          const wrapped = `<s:Envelope xmlns:s="${NS.soap12}" xmlns:xsi="${NS.xsi}" xmlns:xs="${NS.xs}" xmlns:ds="${NS.ds}"><s:Body>${token}</s:Body></s:Envelope>`;
          expect(xmlCryptoVerify(wrapped, key.certificatePem, g.id.name)).to.equal(true);
          const result = xmlsecVerify({ xml: wrapped, certificatePem: key.certificatePem, idAttribute: g.id });
          expect(result.verdict, result.output).to.equal('OK');
        });

        it('is byte-stable: another issue of the same request differs only in its random ID and what depends on it', async () => {
          const again = await (await createGenerator(g.definition)).issue(variant.request());
          const normalize = (xml: string, own: string) =>
            xml.replaceAll(own, '_ID').replace(/<ds:DigestValue>[^<]+/, '<ds:DigestValue>').replace(/<ds:SignatureValue>[^<]+/, '<ds:SignatureValue>');
          expect(again.id).to.not.equal(id);
          expect(normalize(again.xml!, again.id)).to.equal(normalize(token, id));
        });
      });
    }

    it(`${g.name}: a raw carriage return in a value is refused, and nothing is issued`, async () => {
      const generator = await createGenerator(g.definition);
      let issued: unknown;
      try {
        issued = await generator.issue(sampleIssueRequest({ tokenType: g.tokenType, subject: { name: 'a\rb', format: sampleIssueRequest().subject.format } }));
      } catch (error) {
        expect(error).to.be.instanceOf(RequestFailedError);
      }
      expect(issued).to.equal(undefined);
    });
  }

  describe('a tree with CR, TAB and LF in attribute and text values (the builder escapes them, c14n keeps them)', () => {
    const tree = (id: string) =>
      el('t:Token', { xmlns: { t: 'urn:example:t', u: 'urn:example:u' }, ID: id, 'u:note': 'cr\rlf\ntab\tend >', plain: '' }, [
        'text\r\nwith cr & > <',
        el('t:Empty'),
        el('u:Child', { xmlns: { t: 'urn:example:t' }, z: '1', a: '2' }, [HOSTILE.astral]),
      ]);
    const id: XmlIdAttribute = { name: 'ID', namespaceUri: 'urn:example:t', localName: 'Token' };

    it('verifies with xml-crypto and xmlsec1, and digests exactly xml-crypto\'s canonical form', () => {
      const token = new CanonicalXmlSigner({ get: () => key, all: () => [key] }).signEnveloped({
        xml: tree('_t1'),
        idAttribute: 'ID',
        location: { namespaceUri: 'urn:example:t', localName: 'Token', action: 'prepend' },
      });
      expect(token).to.include('u:note="cr&#xD;lf&#xA;tab&#x9;end >"').and.include('text&#xD;\nwith cr &amp; &gt; &lt;').and.include('<t:Empty></t:Empty>');
      expect(xmlCryptoVerify(token, key.certificatePem, 'ID')).to.equal(true);
      const result = xmlsecVerify({ xml: token, certificatePem: key.certificatePem, idAttribute: id });
      expect(result.verdict, result.output).to.equal('OK');
      expect(token.replace(SIGNATURE, '')).to.equal(xmlCryptoCanonical(token, []));
      expect(xmlsecVerify({ xml: token.replace('lf&#xA;', 'lf&#xD;'), certificatePem: key.certificatePem, idAttribute: id }).verdict).to.equal('FAIL');
    });
  });
});
