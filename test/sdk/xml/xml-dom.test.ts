/**
 * The SDK's parsed tree (sdk/src/xml/xml-dom.ts, read by strict-parse.ts from libxml2-wasm): what each read
 * returns, that its serialization parses back to the same tree, and that no native document outlives a parse,
 * a refused parse or a schema check.
 */
import { expect } from 'chai';
import { diag } from 'libxml2-wasm';
import { NS, XsdSchema, parseStrictXml, parseUntrustedXml, toElementData, type XmlDomElement } from '@sts/sdk/xml';
import { SOAP_REQUEST, rejection } from './xml-fixtures.js';

const at = (root: XmlDomElement, ...indexes: number[]): XmlDomElement =>
  indexes.reduce((e, i) => e.elementChildren()[i]!, root);

describe('the parsed tree (XmlDocument, XmlDomElement)', () => {
  const root = parseUntrustedXml(SOAP_REQUEST).root()!;
  const security = at(root, 0, 3);
  const password = at(security, 1, 1);

  it('names elements and attributes by local name and namespace, with the prefix as written', () => {
    expect(security.name()).to.equal('Security');
    expect(security.namespace()!.href()).to.equal(NS.wsse);
    expect(security.namespace()!.prefix()).to.equal('o');
    const mustUnderstand = security.attrs()[0]!;
    expect([mustUnderstand.name(), mustUnderstand.namespace()!.href(), mustUnderstand.value()]).to.deep.equal(['mustUnderstand', NS.soap12, '1']);
    expect(password.attr('Type')!.namespace()).to.equal(null);
    expect(mustUnderstand.node()).to.equal(security);
  });

  it('lists the bindings in scope nearest first, each prefix once, and the local ones alone with onlyLocal', () => {
    const doc = parseStrictXml('<a xmlns="urn:d1" xmlns:p="urn:p1"><b xmlns:p="urn:p2"><c xmlns="urn:d2"/></b></a>');
    const c = at(doc.root()!, 0, 0);
    expect(c.namespaces().map((n) => [n.prefix(), n.href()])).to.deep.equal([[null, 'urn:d2'], ['p', 'urn:p2']]);
    expect(c.namespaces(true).map((n) => [n.prefix(), n.href()])).to.deep.equal([[null, 'urn:d2']]);
    expect(at(doc.root()!, 0).namespaces().map((n) => n.prefix())).to.deep.equal(['p', null]);
  });

  it('finds an attribute by local name in any namespace, the first in document order (libxml2\'s xmlHasProp)', () => {
    const e = parseStrictXml(`<e xmlns:u="${NS.wsu}" u:Id="first" Id="second"/>`).root()!;
    expect(e.attr('Id')!.value()).to.equal('first');
    expect(e.attr('Id')!.namespace()!.href()).to.equal(NS.wsu);
    expect(e.attr('missing')).to.equal(null);
  });

  it('walks siblings, parents and the document', () => {
    const header = at(root, 0);
    const action = at(header, 0);
    expect(action.prevElement()).to.equal(null);
    expect(action.nextElement()!.name()).to.equal('MessageID');
    expect(at(header, 1).prevElement()).to.equal(action);
    expect(at(header, 3).nextElement()).to.equal(null);
    expect(action.parent()).to.equal(header);
    expect(root.parent().type()).to.equal('document');
    expect(action.doc().root()).to.equal(root);
    expect(root.prevElement()).to.equal(null);
  });

  it('reads text with entities and character references resolved, CDATA included, comments left out', () => {
    expect(password.text()).to.equal('p&ss<word>!');
    const e = parseStrictXml('<e>a<![CDATA[<b>]]><i>c</i><!--x-->d</e>').root()!;
    expect(e.text()).to.equal('a<b>cd');
    expect(e.childNodes().map((n) => n.type())).to.deep.equal(['text', 'cdata', 'element', 'comment', 'text']);
    expect(e.child(1)!.text()).to.equal('<b>');
    expect(e.child(9)).to.equal(null);
  });

  it('follows child steps by {namespace}name with descend, {*} matching any namespace', () => {
    expect(root.descend(`{${NS.soap12}}Header`, `{${NS.wsse}}Security`)).to.deep.equal([security]);
    expect(root.descend('{*}Header', '{*}Security', '{*}UsernameToken', '{*}Username').map((e) => e.text())).to.deep.equal(['alice']);
    expect(root.descend(`{${NS.soap11}}Header`)).to.deep.equal([]);
    expect(() => root.descend('Header')).to.throw(TypeError);
  });

  it('serializes an element with its own declarations so that it parses back to the same tree', () => {
    const hostile = '<e xmlns="urn:d" xmlns:p="urn:p" p:a="&quot;&lt;&amp;&#9;&#10;&#13;>\'" b="x"><p:i>&lt;&amp;&gt;&#13;]]&gt;</p:i><![CDATA[<raw>&]]>é</e>';
    const e = parseStrictXml(hostile).root()!;
    const again = parseStrictXml(e.toString()).root()!;
    expect(toElementData(again)).to.deep.equal(toElementData(e));
    expect(again.namespaces(true).map((n) => [n.prefix(), n.href()])).to.deep.equal([[null, 'urn:d'], ['p', 'urn:p']]);
    expect(e.toString()).to.contain('<![CDATA[<raw>&]]>');
    // A subtree does not declare again what an ancestor declared (as libxml2's xmlNodeDump).
    expect(at(root, 0, 0).toString()).to.match(/^<a:Action s:mustUnderstand="1">/);
  });

  it('refuses a namespace name that is not an absolute URI, and accepts xmlns="" undeclaring the default', () => {
    expect(rejection(() => parseStrictXml('<r xmlns:a="relative/path"/>')).message).to.contain('not an absolute URI');
    expect(rejection(() => parseStrictXml('<r xmlns="relative"/>')).code).to.equal('malformed');
    const inner = at(parseStrictXml('<r xmlns="urn:d"><i xmlns=""/></r>').root()!, 0);
    expect(inner.namespace()).to.equal(null);
  });

  it('parses a declared ISO-8859-1 text as the characters it holds (the encoding hint is ignored: the text is a string)', () => {
    expect(parseStrictXml('<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>').root()!.text()).to.equal('é');
  });
});

