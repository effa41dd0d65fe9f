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

/** Escapes text content: `&`, `<`, `>`, and CR as a character reference so that line-end normalization (XML 1.0 section 2.11) keeps it. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value for double quotes; tabs and line breaks become character references so that
 * attribute-value normalization (XML 1.0 section 3.3.3) cannot change them. */
export function escapeAttribute(value: string): string {
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
    const { xmlns, ...attrs } = this.attributes;
    for (const [prefix, uri] of Object.entries(xmlns ?? {})) {
      if (prefix !== '' && !PREFIX.test(prefix)) throw new TypeError(`invalid namespace prefix: ${prefix}`);
      out += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttribute(uri)}"`;
    }
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined) continue;
      if (!NAME.test(name)) throw new TypeError(`invalid XML attribute name: ${JSON.stringify(name)}`);
      out += ` ${name}="${escapeAttribute(String(value))}"`;
    }
    const inner = this.children.map(renderChild).join('');
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
