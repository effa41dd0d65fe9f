/**
 * A tiny XML builder that escapes by construction: text and attribute values are always escaped, names are
 * checked against the XML Name production, and there is no way to insert raw markup except a {@link RawXml}
 * value that the caller produced itself (a signed token, already serialized by this builder or a signer).
 *
 * @example
 * ```ts
 * const x = el('saml:Issuer', { xmlns: { saml: NS.saml2 } }, ['https://sts.example.com']);
 * x.toString(); // <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.example.com</saml:Issuer>
 * ```
 * @public
 */

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(:[A-Za-z_][A-Za-z0-9._-]*)?$/;
const PREFIX = /^[A-Za-z_][A-Za-z0-9._-]*$/;

const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;

/** Escapes text content: `&`, `<`, `>`, and CR as a character reference so that line-end normalization (XML 1.0 section 2.11) keeps it. */
export function escapeText(value: string): string {
  // Most text has nothing to escape: a test is cheaper than a replace that finds nothing.
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value for double quotes; tabs and line breaks become character references so that
 * attribute-value normalization (XML 1.0 section 3.3.3) cannot change them. */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\t': return '&#9;';
      case '\n': return '&#10;';
      default: return '&#13;';
    }
  });
}

/** Markup that was produced by trusted code (this builder, a signer). Never wrap request data in it. @public */
export class RawXml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** A child of an element: another element, text (escaped), trusted markup, or nothing. @public */
export type XmlChild = XmlNode | RawXml | string | null | undefined | false;

/** Attributes of an element; `xmlns` maps prefixes ('' for the default namespace) to URIs. @public */
export interface XmlAttributes {
  readonly xmlns?: Readonly<Record<string, string>>;
  readonly [name: string]: string | number | undefined | Readonly<Record<string, string>>;
}

/** An element under construction. @public */
export class XmlNode {
  constructor(
    readonly name: string,
    readonly attributes: XmlAttributes,
    readonly children: readonly XmlChild[],
  ) {
    if (!NAME.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  }

  toString(): string {
    let out = `<${this.name}`;
    const attributes = this.attributes;
    const xmlns = attributes.xmlns;
    if (xmlns !== undefined) {
      for (const prefix of Object.keys(xmlns)) {
        if (prefix !== '' && !PREFIX.test(prefix)) throw new TypeError(`invalid namespace prefix: ${prefix}`);
        out += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttribute(xmlns[prefix]!)}"`;
      }
    }
    for (const name of Object.keys(attributes)) {
      const value = attributes[name];
      if (name === 'xmlns' || value === undefined) continue;
      if (!NAME.test(name)) throw new TypeError(`invalid XML attribute name: ${JSON.stringify(name)}`);
      out += ` ${name}="${escapeAttribute(String(value))}"`;
    }
    let inner = '';
    for (const child of this.children) inner += renderChild(child);
    return inner === '' ? `${out}/>` : `${out}>${inner}</${this.name}>`;
  }
}

function renderChild(child: XmlChild): string {
  if (child === null || child === undefined || child === false) return '';
  if (typeof child === 'string') return escapeText(child);
  return child.toString();
}

/** Builds an element. @public */
export function el(name: string, attributes: XmlAttributes = {}, children: readonly XmlChild[] = []): XmlNode {
  return new XmlNode(name, attributes, children);
}

/** Marks trusted, already-serialized markup for inclusion. @public */
export function raw(markup: string): RawXml {
  return new RawXml(markup);
}
