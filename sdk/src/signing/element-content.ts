/**
 * Reads the content of a parsed element, checking every child's `type()` before using it (security-rules.md
 * section 3.1 rule 4). The SDK's tree holds elements, text, CDATA and comments only (the strict parse refuses
 * entity references and PIs), and inside a signature only elements and text are accepted: a CDATA section is
 * where CVE-2025-29775-style tricks hide, and a comment is what c14n without comments leaves unsigned.
 */
import type { XmlDomElement } from '../xml/strict-parse.js';
import { SignatureRejectedError } from './signature-rejected-error.js';

/** The element children and the concatenated text of one element. */
export interface ElementContent {
  readonly elements: readonly XmlDomElement[];
  /** The text nodes' content, concatenated. */
  readonly text: string;
}

/** One attribute, by namespace URI (empty for none) and local name. */
export interface AttributeData {
  readonly namespaceUri: string;
  readonly localName: string;
  readonly value: string;
}

/**
 * The element and text children of `element`. Anything else (CDATA, comment, processing instruction, entity
 * reference) is refused: the byte gate removes comments and PIs, and a CDATA section inside a signature is
 * where CVE-2025-29775-style tricks would hide.
 */
export function elementContent(element: XmlDomElement, where: string): ElementContent {
  const elements: XmlDomElement[] = [];
  let text = '';
  for (const child of element.childNodes()) {
    const type: string = child.type();
    if (type === 'element') elements.push(child as XmlDomElement);
    else if (type === 'text') text += (child as unknown as { text(): string }).text();
    else throw new SignatureRejectedError('structure', `a "${type}" node inside ${where}`);
  }
  return { elements, text };
}

/** Namespace URI of an element (empty when it has none). */
export function namespaceOf(element: XmlDomElement): string {
  return element.namespace()?.href() ?? '';
}

/** The attributes of an element (namespace declarations are not attributes in libxml2). */
export function attributesOf(element: XmlDomElement): AttributeData[] {
  return element.attrs().map((attribute) => ({
    namespaceUri: attribute.namespace()?.href() ?? '',
    localName: attribute.name(),
    value: attribute.value(),
  }));
}

/** XML 1.0 production S. */
export function isXmlWhitespace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
