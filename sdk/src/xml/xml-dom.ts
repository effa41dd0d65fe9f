/**
 * The parsed-XML tree the SDK hands out: plain JavaScript objects, read once from libxml2's parse, after which
 * the native document is freed at once (see {@link parseStrictXml}). V8 sees and collects this tree like any
 * other object, so memory follows the load; the tree libxmljs2 gave held libxml2 memory that only V8's full
 * collections released (issue 12, README "Performance").
 *
 * The method names are libxmljs2's (`name()`, `namespace()?.href()`, `attr()`, `childNodes()`, `type()`,
 * `text()`), so code written against that DOM reads the same. Left out on purpose: XPath (`find`, `get`; an
 * expression evaluated over untrusted input is one more parser, and every path we read is a fixed walk over
 * element children), schema validation (see {@link XsdSchema}) and editing.
 * @public
 */
import { escapeAttribute, escapeText } from './xml-builder.js';

/*
 * A parsed tree is read-only: the parser may hand the same tree to two callers (strict-parse.ts), so the
 * methods that build it work only inside {@link buildTree}, and the lists it returns are frozen.
 */
let building = 0;

/** @internal Runs `build` with the tree's builder methods enabled. */
export function buildTree<T>(build: () => T): T {
  building++;
  try {
    return build();
  } finally {
    building--;
  }
}

function assertBuilding(): void {
  if (building === 0) throw new TypeError('a parsed XML tree is read-only');
}

/** A namespace binding: a prefix (null for the default namespace) and its URI. @public */
export class XmlDomNamespace {
  constructor(
    private readonly boundPrefix: string | null,
    private readonly uri: string,
  ) {}

  prefix(): string | null {
    return this.boundPrefix;
  }

  href(): string {
    return this.uri;
  }
}

/** An attribute: namespace declarations are not attributes (XML Namespaces 1.0 section 3). @public */
export class XmlDomAttribute {
  constructor(
    private readonly owner: XmlDomElement,
    private readonly localName: string,
    private readonly ns: XmlDomNamespace | null,
    private readonly content: string,
  ) {}

  type(): 'attribute' {
    return 'attribute';
  }

  name(): string {
    return this.localName;
  }

  namespace(): XmlDomNamespace | null {
    return this.ns;
  }

  value(): string {
    return this.content;
  }

  /** The element that carries the attribute. */
  node(): XmlDomElement {
    return this.owner;
  }
}

/**
 * A text, CDATA section or comment node: character data (the DOM's name for the three). Untrusted input never
 * has a comment (the byte gate refuses them); text our own code produced may, and code that must not drop one
 * silently (a signer) checks `type()`.
 * @public
 */
export class XmlDomCharacterData {
  /** @internal */
  index = 0;

  constructor(
    private readonly owner: XmlDomElement,
    private readonly kind: 'text' | 'cdata' | 'comment',
    private readonly content: string,
  ) {}

  type(): 'text' | 'cdata' | 'comment' {
    return this.kind;
  }

  text(): string {
    return this.content;
  }

  parent(): XmlDomElement {
    return this.owner;
  }

  toString(): string {
    if (this.kind === 'cdata') return `<![CDATA[${this.content}]]>`;
    return this.kind === 'comment' ? `<!--${this.content}-->` : escapeText(this.content);
  }
}

/** Any node a parsed element can hold. @public */
export type XmlDomNode = XmlDomElement | XmlDomCharacterData;

/**
 * The list of every element that has no children, element children, attributes or declarations of its own:
 * one frozen empty array, shared, so that sealing an element freezes only the lists it filled (freezing was
 * a quarter of reading a parsed request into this tree; most lists are empty).
 */
const NONE: readonly never[] = Object.freeze([]);

/** The list to push to: a new one in place of the shared empty one. */
function growable<T>(list: readonly T[]): T[] {
  return list === NONE ? [] : (list as T[]);
}

/** An element. @public */
export class XmlDomElement {
  /** @internal */
  index = 0;
  private children: readonly XmlDomNode[] = NONE;
  /** The element children, kept as they are appended: the tree walks (ID index, unique IDs) ask every element. */
  private elements: readonly XmlDomElement[] = NONE;
  private attributes: readonly XmlDomAttribute[] = NONE;
  private declarations: readonly XmlDomNamespace[] = NONE;
  private ns: XmlDomNamespace | null = null;

  /** @internal Built by the parser; see {@link parseStrictXml}. */
  constructor(
    private readonly owner: XmlDomElement | XmlDocument,
    private readonly localName: string,
  ) {}

  type(): 'element' {
    return 'element';
  }

  /** The local name. */
  name(): string {
    return this.localName;
  }

  /** The element's namespace (its prefix as written), or null when it is in no namespace. */
  namespace(): XmlDomNamespace | null {
    return this.ns;
  }

  /**
   * Namespace bindings. With `onlyLocal`, those declared on this element; otherwise every binding in scope,
   * nearest first, each prefix once (what libxml2's xmlGetNsList returns).
   */
  namespaces(onlyLocal = false): XmlDomNamespace[] {
    if (onlyLocal) return [...this.declarations];
    const seen = new Set<string | null>();
    const inScope: XmlDomNamespace[] = [];
    for (let element: XmlDomElement | XmlDocument = this; element instanceof XmlDomElement; element = element.parent()) {
      for (const declaration of element.declarations) {
        if (seen.has(declaration.prefix())) continue;
        seen.add(declaration.prefix());
        inScope.push(declaration);
      }
    }
    return inScope;
  }

