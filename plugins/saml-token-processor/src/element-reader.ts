/**
 * Strict readers over {@link XmlElementData} for the signed assertion: every attribute and child either has a
 * meaning here or is refused. An element we do not understand could change what the assertion means (SAML core
 * 2.0 section 2.5.1.2: an unknown condition makes the assertion Indeterminate), so it is never skipped.
 * Every failure is an `InvalidSecurityTokenError` naming the element.
 */
import { InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';
import { parseXsDateTime, type XmlElementData } from '@sts/sdk/xml';

/** A readable name for messages: `saml:Subject` style, namespace left out. */
export function nameOf(element: XmlElementData): string {
  return element.localName;
}

/**
 * Refuses any attribute not listed. `allowed` holds attribute keys: a plain local name for an unprefixed
 * attribute, `{namespaceUri}localName` for a namespaced one.
 */
export function checkAttributes(element: XmlElementData, allowed: readonly string[]): void {
  for (const key of Object.keys(element.attributes)) {
    if (!allowed.includes(key)) throw new InvalidSecurityTokenError(`unexpected attribute ${quoteForLog(key)} on ${nameOf(element)}`);
  }
}

/** The value of a required unprefixed attribute. */
export function requiredAttribute(element: XmlElementData, name: string): string {
  const value = element.attributes[name];
  if (value === undefined || value === '') throw new InvalidSecurityTokenError(`${nameOf(element)} has no ${name}`);
  return value;
}

/**
 * An optional time attribute, parsed by the SDK's one xs:dateTime reader; a present but malformed value is
 * refused. SAML core 2.0 section 1.3.3 and SAML 1.1 core section 1.2.2 require UTC written with `Z`; an issuer
 * that writes an explicit offset (`+00:00`, `-05:00`) still names one instant, which is what is compared, so it
 * is read at that instant. No zone is refused. At most `maxFractionalDigits` fractional digits (the instance
 * config; .NET writes seven), read to the millisecond, the finest resolution SAML relies on.
 */
export function optionalInstant(element: XmlElementData, name: string, maxFractionalDigits: number): Date | undefined {
  const value = element.attributes[name];
  if (value === undefined) return undefined;
  const read = parseXsDateTime(value, { maxFractionalDigits });
  if (!read.ok) throw new InvalidSecurityTokenError(`${nameOf(element)}/@${name} ${quoteForLog(value)} ${read.problem}`);
  return read.time;
}

/** A required time attribute, parsed. */
export function requiredInstant(element: XmlElementData, name: string, maxFractionalDigits: number): Date {
  const instant = optionalInstant(element, name, maxFractionalDigits);
  if (instant === undefined) throw new InvalidSecurityTokenError(`${nameOf(element)} has no ${name}`);
  return instant;
}

/** The optional NotBefore and NotOnOrAfter of Conditions or SubjectConfirmationData, each left out when absent. */
export function validityWindow(element: XmlElementData, maxFractionalDigits: number): { readonly notBefore?: Date; readonly notOnOrAfter?: Date } {
  const notBefore = optionalInstant(element, 'NotBefore', maxFractionalDigits);
  const notOnOrAfter = optionalInstant(element, 'NotOnOrAfter', maxFractionalDigits);
  return {
    ...(notBefore === undefined ? {} : { notBefore }),
    ...(notOnOrAfter === undefined ? {} : { notOnOrAfter }),
  };
}

/** The text of an element that may hold no child element. */
export function textOnly(element: XmlElementData): string {
  if (element.children.length > 0) {
    throw new InvalidSecurityTokenError(`${nameOf(element)} holds an element (${element.children[0]!.localName}) where text belongs`);
  }
  return element.text;
}

/** The non-empty text of an element that may hold no child element. */
export function requiredText(element: XmlElementData): string {
  const text = textOnly(element);
  if (text.trim() === '') throw new InvalidSecurityTokenError(`${nameOf(element)} is empty`);
  return text;
}

/** Refuses non-whitespace text directly in an element that holds only elements. */
export function noText(element: XmlElementData): void {
  if (!/^[ \t\r\n]*$/.test(element.text)) throw new InvalidSecurityTokenError(`text inside ${nameOf(element)}`);
}

/**
 * The children of `element`, each of which must be in `namespaceUri` and named in `allowed`; anything else is
 * refused with its name. Text between children is refused too.
 */
export function childrenOf(element: XmlElementData, namespaceUri: string, allowed: readonly string[]): readonly XmlElementData[] {
  noText(element);
  for (const child of element.children) {
    if (child.namespaceUri !== namespaceUri || !allowed.includes(child.localName)) {
      throw new InvalidSecurityTokenError(`unexpected ${quoteForLog(`{${child.namespaceUri}}${child.localName}`)} in ${nameOf(element)}`);
    }
  }
  return element.children;
}

/**
 * The audiences of an audience restriction (SAML 2.0 `AudienceRestriction`, SAML 1.1
 * `AudienceRestrictionCondition`): one or more `Audience` children in `namespaceUri`, each with text.
 */
export function readAudienceRestriction(restriction: XmlElementData, namespaceUri: string): readonly string[] {
  checkAttributes(restriction, []);
  const audiences = childrenOf(restriction, namespaceUri, ['Audience']);
  if (audiences.length === 0) throw new InvalidSecurityTokenError(`an ${nameOf(restriction)} has no Audience`);
  return Object.freeze(audiences.map((audience) => {
    checkAttributes(audience, []);
    return requiredText(audience);
  }));
}

/** The children named `localName` among already checked children. */
export function named(children: readonly XmlElementData[], localName: string): readonly XmlElementData[] {
  return children.filter((c) => c.localName === localName);
}

/** At most one child named `localName`. */
export function atMostOne(children: readonly XmlElementData[], localName: string, parent: string): XmlElementData | undefined {
  const found = named(children, localName);
  if (found.length > 1) throw new InvalidSecurityTokenError(`${found.length} ${localName} elements in ${parent}; at most one is allowed`);
  return found[0];
}

/** Exactly one child named `localName`. */
export function exactlyOne(children: readonly XmlElementData[], localName: string, parent: string): XmlElementData {
  const found = atMostOne(children, localName, parent);
  if (found === undefined) throw new InvalidSecurityTokenError(`${parent} has no ${localName}`);
  return found;
}

/**
 * Collects attribute values by name into a prototype-less, frozen record (security-rules.md section 1 row 36):
 * an attribute called `__proto__` or `constructor` stays data. Repeated names are merged, in document order.
 */
export class AttributeCollector {
  private readonly values = new Map<string, string[]>();

  add(name: string, values: readonly string[]): void {
    const list = this.values.get(name) ?? [];
    list.push(...values);
    this.values.set(name, list);
  }

  result(): Readonly<Record<string, readonly string[]>> {
    const record = Object.create(null) as Record<string, readonly string[]>;
    for (const [name, values] of this.values) record[name] = Object.freeze([...values]);
    return Object.freeze(record);
  }
}
