/**
 * Renders an {@link XmlNode} tree directly in its Exclusive XML Canonicalization 1.0 form (W3C
 * xml-exc-c14n, without comments), so that signing needs no parse and no canonicalizer pass. Rules, by section
 * of the Recommendation (and of Canonical XML 1.0, which it refers to):
 * - exc-c14n section 3: a namespace declaration is rendered on an element that visibly utilizes it (its own
 *   prefix, or an attribute's) and on which the nearest output ancestor did not already render the same
 *   binding; a prefix in the InclusiveNamespaces PrefixList is rendered, by the same "not already rendered"
 *   test, wherever it is in scope (inclusive c14n rules);
 * - `xmlns=""` only where an unprefixed element in no namespace sits below a rendered non-empty default;
 * - c14n section 2.2: namespace declarations sorted by prefix (the default first), then attributes sorted by
 *   namespace URI (none first) and local name; empty elements as start and end tag; no XML declaration;
 * - c14n section 2.3: text escapes `&`, `<`, `>`, CR (`&#xD;`); attribute values `&`, `<`, `"`, TAB, LF, CR.
 *
 * What the tree cannot say in XML is refused with a TypeError rather than rendered into something a verifier
 * would read differently: an unbound prefix, a repeated attribute, a declaration written as a plain attribute,
 * trusted {@link RawXml} (it could only be canonicalized by parsing it), characters outside XML 1.0 `Char`,
 * and U+0085, U+2028, U+2029, which xmldom (inside xml-crypto) turns into line feeds.
 * @internal
 */
