/**
 * The byte gate (security-rules.md section 3.1 rule 1). Each rule starts from input the gate accepts and changes
 * one thing; each cap is accepted at its limit and refused one past it.
 */
import { expect } from 'chai';
import { DEFAULT_XML_LIMITS, gateXmlBytes, XmlRejectedError } from '@sts/sdk/xml';
import type { XmlLimits } from '@sts/sdk/xml';
import {
  SOAP_REQUEST,
  gateOutcome,
  nested,
  rejection,
  withAttributes,
  withElements,
  withNamespaces,
  withText,
} from './xml-fixtures.js';

const LIMITS = DEFAULT_XML_LIMITS;

describe('gateXmlBytes', () => {
  describe('valid input', () => {
    it('returns a SOAP request given as bytes unchanged, as a string', () => {
      expect(gateXmlBytes(Buffer.from(SOAP_REQUEST, 'utf8'))).to.equal(SOAP_REQUEST);
    });

    it('returns a SOAP request given as a string unchanged', () => {
      expect(gateXmlBytes(SOAP_REQUEST)).to.equal(SOAP_REQUEST);
    });

    it('strips one leading UTF-8 byte order mark', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SOAP_REQUEST)]);
      expect(gateXmlBytes(bytes)).to.equal(SOAP_REQUEST);
    });

    it('strips a leading U+FEFF from a string as a byte order mark', () => {
      expect(gateXmlBytes(`\uFEFF${SOAP_REQUEST}`)).to.equal(SOAP_REQUEST);
    });

    it('keeps multi-byte UTF-8 and astral characters', () => {
      const text = '<名前 属性="é">Zoë 😀 ñ</名前>';
      expect(gateXmlBytes(Buffer.from(text))).to.equal(text);
      expect(gateXmlBytes(text)).to.equal(text);
    });

    it('has frozen default limits with the documented values', () => {
      expect(DEFAULT_XML_LIMITS).to.deep.equal({
        maxBytes: 262_144,
        maxDepth: 64,
        maxAttributesPerElement: 64,
        maxNamespaceDeclarationsPerElement: 32,
        maxElements: 4_000,
        maxTextLength: 65_536,
      });
      expect(Object.isFrozen(DEFAULT_XML_LIMITS)).to.equal(true);
    });
  });

  describe('size (too-large)', () => {
    /** `<r v="xxx…"/>` of exactly `bytes` bytes: the padding is an attribute value, so no other cap applies. */
    const ofSize = (bytes: number) => `<r v="${'x'.repeat(bytes - 9)}"/>`;

    it('accepts a request of exactly maxBytes bytes', () => {
      expect(Buffer.byteLength(ofSize(LIMITS.maxBytes))).to.equal(LIMITS.maxBytes);
      expect(gateOutcome(Buffer.from(ofSize(LIMITS.maxBytes)))).to.equal('accepted');
    });

    it('refuses a request one byte over maxBytes', () => {
      expect(gateOutcome(Buffer.from(ofSize(LIMITS.maxBytes + 1)))).to.equal('too-large');
    });

    it('counts the byte order mark towards the size', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ofSize(LIMITS.maxBytes - 2))]);
      expect(gateOutcome(bytes)).to.equal('too-large');
    });

    it('measures a string in UTF-8 bytes, not in characters', () => {
      const atLimit = `<r v="x${'é'.repeat((LIMITS.maxBytes - 10) / 2)}"/>`;
      expect(atLimit.length).to.be.below(LIMITS.maxBytes);
      expect(gateOutcome(atLimit)).to.equal('accepted');
      expect(gateOutcome(atLimit.replace('v="x', 'v="xx'))).to.equal('too-large');
    });

    it('names the limit and the observed size in the message', () => {
      const error = rejection(() => gateXmlBytes(Buffer.from(ofSize(LIMITS.maxBytes + 1))));
      expect(error.message).to.contain('262145').and.contain('262144');
    });

    it('refuses the size before looking at anything else', () => {
      expect(gateOutcome(Buffer.from(`<!DOCTYPE a>${ofSize(LIMITS.maxBytes)}`))).to.equal('too-large');
    });
  });

  describe('empty input (empty)', () => {
    it('refuses zero bytes and the empty string', () => {
      expect(gateOutcome('<r/>')).to.equal('accepted');
      expect(gateOutcome(Buffer.alloc(0))).to.equal('empty');
      expect(gateOutcome('')).to.equal('empty');
    });

    it('refuses input made only of XML whitespace', () => {
      expect(gateOutcome(' \t\r\n<r/>')).to.equal('accepted');
      expect(gateOutcome(' \t\r\n')).to.equal('empty');
    });

    it('refuses a lone byte order mark', () => {
      expect(gateOutcome(Buffer.from([0xef, 0xbb, 0xbf]))).to.equal('empty');
    });
  });

  describe('encoding', () => {
    /** `<r>` + the given bytes + `</r>`. */
    const inElement = (...bytes: number[]) =>
      Buffer.concat([Buffer.from('<r>'), Buffer.from(bytes), Buffer.from('</r>')]);

    it('refuses bytes that are not well-formed UTF-8', () => {
      expect(gateOutcome(inElement(0xc3, 0xa9))).to.equal('accepted'); // é in UTF-8
      expect(gateOutcome(inElement(0xe9))).to.equal('encoding'); // é in Latin-1
      expect(gateOutcome(inElement(0xc0, 0xaf))).to.equal('encoding'); // overlong "/"
      expect(gateOutcome(inElement(0xed, 0xa0, 0x80))).to.equal('encoding'); // a surrogate, encoded
      expect(gateOutcome(inElement(0xf4, 0x90, 0x80, 0x80))).to.equal('encoding'); // above U+10FFFF
      expect(gateOutcome(Buffer.from([0x3c, 0x72, 0x3e, 0xc3]))).to.equal('encoding'); // truncated sequence
    });

    it('refuses UTF-16 with a byte order mark, little- and big-endian', () => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r/>', 'utf16le')]);
      const be = Buffer.from(le.subarray(2)).swap16();
      expect(gateOutcome(le)).to.equal('encoding');
      expect(gateOutcome(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).to.equal('encoding');
    });

    it('refuses UTF-16 without a byte order mark', () => {
      expect(gateOutcome(Buffer.from('<r/>', 'utf16le'))).to.equal('encoding');
      expect(gateOutcome(Buffer.from('<r/>', 'utf16le').swap16())).to.equal('encoding');
    });

    it('refuses UTF-32 byte order marks', () => {
      expect(gateOutcome(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00]))).to.equal('encoding');
      expect(gateOutcome(Buffer.from([0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x3c]))).to.equal('encoding');
    });

    it('accepts an XML declaration that names UTF-8 in any case', () => {
      expect(gateOutcome('<?xml version="1.0" encoding="UTF-8"?><r/>')).to.equal('accepted');
      expect(gateOutcome("<?xml version='1.0' encoding = 'utf-8' standalone='yes' ?><r/>")).to.equal('accepted');
      expect(gateOutcome('<?xml version="1.0"?><r/>')).to.equal('accepted');
    });

    it('refuses an XML declaration that names another encoding', () => {
      expect(gateOutcome('<?xml version="1.0" encoding="ISO-8859-1"?><r/>')).to.equal('encoding');
      expect(gateOutcome('<?xml version="1.0" encoding="UTF-16"?><r/>')).to.equal('encoding');
      expect(gateOutcome('<?xml version="1.0" encoding="utf8"?><r/>')).to.equal('encoding');
    });

    it('refuses another encoding in bytes that start with a UTF-8 byte order mark', () => {
      const declared = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r/>');
      expect(gateOutcome(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), declared]))).to.equal('encoding');
    });

    it('refuses an XML declaration whose pseudo-attribute value could hide its end', () => {
      expect(gateOutcome('<?xml version="1.0" encoding="UTF-8?>"?><r/>')).to.equal('malformed');
    });
  });

  describe('DOCTYPE and entity declarations (doctype)', () => {
    it('refuses a DOCTYPE', () => {
      expect(gateOutcome('<r>a</r>')).to.equal('accepted');
      expect(gateOutcome('<!DOCTYPE r><r>a</r>')).to.equal('doctype');
    });

    it('refuses an internal subset with an entity declaration', () => {
      expect(gateOutcome('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>')).to.equal('doctype');
    });

    it('refuses <!ENTITY on its own', () => {
      expect(gateOutcome('<r><!ENTITY e "x"></r>')).to.equal('doctype');
    });

    it('refuses <!DOCTYPE even inside a CDATA section', () => {
      expect(gateOutcome('<r><![CDATA[text]]></r>')).to.equal('accepted');
      expect(gateOutcome('<r><![CDATA[<!DOCTYPE r>]]></r>')).to.equal('doctype');
    });

    it('refuses other markup declarations', () => {
      expect(gateOutcome('<r><!ELEMENT r ANY></r>')).to.equal('doctype');
      expect(gateOutcome('<r><![INCLUDE[x]]></r>')).to.equal('doctype');
    });
  });

  describe('processing instructions (processing-instruction)', () => {
    it('refuses a PI inside text, the xml-crypto canonicalization trick', () => {
      expect(gateOutcome('<U>alice</U>')).to.equal('accepted');
      expect(gateOutcome('<U><?p ali?>ce</U>')).to.equal('processing-instruction');
    });

    it('refuses a PI before the root element', () => {
      expect(gateOutcome('<?xml version="1.0"?><?xml-stylesheet href="a"?><r/>')).to.equal('processing-instruction');
    });

    it('refuses a PI at offset 0 that only looks like an XML declaration', () => {
      expect(gateOutcome('<?xml-stylesheet href="a"?><r/>')).to.equal('processing-instruction');
      expect(gateOutcome('<?xml?><r/>')).to.equal('processing-instruction');
    });

    it('refuses an XML declaration that is not at offset 0', () => {
      expect(gateOutcome(' <?xml version="1.0"?><r/>')).to.equal('processing-instruction');
      expect(gateOutcome('<r/><?xml version="1.0"?>')).to.equal('processing-instruction');
    });

    it('accepts an XML declaration right after a UTF-8 byte order mark', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0"?><r/>')]);
      expect(gateOutcome(bytes)).to.equal('accepted');
    });

    it('refuses a PI inside a CDATA section', () => {
      expect(gateOutcome('<r><![CDATA[<?p x?>]]></r>')).to.equal('processing-instruction');
    });
  });

  describe('comments (comment)', () => {
    it('refuses a comment inside signed-looking text', () => {
      expect(gateOutcome('<NameID>admin@x.evil.com</NameID>')).to.equal('accepted');
      expect(gateOutcome('<NameID>admin@x<!---->.evil.com</NameID>')).to.equal('comment');
    });

    it('refuses a comment before the root element', () => {
      expect(gateOutcome('<!-- hello --><r/>')).to.equal('comment');
    });
  });

  describe('forbidden characters (forbidden-character)', () => {
    const valid = '<r a="1 2">ops\nadmin</r>';

    it('accepts TAB, LF and CR', () => {
      expect(gateOutcome('<r a="\t">\t\r\n</r>')).to.equal('accepted');
    });

    it('refuses U+2028 in text, the xmldom line-end differential', () => {
      expect(gateOutcome(valid)).to.equal('accepted');
      expect(gateOutcome(valid.replace('\n', '\u2028'))).to.equal('forbidden-character');
    });

    it('refuses U+2029', () => {
      expect(gateOutcome(valid.replace('\n', '\u2029'))).to.equal('forbidden-character');
    });

    it('refuses U+0085 in an attribute value', () => {
      expect(gateOutcome(valid.replace('1 2', '1\u00852'))).to.equal('forbidden-character');
    });

    it('refuses U+0085 given as UTF-8 bytes', () => {
      expect(gateOutcome(Buffer.from(valid.replace('\n', '\u0085')))).to.equal('forbidden-character');
    });

    it('refuses C0 controls other than TAB, LF and CR', () => {
      expect(gateOutcome(valid.replace('\n', '\u0001'))).to.equal('forbidden-character');
      expect(gateOutcome(valid.replace('\n', '\u001f'))).to.equal('forbidden-character');
      expect(gateOutcome(Buffer.from(valid.replace('\n', '\u0000')))).to.equal('forbidden-character');
    });

    it('refuses U+FFFE and U+FFFF', () => {
      expect(gateOutcome(valid.replace('\n', '\uFFFE'))).to.equal('forbidden-character');
      expect(gateOutcome(Buffer.from(valid.replace('\n', '\uFFFF')))).to.equal('forbidden-character');
    });

    it('refuses a lone surrogate in a string, high or low', () => {
      expect(gateOutcome(valid.replace('\n', '\uD83D\uDE00'))).to.equal('accepted');
      expect(gateOutcome(valid.replace('\n', '\uD83D'))).to.equal('forbidden-character');
      expect(gateOutcome(valid.replace('\n', '\uDE00'))).to.equal('forbidden-character');
      expect(gateOutcome(`${valid}\uD83D`)).to.equal('forbidden-character');
    });

    it('names the character and its offset in the message', () => {
      const error = rejection(() => gateXmlBytes(valid.replace('\n', '\u2028')));
      expect(error.message).to.contain('U+2028').and.contain('offset 14');
    });
  });

  describe('nesting depth (depth)', () => {
    it('accepts maxDepth nested elements', () => {
      expect(gateOutcome(nested(LIMITS.maxDepth))).to.equal('accepted');
    });

    it('refuses one element deeper than maxDepth', () => {
      expect(gateOutcome(nested(LIMITS.maxDepth + 1))).to.equal('depth');
    });

    it('counts a self-closing element at the deepest level', () => {
      expect(gateOutcome(nested(LIMITS.maxDepth - 1, '<x/>'))).to.equal('accepted');
      expect(gateOutcome(nested(LIMITS.maxDepth, '<x/>'))).to.equal('depth');
    });

    it('does not add up siblings', () => {
      expect(gateOutcome(`<r>${nested(LIMITS.maxDepth - 1).repeat(3)}</r>`)).to.equal('accepted');
    });

    it('is not fooled by "/>" inside attribute values', () => {
      const deep = (count: number) => '<e v="/>">'.repeat(count) + '</e>'.repeat(count);
      expect(gateOutcome(deep(LIMITS.maxDepth))).to.equal('accepted');
      expect(gateOutcome(deep(LIMITS.maxDepth + 1))).to.equal('depth');
    });

    it('refuses an end tag without a start tag, so depth cannot be under-counted', () => {
      expect(gateOutcome('</e></e>' + nested(LIMITS.maxDepth + 1))).to.equal('malformed');
    });

    it('names the limit and the observed depth in the message', () => {
      const error = rejection(() => gateXmlBytes(nested(LIMITS.maxDepth + 1)));
      expect(error.message).to.contain('depth 65').and.contain('maxDepth is 64');
    });
  });

  describe('attributes per element (attributes)', () => {
    it('accepts maxAttributesPerElement attributes', () => {
      expect(gateOutcome(withAttributes(LIMITS.maxAttributesPerElement))).to.equal('accepted');
    });

    it('refuses one attribute more', () => {
      expect(gateOutcome(withAttributes(LIMITS.maxAttributesPerElement + 1))).to.equal('attributes');
    });

    it('counts attributes whose values contain ">" and "/", in either quote', () => {
      const count = LIMITS.maxAttributesPerElement + 1;
      expect(gateOutcome(withAttributes(count, '>/>'))).to.equal('attributes');
      const single = `<e ${Array.from({ length: count }, (_, i) => `a${i}='">'`).join(' ')}/>`;
      expect(gateOutcome(single)).to.equal('attributes');
    });

    it('accepts ">" inside an attribute value and reads the rest of the tag', () => {
      expect(gateOutcome('<r a="x > y" b=\'/>\'><c/></r>')).to.equal('accepted');
    });

    it('counts namespace declarations among the attributes', () => {
      const tag = withNamespaces(LIMITS.maxNamespaceDeclarationsPerElement);
      const plus = (n: number) => tag.replace('/>', Array.from({ length: n }, (_, i) => ` b${i}="v"`).join('') + '/>');
      expect(gateOutcome(plus(LIMITS.maxAttributesPerElement - LIMITS.maxNamespaceDeclarationsPerElement))).to.equal(
        'accepted',
      );
      expect(
        gateOutcome(plus(LIMITS.maxAttributesPerElement - LIMITS.maxNamespaceDeclarationsPerElement + 1)),
      ).to.equal('attributes');
    });

    it('refuses 40,000 attributes on one element (18.7 s in libxmljs2 without the gate)', () => {
      const flood = withAttributes(40_000);
      expect(gateOutcome(flood, { ...LIMITS, maxBytes: flood.length })).to.equal('attributes');
    });

    it('names the limit in the message', () => {
      const error = rejection(() => gateXmlBytes(withAttributes(LIMITS.maxAttributesPerElement + 1)));
      expect(error.message).to.contain('maxAttributesPerElement is 64').and.contain('65');
    });
  });

  describe('namespace declarations per element (namespaces)', () => {
    it('accepts maxNamespaceDeclarationsPerElement declarations', () => {
      expect(gateOutcome(withNamespaces(LIMITS.maxNamespaceDeclarationsPerElement))).to.equal('accepted');
    });

    it('refuses one declaration more', () => {
      expect(gateOutcome(withNamespaces(LIMITS.maxNamespaceDeclarationsPerElement + 1))).to.equal('namespaces');
    });

    it('counts a default namespace declaration', () => {
      const atLimit = withNamespaces(LIMITS.maxNamespaceDeclarationsPerElement);
      expect(gateOutcome(atLimit.replace('<e', '<e xmlns="urn:d"'))).to.equal('namespaces');
    });

    it('does not count an attribute that only starts with "xmlns"', () => {
      const atLimit = withNamespaces(LIMITS.maxNamespaceDeclarationsPerElement);
      expect(gateOutcome(atLimit.replace('<e', '<e xmlnsx="1"'))).to.equal('accepted');
    });
  });

  describe('element count (elements)', () => {
    it('accepts maxElements elements', () => {
      expect(gateOutcome(withElements(LIMITS.maxElements))).to.equal('accepted');
    });

    it('refuses one element more', () => {
      expect(gateOutcome(withElements(LIMITS.maxElements + 1))).to.equal('elements');
    });

    it('names the limit and the observed count in the message', () => {
      const error = rejection(() => gateXmlBytes(withElements(LIMITS.maxElements + 1)));
      expect(error.message).to.contain('4001').and.contain('maxElements is 4000');
    });
  });

  describe('text run length (text)', () => {
    it('accepts a text run of maxTextLength characters', () => {
      expect(gateOutcome(withText(LIMITS.maxTextLength))).to.equal('accepted');
    });

    it('refuses one character more', () => {
      expect(gateOutcome(withText(LIMITS.maxTextLength + 1))).to.equal('text');
    });

    it('counts CDATA content in the same run', () => {
      const atLimit = withText(LIMITS.maxTextLength - 3).replace('</r>', '<![CDATA[abc]]></r>');
      expect(gateOutcome(atLimit)).to.equal('accepted');
      expect(gateOutcome(atLimit.replace('abc', 'abcd'))).to.equal('text');
    });

    it('counts a run made only of CDATA', () => {
      expect(gateOutcome(`<r><![CDATA[${'x'.repeat(LIMITS.maxTextLength + 1)}]]></r>`)).to.equal('text');
    });

    it('starts a new run after every tag', () => {
      const run = 'x'.repeat(LIMITS.maxTextLength);
      expect(gateOutcome(`<r>${run}<b/>${run}</r>`)).to.equal('accepted');
    });

    it('counts text after the root element', () => {
      expect(gateOutcome(`<r/>${' '.repeat(LIMITS.maxTextLength + 1)}`)).to.equal('text');
    });
  });

  describe('markup the scan cannot read (malformed)', () => {
    it('refuses "<" inside an attribute value', () => {
      expect(gateOutcome('<r a="x"/>')).to.equal('accepted');
      expect(gateOutcome('<r a="<x"/>')).to.equal('malformed');
    });

    it('refuses an unterminated attribute value, start tag or CDATA section', () => {
      expect(gateOutcome('<r a="x/>')).to.equal('malformed');
      expect(gateOutcome('<r a="x"')).to.equal('malformed');
      expect(gateOutcome('<r><![CDATA[x</r>')).to.equal('malformed');
    });

    it('refuses attributes that are not separated by whitespace', () => {
      expect(gateOutcome('<r a="1"b="2"/>')).to.equal('malformed');
    });

    it('refuses an element left open at the end of the input', () => {
      expect(gateOutcome('<r><a></a>')).to.equal('malformed');
    });
  });

  describe('limits', () => {
    it('applies caller-supplied limits', () => {
      const tight: XmlLimits = { ...LIMITS, maxDepth: 2 };
      expect(gateOutcome(nested(2), tight)).to.equal('accepted');
      expect(gateOutcome(nested(3), tight)).to.equal('depth');
    });

    it('throws a TypeError for a limit that is not a non-negative integer, instead of failing open', () => {
      expect(() => gateXmlBytes('<r/>', { ...LIMITS, maxDepth: Number.NaN })).to.throw(TypeError, /maxDepth/);
      expect(() => gateXmlBytes('<r/>', { ...LIMITS, maxBytes: -1 })).to.throw(TypeError, /maxBytes/);
      expect(() => gateXmlBytes('<r/>', { ...LIMITS, maxElements: 1.5 })).to.throw(TypeError, /maxElements/);
    });

    it('throws a TypeError for input that is neither a Buffer nor a string', () => {
      expect(() => gateXmlBytes(42 as unknown as string)).to.throw(TypeError);
    });
  });

  it('reports refusals as XmlRejectedError with the code in the message', () => {
    const error = rejection(() => gateXmlBytes('<r><!-- x --></r>'));
    expect(error).to.be.instanceOf(XmlRejectedError);
    expect(error.name).to.equal('XmlRejectedError');
    expect(error.message).to.match(/^comment: /);
  });

  describe('the same text again (the message-signature check gates the front door\'s text a second time)', () => {
    it('answers a text that passed caps no looser than these with the text itself', () => {
      const strict: XmlLimits = { ...LIMITS, maxElements: 200 };
      const text = withElements(150);
      expect(gateXmlBytes(text, strict)).to.equal(text);
      expect(gateXmlBytes(text, LIMITS)).to.equal(text);
    });

    it('checks again, and refuses, a text that passed looser caps than these (each cap)', () => {
      const cases: [keyof XmlLimits, string, number][] = [
        ['maxElements', withElements(150), 100],
        ['maxDepth', nested(40), 10],
        ['maxAttributesPerElement', withAttributes(10), 5],
        ['maxNamespaceDeclarationsPerElement', withNamespaces(10), 5],
        ['maxTextLength', withText(1000), 100],
        ['maxBytes', withText(1000), 100],
      ];
      for (const [name, text, tighter] of cases) {
        expect(gateXmlBytes(text, LIMITS), name).to.equal(text);
        expect(gateOutcome(text, { ...LIMITS, [name]: tighter }), name).to.not.equal('accepted');
      }
    });

    it('still refuses a text one character away from the one it just let through (each forbidden kind)', () => {
      const passed = '<r a="1">text</r>';
      const changed = ['<r a="1">te\u2028xt</r>', '<r a="1">te\u0085xt</r>', '<!DOCTYPE r><r a="1">text</r>', '<r a="1"><?pi x?>text</r>', '<r a="1">te\u0000xt</r>'];
      for (const text of changed) {
        expect(gateXmlBytes(passed)).to.equal(passed);
        expect(gateOutcome(text, LIMITS), JSON.stringify(text)).to.not.equal('accepted');
      }
    });

    it('refuses a refused text again when it comes twice (only a text that passed is remembered)', () => {
      const refused = '<!DOCTYPE r><r/>';
      expect(gateOutcome(refused, LIMITS)).to.not.equal('accepted');
      expect(gateOutcome(refused, LIMITS)).to.not.equal('accepted');
    });

    it('never answers a text starting with U+FEFF from memory: the gate strips it', () => {
      const text = '<r/>';
      expect(gateXmlBytes(`\uFEFF${text}`)).to.equal(text);
      expect(gateXmlBytes(`\uFEFF${text}`)).to.equal(text);
    });
  });
});
