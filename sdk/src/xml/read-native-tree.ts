/**
 * Reads libxml2's parsed document straight out of the Wasm memory into the SDK's tree ({@link XmlDocument}).
 *
 * libxml2-wasm's node API wraps every node it hands out in an object registered for disposal and copies every
 * text through `xmlNodeGetContent` (a malloc, a copy, a free): reading a 5 KB Validate request that way cost
 * 190–260 µs on top of the 70–110 µs parse, and a Validate parses three times (issue 12, README "Performance").
 * This walk reads the C structs by their offsets instead (about 40 µs for the same request).
 *
 * The offsets are those of libxml2's `tree.h` (`xmlNode`, `xmlAttr`, `xmlNs`, `xmlDoc`) compiled for wasm32
 * (4-byte pointers and ints), the same offsets libxml2-wasm 0.7.2 reads in its `lib/libxml2.mjs`
 * (`XmlTreeCommonStruct`, `XmlNodeStruct`, `XmlNsStruct`). The package is pinned to that version, and the layout
 * is checked when this module loads ({@link checkLayout}): a build whose structs differ stops the SDK from
 * loading rather than reading the wrong fields.
 *
 * The strict rules the parse adds to libxml2's are here too, as they need the tree: no processing instructions
 * or entity references, namespace names are absolute URIs, `xml:space` is default or preserve, and nesting is
 * bounded.
 */
import type { XmlDocument as NativeDocument } from 'libxml2-wasm';
import { XmlNodeSetStruct } from 'libxml2-wasm/lib/libxml2.mjs';
import { buildTree, XmlDocument, XmlDomAttribute, XmlDomCharacterData, XmlDomElement, XmlDomNamespace } from './xml-dom.js';
import { XmlRejectedError } from './xml-rejected-error.js';

/* libxml2 tree.h, wasm32: byte offsets of the fields read. */
const NODE_TYPE = 4; // xmlNode.type, xmlAttr.type, xmlDoc.type
const NODE_NAME = 8; // xmlNode.name, xmlAttr.name
const NODE_CHILDREN = 12; // xmlNode.children, xmlAttr.children (the value's text nodes), xmlDoc.children
const NODE_NEXT = 24; // xmlNode.next, xmlAttr.next
const NODE_NS = 36; // xmlNode.ns, xmlAttr.ns
const NODE_CONTENT = 40; // xmlNode.content (text, CDATA, comment)
const NODE_PROPERTIES = 44; // xmlNode.properties (the first xmlAttr)
const NODE_NS_DEF = 48; // xmlNode.nsDef (the namespaces declared on the element)
const NS_NEXT = 0; // xmlNs.next
const NS_HREF = 8; // xmlNs.href
const NS_PREFIX = 12; // xmlNs.prefix

/* libxml2 tree.h xmlElementType. */
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const ENTITY_REF_NODE = 5;
const PI_NODE = 7;
const COMMENT_NODE = 8;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/*
 * A namespace name must be an absolute URI: relative ones are deprecated (Namespaces in XML errata NE04), and
 * Canonical XML 1.0 section 2.1 says c14n MUST report failure on a document that has one, so no signature over
 * it can be checked. libxml2 refuses a name that is not a URI at all; this refuses a relative one (libxmljs2
 * accepted both kinds of relative name, test/sdk/xml/parser-parity.test.ts). The characters are RFC 3986's.
 */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/* libxml2's own nesting limit without XML_PARSE_HUGE (security-rules.md section 6.5); the gate allows far less. */
const MAX_DEPTH = 256;

/** One read: the Wasm memory as bytes and 32-bit words, and the names decoded so far. */
class NativeTreeReader {
  private readonly bytes: Buffer;
  private readonly words: Int32Array;
  /*
   * libxml2 interns element, attribute and namespace names in the document's dictionary, so one name is one
   * pointer: decoded once per document. Two live strings never share an address, so this cannot mix names.
   */
  private readonly names = new Map<number, string>();
  /** An element's or attribute's namespace is a pointer to the xmlNs that declared it: one object for each. */
  private readonly spaces = new Map<number, XmlDomNamespace | null>();

  constructor(memory: ArrayBufferLike) {
    this.bytes = Buffer.from(memory);
    this.words = new Int32Array(memory);
  }

  document(docPtr: number): XmlDocument {
    let root = this.word(docPtr + NODE_CHILDREN);
    while (root !== 0 && this.word(root + NODE_TYPE) !== ELEMENT_NODE) root = this.word(root + NODE_NEXT);
    if (root === 0) throw new XmlRejectedError('malformed', 'no root element');
    return buildTree(() => {
      const doc = new XmlDocument();
      doc.setRoot(this.element(root, doc, 1));
      return frozen(doc);
    });
  }

