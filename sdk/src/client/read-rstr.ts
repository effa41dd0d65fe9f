/**
 * Reads the parts of an Issue RSTR the client reports (WS-Trust 1.3 section 4.4; WS-Trust 2005/02
 * section 6.2): TokenType (required here, as MSAL requires it), RequestedSecurityToken with exactly one
 * element child (serialized with the namespace declarations it carries itself, as raw extraction would see
 * it), AppliesTo, Lifetime, the attached and unattached references, and KeyType.
 *
 * A Validate reply (WS-Trust 1.3 section 7) carries a RequestedSecurityToken only when a token was issued:
 * with `requestedToken: 'optional'` an RSTR without one yields undefined (its Status is the caller's to read).
 *
 * @example
 * ```ts
 * readRstr(rstrElement, NS.wst13).tokenType; // 'urn:oasis:names:tc:SAML:2.0:assertion'
 * readRstr(statusOnlyRstr, NS.wst13, 'optional'); // undefined
 * ```
 * @internal
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { NS } from '../xml/namespaces.js';
import { selectElements, selectOptional, selectRequired, trimmedText } from './select-elements.js';
import { StsClientError } from './sts-client-error.js';

/** The token-related fields of a successful Issue reply, and of the token a Validate exchange issued. @public */
export interface IssuedTokenFields {
  /** The namespace of the RSTR elements (one of the WS-Trust 1.3 spellings, or 2005/02). */
  readonly trustNamespace: string;
  readonly tokenType: string;
  /** The RequestedSecurityToken's child element, serialized by libxml2 as it stands. */
  readonly token: string;
  /** The base64 text of a `wsse:BinarySecurityToken` token (a JWT or other binary token). */
  readonly tokenText?: string;
  /** That token's value: the text decoded from base64 as UTF-8 when its EncodingType is Base64Binary (a JWT). */
  readonly tokenValue?: string;
  readonly appliesTo?: string;
  readonly lifetime?: { readonly created: Date; readonly expires: Date };
  /** The `RequestedAttachedReference` child (a `wsse:SecurityTokenReference`), serialized. */
  readonly attachedReference?: string;
  /** The `RequestedUnattachedReference` child, serialized. */
  readonly unattachedReference?: string;
  readonly keyType?: string;
}

// xs:dateTime with a required time zone (XML Schema Part 2 section 3.2.7); a zone-less time is ambiguous.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Reads an RSTR element whose children are in `trustNamespace`; it must carry a token. @internal */
export function readRstr(rstr: Element, trustNamespace: string, requestedToken?: 'required'): IssuedTokenFields;
/** Reads an RSTR element whose children are in `trustNamespace`; undefined when it carries no token. @internal */
export function readRstr(rstr: Element, trustNamespace: string, requestedToken: 'optional'): IssuedTokenFields | undefined;
export function readRstr(
  rstr: Element,
  trustNamespace: string,
  requestedToken: 'required' | 'optional' = 'required',
): IssuedTokenFields | undefined {
  const ns = { t: trustNamespace, wsse: NS.wsse, wsu: NS.wsu, wsa: NS.wsa, wsp: NS.wsp2004, wsp15: NS.wsp15 };
  const tokenTypeElement = selectOptional(rstr, 't:TokenType', ns, 'TokenType in the RSTR');
  const requested = selectOptional(rstr, 't:RequestedSecurityToken', ns, 'RequestedSecurityToken in the RSTR');
  if (requestedToken === 'optional' && requested === undefined) return undefined;
  if (tokenTypeElement === undefined) throw new StsClientError('unexpected-response', 'no TokenType in the RSTR');
  if (requested === undefined) throw new StsClientError('unexpected-response', 'no RequestedSecurityToken in the RSTR');
  const tokenType = trimmedText(tokenTypeElement);
  const token = onlyChild(requested, 'RequestedSecurityToken');
  const bst = selectOptional(requested, 'wsse:BinarySecurityToken', ns, 'BinarySecurityToken');
  const appliesTo = selectOptional(
    rstr,
    'wsp:AppliesTo/wsa:EndpointReference/wsa:Address | wsp15:AppliesTo/wsa:EndpointReference/wsa:Address',
    ns,
    'AppliesTo address',
  );
  const lifetime = selectOptional(rstr, 't:Lifetime', ns, 'Lifetime');
  const attached = selectOptional(rstr, 't:RequestedAttachedReference', ns, 'RequestedAttachedReference');
  const unattached = selectOptional(rstr, 't:RequestedUnattachedReference', ns, 'RequestedUnattachedReference');
  const keyType = selectOptional(rstr, 't:KeyType', ns, 'KeyType');
  return {
    trustNamespace,
    tokenType,
    token: token.toString(),
    ...(bst && { tokenText: trimmedText(bst), tokenValue: bstValue(bst) }),
    ...(appliesTo && { appliesTo: trimmedText(appliesTo) }),
    ...(lifetime && {
      lifetime: {
        created: dateTime(selectRequired(lifetime, 'wsu:Created', ns, 'Lifetime/Created')),
        expires: dateTime(selectRequired(lifetime, 'wsu:Expires', ns, 'Lifetime/Expires')),
      },
    }),
    ...(attached && { attachedReference: onlyChild(attached, 'RequestedAttachedReference').toString() }),
    ...(unattached && { unattachedReference: onlyChild(unattached, 'RequestedUnattachedReference').toString() }),
    ...(keyType && { keyType: trimmedText(keyType) }),
  };
}

function onlyChild(parent: Element, what: string): Element {
  const children = selectElements(parent, '*', {});
  if (children.length !== 1) {
    throw new StsClientError('unexpected-response', `${what} holds ${children.length} elements, not one`);
  }
  return children[0] as Element;
}

function dateTime(element: Element): Date {
  const text = trimmedText(element);
  const date = new Date(text);
  if (!DATE_TIME.test(text) || Number.isNaN(date.getTime())) {
    throw new StsClientError('unexpected-response', `not an xs:dateTime with a time zone: ${JSON.stringify(text)}`);
  }
  return date;
}

const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

function bstValue(bst: Element): string {
  const text = trimmedText(bst);
  return bst.attr('EncodingType')?.value() === BASE64_BINARY ? Buffer.from(text, 'base64').toString('utf8') : text;
}