  attrs(): readonly XmlDomAttribute[] {
    return this.attributes;
  }

  /**
   * The first attribute with this local name, in any namespace (libxml2's xmlHasProp, which libxmljs2's
   * `attr()` called): callers that care about the namespace check `namespace()` on the result.
   */
  attr(localName: string): XmlDomAttribute | null {
    return this.attributes.find((a) => a.name() === localName) ?? null;
  }

  childNodes(): readonly XmlDomNode[] {
    return this.children;
  }

  /** The child node at `index`, or null. */
  child(index: number): XmlDomNode | null {
    return this.children[index] ?? null;
  }

  /** The element children, in document order (a frozen list, the same on every call). */
  elementChildren(): readonly XmlDomElement[] {
    return this.elements;
  }

  /**
   * The elements reached from this one by following element children, one step per name: `{uri}local`
   * (Clark notation; `{}local` for no namespace, `{*}local` for any namespace). What an XPath of child steps
   * selected, without an XPath engine.
   */
  descend(...steps: readonly string[]): XmlDomElement[] {
    let current: XmlDomElement[] = [this];
    for (const step of steps) {
      const close = step.indexOf('}');
      if (!step.startsWith('{') || close < 0) throw new TypeError(`not a {namespace}name step: ${step}`);
      const uri = step.slice(1, close);
      const local = step.slice(close + 1);
      current = current.flatMap((e) => e.elementChildren().filter((c) => c.localName === local && (uri === '*' || (c.ns?.href() ?? '') === uri)));
    }
    return current;
  }

  parent(): XmlDomElement | XmlDocument {
    return this.owner;
  }

  prevElement(): XmlDomElement | null {
    return this.siblingElement(-1);
  }

  nextElement(): XmlDomElement | null {
    return this.siblingElement(1);
  }

  /** The document the element belongs to. */
  doc(): XmlDocument {
    let node: XmlDomElement | XmlDocument = this.owner;
    while (node instanceof XmlDomElement) node = node.owner;
    return node;
  }

  /** The text and CDATA content of every descendant, in document order (libxml2's xmlNodeGetContent). */
  text(): string {
    let text = '';
    for (const child of this.children) if (child.type() !== 'comment') text += child.text();
    return text;
  }

  /**
   * The element as markup with the namespace declarations it carries itself (libxml2's xmlNodeDump does the
   * same: prefixes declared by an ancestor are not declared again). For text that stands alone, build it from
   * {@link toElementData} with `elementDataToXml`.
   */
  toString(): string {
    let out = `<${qualified(this.localName, this.ns)}`;
    for (const declaration of this.declarations) {
      const prefix = declaration.prefix();
      out += ` ${prefix === null ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttribute(declaration.href())}"`;
    }
    for (const attribute of this.attributes) out += ` ${qualified(attribute.name(), attribute.namespace())}="${escapeAttribute(attribute.value())}"`;
    if (this.children.length === 0) return `${out}/>`;
    out += '>';
    for (const child of this.children) out += child.toString();
    return `${out}</${qualified(this.localName, this.ns)}>`;
  }

  /** @internal */
  setNamespace(ns: XmlDomNamespace | null): void {
    assertBuilding();
    this.ns = ns;
  }

  /** @internal */
  declare(declaration: XmlDomNamespace): void {
    assertBuilding();
    const declarations = growable(this.declarations);
    declarations.push(declaration);
    this.declarations = declarations;
  }

  /** @internal */
  addAttribute(attribute: XmlDomAttribute): void {
    assertBuilding();
    const attributes = growable(this.attributes);
    attributes.push(attribute);
    this.attributes = attributes;
  }

  /** @internal */
  append(child: XmlDomNode): void {
    assertBuilding();
    const children = growable(this.children);
    child.index = children.length;
    children.push(child);
    this.children = children;
    // Appended once complete (its content read), and its index set: nothing about it changes any more.
    if (child instanceof XmlDomElement) {
      const elements = growable(this.elements);
      elements.push(child);
      this.elements = elements;
      child.seal();
    } else Object.freeze(child);
  }

  /** @internal The element is complete: it and its lists can no longer change. */
  seal(): void {
    assertBuilding();
    if (this.children !== NONE) Object.freeze(this.children);
    if (this.elements !== NONE) Object.freeze(this.elements);
    if (this.attributes !== NONE) Object.freeze(this.attributes);
    if (this.declarations !== NONE) Object.freeze(this.declarations);
    Object.freeze(this);
  }

  private siblingElement(step: 1 | -1): XmlDomElement | null {
    if (!(this.owner instanceof XmlDomElement)) return null;
    const siblings = this.owner.children;
    for (let i = this.index + step; i >= 0 && i < siblings.length; i += step) {
      const sibling = siblings[i];
      if (sibling instanceof XmlDomElement) return sibling;
    }
    return null;
  }
}

/** A parsed document: one root element. @public */
export class XmlDocument {
  private top: XmlDomElement | null = null;

  type(): 'document' {
    return 'document';
  }

  root(): XmlDomElement | null {
    return this.top;
  }

  /** The root element as markup (no XML declaration). */
  toString(): string {
    return this.top?.toString() ?? '';
  }

  /** @internal */
  setRoot(root: XmlDomElement): void {
    assertBuilding();
    this.top = root;
    root.seal();
  }
}

function qualified(localName: string, ns: XmlDomNamespace | null): string {
  const prefix = ns?.prefix();
  return prefix ? `${prefix}:${localName}` : localName;
}