describe('entities, without the byte gate in front (defence in depth: the gate refuses every DOCTYPE)', () => {
  it('refuses an external entity and does not read the file (XML_PARSE_NO_XXE, no entity substitution)', () => {
    const error = rejection(() => parseStrictXml('<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'));
    expect(error.code).to.equal('malformed');
    expect(error.message).to.not.contain('root:');
  });

  it('does not load an external DTD (no XML_PARSE_DTDLOAD): nothing of it reaches the tree', () => {
    const doc = parseStrictXml('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>x</r>');
    expect(doc.root()!.text()).to.equal('x');
  });

  const laughs = '<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' +
      '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><r>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</r>';
  it('refuses a billion-laughs document (libxml2\'s amplification limit or the entity node, whichever comes first)', () => {
    expect(rejection(() => parseStrictXml(laughs)).code).to.equal('malformed');
  });

  it('and the gate refuses all three before a parser runs', () => {
    for (const text of ['<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>', '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>x</r>', laughs]) {
      expect(rejection(() => parseUntrustedXml(text)).code).to.equal('doctype');
    }
  });
});

describe('one tree for one text, read-only', () => {
  it('gives the same tree for the same text again, and a new one for another text', () => {
    const text = `<r xmlns="urn:t">${Math.random()}</r>`;
    const first = parseStrictXml(text);
    expect(parseStrictXml(`${text}`)).to.equal(first);
    expect(parseStrictXml(text.replace('<r ', '<r a="1" '))).to.not.equal(first);
    expect(parseStrictXml(text)).to.not.equal(first); // only the last text is kept
  });

  it('does not remember a refusal: the same bad text is refused again, not answered with the last tree', () => {
    parseStrictXml('<ok/>');
    expect(rejection(() => parseStrictXml('<p:r/>')).code).to.equal('malformed');
    expect(rejection(() => parseStrictXml('<p:r/>')).code).to.equal('malformed');
  });

  it('lists the element children alone, in document order, as one list kept since the parse', () => {
    const r = parseStrictXml('<r>a<x/><!--c--><y><z/></y><![CDATA[d]]><x/>e</r>').root()!;
    expect(r.elementChildren().map((e) => e.name())).to.deep.equal(['x', 'y', 'x']);
    expect(r.elementChildren().map((e) => e.index)).to.deep.equal([1, 3, 5]);
    expect(r.elementChildren()).to.equal(r.elementChildren());
    expect(r.elementChildren()[1]!.elementChildren().map((e) => e.name())).to.deep.equal(['z']);
    expect(r.elementChildren()[0]!.elementChildren()).to.deep.equal([]);
  });

  it('cannot be changed: builder methods throw, lists and nodes are frozen', () => {
    const doc = parseStrictXml('<r a="1"><i>t</i></r>');
    const r = doc.root()!;
    expect(() => r.append(r.elementChildren()[0]!)).to.throw(TypeError, /read-only/);
    expect(() => r.setNamespace(null)).to.throw(TypeError, /read-only/);
    expect(() => doc.setRoot(r)).to.throw(TypeError, /read-only/);
    expect(() => (r.childNodes() as XmlDomElement[]).push(r)).to.throw(TypeError);
    expect(() => (r.elementChildren() as XmlDomElement[]).push(r)).to.throw(TypeError);
    expect(Object.isFrozen(r) && Object.isFrozen(r.attrs()[0]) && Object.isFrozen(r.child(0)) && Object.isFrozen(doc)).to.equal(true);
    expect(r.childNodes()).to.have.length(1);
  });

  it('gives an element without children, attributes or declarations frozen empty lists, and the next element its own filled ones', () => {
    const doc = parseStrictXml('<r><e/><f xmlns:p="urn:p" p:a="1">t<g/></f></r>');
    const [e, f] = doc.root()!.elementChildren();
    for (const list of [e!.childNodes(), e!.elementChildren(), e!.attrs(), e!.namespaces(true)]) expect(list).to.deep.equal([]);
    for (const list of [e!.childNodes(), e!.elementChildren(), e!.attrs()]) {
      expect(Object.isFrozen(list)).to.equal(true);
      expect(() => (list as unknown[]).push(f)).to.throw(TypeError);
    }
    expect(f!.childNodes().map((n) => n.type())).to.deep.equal(['text', 'element']);
    expect(f!.elementChildren().map((n) => n.name())).to.deep.equal(['g']);
    expect(f!.attrs().map((a) => a.value())).to.deep.equal(['1']);
    expect(f!.namespaces(true).map((n) => n.href())).to.deep.equal(['urn:p']);
    expect(e!.childNodes()).to.deep.equal([]);
  });
});

