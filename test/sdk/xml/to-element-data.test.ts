/**
 * The plain-data element form (security-rules.md section 3.1 rule 4) and the gated parse in front of it.
 * The refusal tests parse with `parseStrictXml` directly, skipping the gate, to build the trees the gate makes
 * impossible.
 */
import { expect } from 'chai';
import {
  DEFAULT_XML_LIMITS,
  NS,
  attributeValue,
  childElements,
  parseStrictXml,
  parseUntrustedXml,
  toElementData,
} from '@sts/sdk/xml';
import type { XmlDomElement, XmlElementData } from '@sts/sdk/xml';
import { SOAP_REQUEST, rejection } from './xml-fixtures.js';

function rootOf(text: string): XmlDomElement {
  const root = parseStrictXml(text).root();
  if (root === null) throw new Error('no root');
  return root;
}

function only(parent: XmlElementData, namespaceUri: string, localName: string): XmlElementData {
  const found = childElements(parent, namespaceUri, localName);
  expect(found, `${localName} children`).to.have.length(1);
  return found[0]!;
}

describe('toElementData', () => {
  describe('conversion of a SOAP request', () => {
    const envelope = toElementData(rootOf(SOAP_REQUEST));

    it('gives each element its namespace URI and local name', () => {
      expect(envelope.namespaceUri).to.equal(NS.soap12);
      expect(envelope.localName).to.equal('Envelope');
      expect(envelope.children.map((c) => c.localName)).to.deep.equal(['Header', 'Body']);
    });

    it('keys a namespaced attribute by {namespaceUri}localName and a plain one by its local name', () => {
      const header = only(envelope, NS.soap12, 'Header');
      const action = only(header, NS.wsa, 'Action');
      expect(action.attributes).to.deep.equal({ [`{${NS.soap12}}mustUnderstand`]: '1' });
      expect(attributeValue(action, 'mustUnderstand', NS.soap12)).to.equal('1');
      const security = only(header, NS.wsse, 'Security');
      const password = only(only(security, NS.wsse, 'UsernameToken'), NS.wsse, 'Password');
      expect(attributeValue(password, 'Type')).to.equal(
        'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText',
      );
    });

    it('does not list namespace declarations as attributes', () => {
      expect(envelope.attributes).to.deep.equal({});
    });

    it('reads text with the predefined entities and character references resolved', () => {
      const security = only(only(envelope, NS.soap12, 'Header'), NS.wsse, 'Security');
      const password = only(only(security, NS.wsse, 'UsernameToken'), NS.wsse, 'Password');
      expect(password.text).to.equal('p&ss<word>!');
    });

    it('appends CDATA content to the element text', () => {
      const rst = only(only(envelope, NS.soap12, 'Body'), NS.wst13, 'RequestSecurityToken');
      expect(only(rst, NS.wst13, 'Claims').text).to.equal('raw <claims> & more');
    });

    it('keeps only an element’s own text, not its descendants’', () => {
      const data = toElementData(rootOf('<r>a<b>inner</b>c<![CDATA[d]]></r>'));
      expect(data.text).to.equal('acd');
      expect(data.children[0]!.text).to.equal('inner');
    });

    it('freezes the element, its attributes and its children, all the way down', () => {
      const body = only(envelope, NS.soap12, 'Body');
      for (const data of [envelope, body, body.children[0]!]) {
        expect(Object.isFrozen(data)).to.equal(true);
        expect(Object.isFrozen(data.attributes)).to.equal(true);
        expect(Object.isFrozen(data.children)).to.equal(true);
      }
    });

    it('gives an element without a namespace the empty namespace URI', () => {
      expect(toElementData(rootOf('<r a="1"/>'))).to.deep.include({ namespaceUri: '', localName: 'r', text: '' });
    });
  });

  describe('attributes as data', () => {
    it('keeps an attribute named __proto__ as an ordinary entry', () => {
      const data = toElementData(rootOf('<r __proto__="x" constructor="y"/>'));
      expect(Object.keys(data.attributes)).to.deep.equal(['__proto__', 'constructor']);
      expect(data.attributes['__proto__']).to.equal('x');
      expect(Object.getPrototypeOf(data.attributes)).to.equal(null);
    });

    it('reads a missing attribute named like an Object method as undefined', () => {
      const data = toElementData(rootOf('<r a="1"/>'));
      expect(attributeValue(data, 'constructor')).to.equal(undefined);
      expect(attributeValue(data, 'toString')).to.equal(undefined);
    });
  });

  describe('nodes the gate makes impossible (malformed)', () => {
    it('accepts the element once the odd node is gone', () => {
      expect(toElementData(rootOf('<r>alice</r>')).text).to.equal('alice');
    });

    it('refuses a comment child', () => {
      const error = rejection(() => toElementData(rootOf('<r>ali<!-- x -->ce</r>')));
      expect(error.code).to.equal('malformed');
      expect(error.message).to.contain('comment');
    });

    // The strict parse does not build a tree with these at all (sdk/src/xml/strict-parse.ts): it refuses them
    // while reading libxml2's document, before anything can touch them.
    it('refuses a processing-instruction child (at the parse)', () => {
      const error = rejection(() => rootOf('<r><?p ali?>ce</r>'));
      expect(error.code).to.equal('malformed');
      expect(error.message).to.contain('"pi"');
    });

    it('refuses an entity reference before touching it (CVE-2024-34393 layout; at the parse)', () => {
      const error = rejection(() => rootOf('<!DOCTYPE r [<!ENTITY e "<b x=\'1\'>t</b>">]><r>&e;</r>'));
      expect(error.code).to.equal('malformed');
      expect(error.message).to.contain('"entity_ref"');
    });

    it('refuses an odd node deep in the tree', () => {
      expect(rejection(() => toElementData(rootOf('<r><a><b><!--x--></b></a></r>'))).code).to.equal('malformed');
    });

    it('refuses a node that is not an element as its argument', () => {
      const text = rootOf('<r>t</r>').childNodes()[0] as unknown as XmlDomElement;
      expect(rejection(() => toElementData(text)).code).to.equal('malformed');
    });
  });
});