import { RawXml, type XmlChild, type XmlNode } from '../xml/xml-builder.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const PREFIX = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?$/;
const NOT_SIGNABLE = /[^\t\n\r\x20-\x84\x86-\u2027\u202A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** A namespace URI xml-crypto would render unescaped, and xmlsec1 escaped: refused so both read the same bytes. */
const NOT_PLAIN_URI = /[&<>"\t\n\r]/;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;
/** Bounds the recursion; generators nest a handful of levels, the byte gate allows 64 on input. */
const MAX_DEPTH = 64;

/** Where, in the rendered string, the signature can go for the one marked element (offsets in UTF-16 units). */
export interface MarkedOffsets {
  /** Just after the start tag: a first child goes here. */
  readonly afterStartTag: number;
  /** Just before the end tag: a last child goes here. */
  readonly beforeEndTag: number;
  /** Just after the end tag: a next sibling goes here. */
  readonly afterEndTag: number;
}

/** The canonical form, and the offsets of the marked element when it was met. @internal */
export interface CanonicalRendering {
  readonly canonical: string;
  readonly marked: MarkedOffsets | undefined;
}

/** What to render besides the tree. @internal */
export interface RenderOptions {
  /** The InclusiveNamespaces PrefixList of the exc-c14n transform. */
  readonly inclusivePrefixes?: readonly string[];
  /** The element (the root, or one of its children) whose offsets to report. */
  readonly mark?: XmlNode;
}

type Bindings = ReadonlyMap<string, string>;

/**
 * The exclusive canonical form of `root` as the apex of the node set (the Reference's `#ID` with the
 * enveloped-signature transform, before the signature is inserted).
 * @internal
 */
export function renderExcC14n(root: XmlNode, options: RenderOptions = {}): CanonicalRendering {
  const renderer = new Renderer(new Set(options.inclusivePrefixes ?? []), options.mark);
  renderer.element(root, new Map([['xml', XML_NS]]), new Map(), 0);
  return { canonical: renderer.out, marked: renderer.marked };
}

/** The namespace bindings in scope on `node`, given those of its parent (XML Namespaces 1.0 section 6.1). @internal */
export function scopeOf(node: XmlNode, parentScope: Bindings): Bindings {
  const declared = node.attributes.xmlns;
  if (declared === undefined) return parentScope;
  const entries = Object.entries(declared);
  if (entries.length === 0) return parentScope;
  const scope = new Map(parentScope);
  for (const [prefix, uri] of entries) {
    if (prefix !== '' && !PREFIX.test(prefix)) throw new TypeError(`invalid namespace prefix: ${prefix}`);
    if (prefix === 'xml' || prefix === 'xmlns') throw new TypeError(`the ${prefix} prefix cannot be declared`);
    // Namespaces 1.0 section 2.2/6.1: only the default namespace may be undeclared.
    if (uri === '' && prefix !== '') throw new TypeError(`namespace prefix ${prefix} bound to the empty URI`);
    if (NOT_PLAIN_URI.test(uri) || NOT_SIGNABLE.test(uri)) throw new TypeError(`namespace URI of ${prefix || 'the default namespace'} is not signable`);
    scope.set(prefix, uri);
  }
  return scope;
}

/** The namespace URI and local name of `node` in `scope` ('' for no namespace). @internal */
export function expandedName(qname: string, scope: Bindings, isAttribute = false): { prefix: string; namespaceUri: string; localName: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { prefix: '', namespaceUri: isAttribute ? '' : (scope.get('') ?? ''), localName: qname };
  const prefix = qname.slice(0, colon);
  const namespaceUri = scope.get(prefix);
  if (namespaceUri === undefined || prefix === 'xmlns') throw new TypeError(`unbound namespace prefix in ${qname}`);
  return { prefix, namespaceUri, localName: qname.slice(colon + 1) };
}

interface Attribute {
  readonly qname: string;
  readonly prefix: string;
  readonly namespaceUri: string;
  readonly localName: string;
  readonly value: string;
}

class Renderer {
  out = '';
  marked: MarkedOffsets | undefined;

  constructor(
    private readonly inclusive: ReadonlySet<string>,
    private readonly mark: XmlNode | undefined,
  ) {}

  element(node: XmlNode, parentScope: Bindings, rendered: Bindings, depth: number): void {
    if (depth > MAX_DEPTH) throw new TypeError(`element depth exceeds ${MAX_DEPTH}`);
    const scope = scopeOf(node, parentScope);
    const name = expandedName(node.name, scope);
    const attributes = this.attributes(node, scope);

    // Exc-c14n section 3: the prefixes this element visibly utilizes, then the inclusive ones in scope. A list:
    // an element uses one or two, where a Set cost more than the lookups it saves.
    const used: string[] = [name.prefix];
    for (const a of attributes) if (a.prefix !== '' && !used.includes(a.prefix)) used.push(a.prefix);
    for (const prefix of this.inclusive) if (scope.has(prefix) && !used.includes(prefix)) used.push(prefix);

    let outputScope: Map<string, string> | undefined;
    const declarations: [string, string][] = [];
    for (const prefix of used) {
      if (prefix === 'xml') continue;
      const uri = prefix === '' ? name.namespaceUri : scope.get(prefix)!;
      if ((rendered.get(prefix) ?? '') === uri) continue;
      declarations.push([prefix, uri]);
      (outputScope ??= new Map(rendered)).set(prefix, uri);
    }
    if (declarations.length > 1) declarations.sort(([a], [b]) => compare(a, b));

    const isMarked = node === this.mark && this.marked === undefined && depth <= 1;
    let tag = `<${node.name}`;
    for (const [prefix, uri] of declarations) tag += prefix === '' ? ` xmlns="${uri}"` : ` xmlns:${prefix}="${uri}"`;
    for (const a of attributes) tag += ` ${a.qname}="${escapeAttribute(a.value)}"`;
    this.out += `${tag}>`;
    const afterStartTag = this.out.length;
    this.children(node.children, scope, outputScope ?? rendered, depth);
    const beforeEndTag = this.out.length;
    this.out += `</${node.name}>`;
    if (isMarked) this.marked = { afterStartTag, beforeEndTag, afterEndTag: this.out.length };
  }

  private children(children: readonly XmlChild[], scope: Bindings, rendered: Bindings, depth: number): void {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (typeof child === 'string') {
        if (NOT_SIGNABLE.test(child)) throw new TypeError('text contains a character that cannot be signed');
        this.out += escapeText(child);
      } else if (child instanceof RawXml) {
        throw new TypeError('raw markup cannot be signed by construction; build it with el()');
      } else {
        this.element(child, scope, rendered, depth + 1);
      }
    }
  }

  /** The element's attributes in canonical order (c14n section 2.2: namespace URI, none first, then local name). */
  private attributes(node: XmlNode, scope: Bindings): Attribute[] {
    const list: Attribute[] = [];
    const given = node.attributes;
    for (const qname of Object.keys(given)) {
      const raw = given[qname];
      if (qname === 'xmlns' || raw === undefined) continue;
      if (!ATTRIBUTE_NAME.test(qname)) throw new TypeError(`invalid XML attribute name: ${JSON.stringify(qname)}`);
      if (qname.startsWith('xmlns:')) throw new TypeError(`declare ${qname} in the xmlns map, not as an attribute`);
      const value = String(raw);
      if (NOT_SIGNABLE.test(value)) throw new TypeError(`attribute ${qname} contains a character that cannot be signed`);
      const { prefix, namespaceUri, localName } = expandedName(qname, scope, true);
      list.push({ qname, prefix, namespaceUri, localName, value });
    }
    if (list.length < 2) return list;
    list.sort((a, b) => compare(a.namespaceUri, b.namespaceUri) || compare(a.localName, b.localName));
    // Namespaces 1.0 section 6.3: no two attributes with the same expanded name; sorted, they would be neighbours.
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (a.namespaceUri === b.namespaceUri && a.localName === b.localName) throw new TypeError(`attribute {${b.namespaceUri}}${b.localName} repeated`);
    }
    return list;
  }
}

/** Code-point order (c14n section 2.2 "lexicographic"); the names and URIs here never hold surrogates. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** C14n section 2.3 text escaping. */
function escapeText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
});

/** C14n section 2.3 attribute escaping (`>` stays literal). */
function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}
