/**
 * The XML builder (`el`, `raw`, `XmlNode#toString`): what it writes, checked byte for byte and read back by the
 * strict parser, so that escaping stays complete whatever shortcut the writer takes for text with nothing to
 * escape.
 */
import { expect } from 'chai';
import { el, escapeAttribute, escapeText, parseStrictXml, raw } from '@sts/sdk/xml';

/** Every character the builder escapes, between plain text, twice over. */
const HOSTILE = 'a&b<c>d"e\tf\ng\rh & < > " \t \n \r';

describe('XML builder: escaping by construction', () => {
  it('escapes text and attribute values (XML 1.0 sections 2.11 and 3.3.3), and returns plain values as they are', () => {
    expect(escapeText(HOSTILE)).to.equal('a&amp;b&lt;c&gt;d"e\tf\ng&#13;h &amp; &lt; &gt; " \t \n &#13;');
    expect(escapeAttribute(HOSTILE)).to.equal('a&amp;b&lt;c&gt;d&quot;e&#9;f&#10;g&#13;h &amp; &lt; &gt; &quot; &#9; &#10; &#13;');
    for (const plain of ['', 'urn:example:sp', 'joe@example.com', "it's 100% plain: [x] {y} é ü 中"]) {
      expect(escapeText(plain)).to.equal(plain);
      expect(escapeAttribute(plain)).to.equal(plain);
    }
    // The same escaping on every call (a regular expression with state would alternate).
    for (let i = 0; i < 4; i++) expect(escapeText('x&y')).to.equal('x&amp;y');
  });

  it('writes declarations first, then attributes in the order given, skips undefined attributes and empty children, and closes an empty element', () => {
    const tree = el('p:Root', { xmlns: { '': 'urn:default', p: 'urn:p' }, b: 'second', a: 1, skipped: undefined }, [
      el('p:Empty'),
      null,
      false,
      undefined,
      'text',
      raw('<q:Trusted xmlns:q="urn:q">&amp;</q:Trusted>'),
    ]);
    expect(tree.toString()).to.equal(
      '<p:Root xmlns="urn:default" xmlns:p="urn:p" b="second" a="1"><p:Empty/>text<q:Trusted xmlns:q="urn:q">&amp;</q:Trusted></p:Root>',
    );
    expect(el('Leaf', {}, ['']).toString()).to.equal('<Leaf/>');
  });

  it('writes hostile text and attribute values so that the strict parser reads them back exactly', () => {
    const written = el('r:Root', { xmlns: { r: 'urn:r?a=1&b=2' }, value: HOSTILE }, [el('r:Text', {}, [HOSTILE]), HOSTILE]).toString();
    const root = parseStrictXml(written).root()!;
    expect(root.namespace()?.href()).to.equal('urn:r?a=1&b=2');
    expect(root.attr('value')?.value()).to.equal(HOSTILE);
    expect(root.childNodes().map((n) => (n.type() === 'element' ? `<${(n as { name(): string }).name()}>` : '')).join('')).to.equal('<Text>');
    expect(root.text()).to.equal(HOSTILE + HOSTILE);
  });

  it('writes only the attributes object\'s own properties, never inherited ones', () => {
    const inherited = Object.create({ injected: 'x" evil="y' }) as Record<string, string>;
    inherited['own'] = 'kept';
    const xmlns = Object.create({ evil: 'urn:evil' }) as Record<string, string>;
    xmlns['p'] = 'urn:p';
    expect(el('p:E', { ...{ xmlns }, ...inherited }).toString()).to.equal('<p:E xmlns:p="urn:p" own="kept"/>');
    expect(el('E', inherited).toString()).to.equal('<E own="kept"/>');
  });

  it('refuses a name that is not an XML name, with a TypeError, whether element, attribute or prefix', () => {
    expect(() => el('1bad')).to.throw(TypeError, /element name/);
    expect(() => el('E', { 'a b': 'x' }).toString()).to.throw(TypeError, /attribute name/);
    expect(() => el('E', { 'x"=': 'x' }).toString()).to.throw(TypeError, /attribute name/);
    expect(() => el('E', { xmlns: { 'p q': 'urn:p' } }).toString()).to.throw(TypeError, /namespace prefix/);
  });
});