describe('parseUntrustedXml', () => {
  it('parses a SOAP request given as bytes', () => {
    const doc = parseUntrustedXml(Buffer.from(SOAP_REQUEST));
    expect(toElementData(doc.root()!).localName).to.equal('Envelope');
  });

  it('refuses by the byte gate before parsing', () => {
    expect(rejection(() => parseUntrustedXml('<r><?p ali?>ce</r>')).code).to.equal('processing-instruction');
    expect(rejection(() => parseUntrustedXml('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>')).code).to.equal('doctype');
  });

  it('refuses input the gate lets through but the strict parser does not', () => {
    expect(rejection(() => parseUntrustedXml('<r></s>')).code).to.equal('malformed');
    expect(rejection(() => parseUntrustedXml('<p:r/>')).code).to.equal('malformed');
    expect(rejection(() => parseUntrustedXml('<r/><r/>')).code).to.equal('malformed');
    expect(rejection(() => parseUntrustedXml('<r>&undefined;</r>')).code).to.equal('malformed');
    expect(rejection(() => parseUntrustedXml('<?xml version="1.1"?><r/>')).code).to.equal('malformed');
    expect(rejection(() => parseUntrustedXml('<r xmlns:a="relative"/>')).message).to.contain('not an absolute URI');
    expect(rejection(() => parseUntrustedXml('<r xmlns="urn:a b"/>')).code).to.equal('malformed');
  });

  it('passes the caller’s limits to the gate', () => {
    expect(parseUntrustedXml('<a><b/></a>', { ...DEFAULT_XML_LIMITS, maxDepth: 2 }).root()!.name()).to.equal('a');
    const error = rejection(() => parseUntrustedXml('<a><b/></a>', { ...DEFAULT_XML_LIMITS, maxDepth: 1 }));
    expect(error.code).to.equal('depth');
  });
});
