/**
 * The SDK reads libxml2's tree out of the Wasm memory by struct offsets (sdk/src/xml/read-native-tree.ts). Here
 * every document is read both ways, by those offsets (parseStrictXml) and by libxml2-wasm's own node API (the
 * way the SDK read it before, slower), and the two descriptions must be equal: names, namespaces and their
 * prefixes, declarations, attribute values, every text, CDATA and comment node, in order.
 */
import { expect } from 'chai';
import { XmlCData, XmlComment, XmlDocument as NativeDocument, XmlElement, XmlText, type XmlTreeNode } from 'libxml2-wasm';
import { TokenType } from '@sts/sdk';
import { buildIssueRequest, buildValidateRequest } from '@sts/sdk/client';
import { STRICT_PARSE_OPTIONS, checkNativeTreeLayout as checkLayout, parseStrictXml, type XmlDomElement } from '@sts/sdk/xml';
import { demoIdpAssertion } from '../../helpers/demo-tokens.js';
import { SOAP_REQUEST, nested, rejection, withAttributes, withNamespaces, withText } from './xml-fixtures.js';

type Described = [string, string | null, string | null, [string | null, string][], [string, string | null, string | null, string][], unknown[]];

/** The tree as libxml2-wasm's node API reads it. */
function describeNative(e: XmlElement): Described {
  return [
    e.name,
    e.namespaceUri || null,
    e.namespaceUri ? e.prefix || null : null,
    Object.entries(e.nsDeclarations).map(([prefix, uri]) => [prefix === '' ? null : prefix, uri]),
    e.attrs.map((a) => [a.name, a.namespaceUri || null, a.namespaceUri ? a.prefix || null : null, a.value]),
    children(e.firstChild),
  ];
}

function children(first: XmlTreeNode | null): unknown[] {
  const out: unknown[] = [];
  for (let c = first; c !== null; c = c.next) {
    if (c instanceof XmlElement) out.push(describeNative(c));
    else if (c instanceof XmlText) out.push(['text', c.content]);
    else if (c instanceof XmlCData) out.push(['cdata', c.content]);
    else if (c instanceof XmlComment) out.push(['comment', c.content]);
    else out.push(['other', c.constructor.name]);
  }
  return out;
}

/** The same description of the SDK's tree. */
function describeSdk(e: XmlDomElement): Described {
  return [
    e.name(),
    e.namespace()?.href() ?? null,
    e.namespace()?.prefix() ?? null,
    e.namespaces(true).map((n) => [n.prefix(), n.href()]),
    e.attrs().map((a) => [a.name(), a.namespace()?.href() ?? null, a.namespace()?.prefix() ?? null, a.value()]),
    e.childNodes().map((c) => (c.type() === 'element' ? describeSdk(c as XmlDomElement) : [c.type(), c.text()])),
  ];
}

function readBothWays(text: string): { sdk: Described; native: Described } {
  const native = NativeDocument.fromString(text, { option: STRICT_PARSE_OPTIONS });
  try {
    return { sdk: describeSdk(parseStrictXml(text).root()!), native: describeNative(native.root as XmlElement) };
  } finally {
    native.dispose();
  }
}

const DOCUMENTS: Record<string, string | (() => Promise<string>)> = {
  'a SOAP request with a UsernameToken': SOAP_REQUEST,
  'a Validate request carrying a signed SAML 2.0 assertion': async () =>
    buildValidateRequest({ soapVersion: '1.2', trustVersion: '1.3', endpoint: 'https://sts.example/sp/sts.wst', target: await demoIdpAssertion(new Date()), credential: { kind: 'none' } }).body,
  'an Issue request with a password': async () =>
    buildIssueRequest({ soapVersion: '1.1', trustVersion: '1.3', endpoint: 'https://sts.example/idp/sts.wst', appliesTo: 'urn:example:sp', tokenType: TokenType.Saml20, credential: { kind: 'username', username: 'joe', password: 'p<&>"\'é' } }).body,
  'a signed SAML 2.0 assertion on its own': () => demoIdpAssertion(new Date()),
  'declarations, undeclarations and redeclared prefixes': '<a xmlns="urn:d1" xmlns:p="urn:p1"><b xmlns:p="urn:p2" p:x="1"><c xmlns="urn:d2"><d xmlns=""><p:e/></d></c></b></a>',
  'two prefixes for one namespace, and one prefix for two (each element and attribute keeps the one it was read with)':
    '<a xmlns:p="urn:same" xmlns:q="urn:same"><p:b q:x="1"><q:c p:y="2" xmlns:p="urn:other"><p:d/></q:c></p:b><q:e/></a>',
  'references in attribute values and text': '<r a="&lt;&amp;&gt;&quot;&apos;&#65;&#x1F600;&#9;&#10;" b="" c="  two  spaces "> &amp;x&#x20AC;y&lt; <i>z</i>&#x10FFFF;</r>',
  'CDATA, comments and whitespace-only text': '<r>\n  <!-- a comment -->\n  <![CDATA[<not markup> & ]]]]><![CDATA[>]]>\n  <e/>\t\r\n</r>',
  'short texts libxml2 may store inside the node': '<r><a>"</a><b>\'</b><c>x</c><d> </d><e>ab</e><f>abc</f></r>',
  'non-ASCII names and text': '<réseau xmlns:ü="urn:u-ns" ü:attr="ß"><ü:日本>テキスト €</ü:日本></réseau>',
  'the xml namespace': '<r xml:lang="en" xml:space="preserve"><s xml:id="i1"/></r>',
  'deep nesting': nested(200, 'deep'),
  'many attributes': withAttributes(100, 'value &amp; more'),
  'many namespaces': withNamespaces(60),
  'a long text': withText(100_000),
};

describe('the tree read from the Wasm memory is the tree libxml2-wasm\'s API reads', () => {
  for (const [name, source] of Object.entries(DOCUMENTS)) {
    it(name, async () => {
      const text = typeof source === 'string' ? source : await source();
      const { sdk, native } = readBothWays(text);
      expect(sdk).to.deep.equal(native);
    });
  }

  it('refuses a text with a lone surrogate (it has no UTF-8) instead of replacing it', () => {
    expect(rejection(() => parseStrictXml('<r>\ud800</r>')).message).to.match(/lone surrogate/);
    expect(rejection(() => parseStrictXml('<r a="\udc00"/>')).message).to.match(/lone surrogate/);
    expect(parseStrictXml('<r>\ud83d\ude00</r>').root()!.text()).to.equal('\u{1F600}');
  });

  it('checks the struct layout at load: a probe read back as other text stops the SDK', () => {
    const parse = (text: string) => NativeDocument.fromString(text, { option: STRICT_PARSE_OPTIONS });
    expect(() => checkLayout(parse)).not.to.throw();
    // A parse answering another document stands for a libxml2 build whose fields are elsewhere.
    expect(() => checkLayout(() => parse('<p:r xmlns:p="urn:p"/>'))).to.throw(/not laid out as the SDK reads it/);
  });
});