  private element(node: number, parent: XmlDomElement | XmlDocument, depth: number): XmlDomElement {
    if (depth > MAX_DEPTH) throw new XmlRejectedError('malformed', `element depth exceeds ${MAX_DEPTH}`);
    const element = new XmlDomElement(parent, this.name(this.word(node + NODE_NAME)));
    for (let ns = this.word(node + NODE_NS_DEF); ns !== 0; ns = this.word(ns + NS_NEXT)) {
      const prefix = this.nullableName(this.word(ns + NS_PREFIX));
      const uri = this.name(this.word(ns + NS_HREF));
      // xmlns="" undeclares the default namespace (XML Namespaces 1.0 section 6.2); a prefix cannot be undeclared.
      if (!(uri === '' && prefix === null) && !ABSOLUTE_URI.test(uri)) {
        throw new XmlRejectedError('malformed', `the namespace name ${JSON.stringify(uri.slice(0, 80))} is not an absolute URI`);
      }
      element.declare(frozen(new XmlDomNamespace(prefix, uri)));
    }
    element.setNamespace(this.namespace(this.word(node + NODE_NS)));
    for (let attr = this.word(node + NODE_PROPERTIES); attr !== 0; attr = this.word(attr + NODE_NEXT)) {
      const name = this.name(this.word(attr + NODE_NAME));
      const ns = this.namespace(this.word(attr + NODE_NS));
      const value = this.attributeValue(attr);
      // XML 1.0 section 2.10: xml:space is "default" or "preserve"; libxml2 2.9.9 warned (and the parse refused).
      if (name === 'space' && ns?.href() === XML_NAMESPACE && value !== 'default' && value !== 'preserve') {
        throw new XmlRejectedError('malformed', `xml:space is ${JSON.stringify(value.slice(0, 40))}, not "default" or "preserve"`);
      }
      element.addAttribute(frozen(new XmlDomAttribute(element, name, ns, value)));
    }
    for (let child = this.word(node + NODE_CHILDREN); child !== 0; child = this.word(child + NODE_NEXT)) {
      const type = this.word(child + NODE_TYPE);
      if (type === ELEMENT_NODE) element.append(this.element(child, element, depth + 1));
      else if (type === TEXT_NODE) element.append(new XmlDomCharacterData(element, 'text', this.content(child)));
      else if (type === CDATA_SECTION_NODE) element.append(new XmlDomCharacterData(element, 'cdata', this.content(child)));
      else if (type === COMMENT_NODE) element.append(new XmlDomCharacterData(element, 'comment', this.content(child)));
      // Entity references and PIs cannot pass the byte gate; meeting one means the text did not come through it.
      else throw new XmlRejectedError('malformed', `unexpected "${nodeKind(type)}" node inside an element`);
    }
    return element;
  }

  /** An attribute's value: its text children (character and predefined entity references already replaced). */
  private attributeValue(attr: number): string {
    let value = '';
    for (let child = this.word(attr + NODE_CHILDREN); child !== 0; child = this.word(child + NODE_NEXT)) {
      const type = this.word(child + NODE_TYPE);
      if (type !== TEXT_NODE) throw new XmlRejectedError('malformed', `unexpected "${nodeKind(type)}" node inside an attribute value`);
      value += this.content(child);
    }
    return value;
  }

  /** The namespace an element or attribute is in; null for none (no ns, or xmlns="" in scope). */
  private namespace(ns: number): XmlDomNamespace | null {
    if (ns === 0) return null;
    let space = this.spaces.get(ns);
    if (space === undefined) {
      const uri = this.name(this.word(ns + NS_HREF));
      space = uri === '' ? null : frozen(new XmlDomNamespace(this.nullableName(this.word(ns + NS_PREFIX)), uri));
      this.spaces.set(ns, space);
    }
    return space;
  }

  private content(node: number): string {
    return this.string(this.word(node + NODE_CONTENT));
  }

  private name(pointer: number): string {
    let name = this.names.get(pointer);
    if (name === undefined) {
      name = this.string(pointer);
      this.names.set(pointer, name);
    }
    return name;
  }

  private nullableName(pointer: number): string | null {
    return pointer === 0 ? null : this.name(pointer);
  }

  /** A NUL-terminated UTF-8 string (libxml2 keeps only well-formed UTF-8 in its tree); "" for a null pointer. */
  private string(pointer: number): string {
    if (pointer === 0) return '';
    const end = this.bytes.indexOf(0, pointer);
    // Cannot happen for a tree libxml2 built; reading past the memory would be worse than refusing.
    if (end < 0) throw new XmlRejectedError('malformed', 'a string in the parsed tree has no end');
    return this.bytes.toString('utf8', pointer, end);
  }

  private word(address: number): number {
    return this.words[address >> 2]!;
  }
}

/** Object.freeze typed as the object itself (its Readonly<T> drops private members). */
function frozen<T extends object>(value: T): T {
  Object.freeze(value);
  return value;
}

function nodeKind(type: number): string {
  return type === PI_NODE ? 'pi' : type === ENTITY_REF_NODE ? 'entity_ref' : `type ${type}`;
}

/**
 * The Wasm memory libxml2 lives in. libxml2-wasm exports no handle on it; the one export that answers a view of
 * it is `XmlNodeSetStruct.nodeTable` (an Int32Array over the memory, here of length 0 at a valid address). Asked
 * again for each read: the memory is replaced when it grows.
 */
function wasmMemory(docPtr: number): ArrayBufferLike {
  return XmlNodeSetStruct.nodeTable(docPtr, 0).buffer;
}

/** Reads a parsed native document (not yet disposed) into the SDK's tree. */
export function readNativeTree(native: NativeDocument): XmlDocument {
  const docPtr = (native as unknown as { readonly _ptr: number })._ptr;
  return new NativeTreeReader(wasmMemory(docPtr)).document(docPtr);
}

/**
 * Parses a document that uses every field this module reads and checks that the tree read from it writes out
 * as the same text: throws if the struct layout is not the one the offsets above describe. Run when
 * strict-parse.ts loads; exported (as `checkNativeTreeLayout`) for the SDK's own tests. @public
 */
export function checkLayout(parse: (text: string) => NativeDocument): void {
  const probe = '<p:r xmlns:p="urn:p" xmlns="urn:d" p:a="1&amp;2" b=""><c>t</c><![CDATA[d]]><!--e--><f xmlns=""/></p:r>';
  const native = parse(probe);
  try {
    const read = readNativeTree(native).toString();
    if (read !== probe) {
      throw new Error(`libxml2-wasm's tree is not laid out as the SDK reads it (read ${JSON.stringify(read)}); the SDK needs libxml2-wasm 0.7.2`);
    }
  } finally {
    native.dispose();
  }
}
