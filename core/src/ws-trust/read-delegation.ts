/**
 * The delegation and claims elements of an RST, after schema validation (read-rst.ts hands each RST child here
 * first):
 * - `wst:OnBehalfOf` (WS-Trust 1.3 section 9.3; WS-Trust 2005/02 section 10.x has the same element in its own
 *   namespace) and `wst14:ActAs` (WS-Trust 1.4 section 9.3, namespace 200802, accepted in a 1.3 or 2005 RST as
 *   WIF and CXF send it): exactly one embedded token each; a `wsse:SecurityTokenReference` is refused (we resolve no
 *   references), as is a request with both, and any nested OnBehalfOf or ActAs (delegation chains are refused);
 * - `wst:Claims` (WS-Trust 1.3 section 4.1) in the identity dialect
 *   (`http://schemas.xmlsoap.org/ws/2005/05/identity`): `ic:ClaimType` elements with a `Uri` and an optional
 *   `Optional` (xs:boolean, default false). Another dialect, or no Dialect, is refused.
 */
import { BadRequestError, InvalidRequestError, quoteForLog } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { elementChildren } from './soap/read-envelope.js';

/** The token a requester presents for another identity, and how (OnBehalfOf or ActAs). */
export interface DelegationElement {
  readonly kind: 'on-behalf-of' | 'act-as';
  /** The one token element inside OnBehalfOf or ActAs. */
  readonly token: XmlDomElement;
}

/** One requested claim of the identity dialect. */
export interface RequestedClaim {
  readonly uri: string;
  readonly optional: boolean;
}

export interface RequestedClaims {
  readonly dialect: string;
  readonly claims: readonly RequestedClaim[];
}

export interface DelegationParts {
  delegation?: DelegationElement;
  claims?: RequestedClaims;
}

/** The claims dialects we read, each with its reader (dispatch by a map). */
const CLAIMS_DIALECTS: ReadonlyMap<string, (claims: XmlDomElement) => RequestedClaim[]> = new Map([[NS.identity, readIdentityClaims]]);

const MAX_CLAIM_URI = 2048;
const DELEGATION_NAMES: ReadonlySet<string> = new Set(['OnBehalfOf', 'ActAs']);
const TRUST_NAMESPACES: ReadonlySet<string> = new Set([NS.wst13, NS.wst13Slash, NS.wst2005, NS.wst14]);

/**
 * Takes `child` into `parts` when it is OnBehalfOf or Claims in the RST's namespace, or wst14:ActAs; returns
 * false for any other element (read-rst.ts reads those).
 */
export function takeDelegationPart(child: XmlDomElement, trustNamespace: string, parts: DelegationParts): boolean {
  const ns = child.namespace()?.href();
  const name = child.name();
  if (ns === trustNamespace && name === 'OnBehalfOf') return takeDelegation(child, 'on-behalf-of', parts);
  if (ns === NS.wst14 && name === 'ActAs') return takeDelegation(child, 'act-as', parts);
  if (ns === NS.wst14) throw new BadRequestError(`the WS-Trust 1.4 element ${quoteForLog(name)} is not supported`);
  if (ns === trustNamespace && name === 'Claims') {
    if (parts.claims) throw new InvalidRequestError('more than one Claims in the RST');
    parts.claims = readClaims(child);
    return true;
  }
  return false;
}

function takeDelegation(element: XmlDomElement, kind: DelegationElement['kind'], parts: DelegationParts): boolean {
  if (parts.delegation) throw new InvalidRequestError(parts.delegation.kind === kind ? `more than one ${element.name()} in the RST` : 'an RST may carry OnBehalfOf or ActAs, not both');
  const [token, ...others] = elementChildren(element, element.name());
  if (!token || others.length > 0) throw new InvalidRequestError(`${element.name()} must hold one token`);
  if (token.namespace()?.href() === NS.wsse && token.name() === 'SecurityTokenReference') {
    throw new BadRequestError(`a SecurityTokenReference in ${element.name()} is not supported: embed the token`);
  }
  // A delegation chain (OnBehalfOf inside OnBehalfOf, an ActAs inside the token) is refused, whatever the depth.
  if (containsDelegation(token)) throw new InvalidRequestError(`nested delegation in ${element.name()}`);
  parts.delegation = { kind, token };
  return true;
}

function containsDelegation(element: XmlDomElement): boolean {
  const ns = element.namespace()?.href();
  if (ns !== undefined && TRUST_NAMESPACES.has(ns) && DELEGATION_NAMES.has(element.name())) return true;
  return element.childNodes().some((node) => node.type() === 'element' && containsDelegation(node as XmlDomElement));
}

function readClaims(claims: XmlDomElement): RequestedClaims {
  const dialect = claims.attr('Dialect')?.value();
  if (dialect === undefined) throw new InvalidRequestError('Claims without a Dialect');
  const read = CLAIMS_DIALECTS.get(dialect);
  if (!read) throw new InvalidRequestError(`Claims dialect ${quoteForLog(dialect)} is not supported`);
  return { dialect, claims: read(claims) };
}

/** `ic:ClaimType Uri="..." Optional="true|false"` (the identity dialect); nothing else inside. */
function readIdentityClaims(claims: XmlDomElement): RequestedClaim[] {
  const out: RequestedClaim[] = [];
  for (const child of elementChildren(claims, 'Claims')) {
    if (child.namespace()?.href() !== NS.identity || child.name() !== 'ClaimType') {
      throw new InvalidRequestError(`unexpected ${quoteForLog(child.name())} in identity Claims`);
    }
    if (elementChildren(child, 'ClaimType').length > 0) throw new InvalidRequestError('ClaimType must be empty');
    const uri = child.attr('Uri')?.value().trim();
    if (!uri || uri.length > MAX_CLAIM_URI) throw new InvalidRequestError('ClaimType without a Uri, or one too long');
    const optional = child.attr('Optional')?.value().trim() ?? 'false';
    if (!['true', 'false', '1', '0'].includes(optional)) throw new InvalidRequestError(`ClaimType Optional ${quoteForLog(optional)} is not an xs:boolean`);
    out.push({ uri, optional: optional === 'true' || optional === '1' });
  }
  return out;
}