describe('no native document outlives a call', () => {
  const schema = XsdSchema.fromString(
    `<xs:schema xmlns:xs="${NS.xs}" targetNamespace="urn:t" elementFormDefault="qualified"><xs:element name="r" type="xs:int"/></xs:schema>`,
  );
  // diag.report(): per class, the instances created since diagnostics were enabled and not disposed yet.
  const undisposed = (): number =>
    Object.values((diag.report() ?? {}) as Record<string, { totalInstances: number }>).reduce((n, c) => n + c.totalInstances, 0);
  before(() => diag.configure({ enabled: true }));
  after(() => {
    diag.configure({ enabled: false });
    schema.dispose();
  });

  it('frees the document after a parse, a refused parse, a passing and a failing schema check', () => {
    // A text of its own: the parser's last text would be answered without a native document.
    parseUntrustedXml(SOAP_REQUEST.replace('alice', `alice-${Math.random()}`));
    rejection(() => parseStrictXml('<r><?pi x?></r>'));
    rejection(() => parseStrictXml('<r xmlns:a="rel"/>'));
    rejection(() => parseStrictXml('<r></s>'));
    expect(schema.problems('<r xmlns="urn:t">1</r>')).to.deep.equal([]);
    expect(schema.problems('<r xmlns="urn:t">one</r>')[0]).to.contain("'one' is not a valid value");
    expect(undisposed()).to.equal(0);
  });

  it('counts a document that is not freed (the check above can fail)', async () => {
    const { XmlDocument } = await import('libxml2-wasm');
    const leaked = XmlDocument.fromString('<r/>');
    try {
      expect(undisposed()).to.equal(1);
    } finally {
      leaked.dispose();
    }
  });
});
