/**
 * Reads the token a Renew or Cancel is about (WS-Trust 1.3 sections 8 and 10: RenewTarget, CancelTarget):
 * - by reference: a wsse:SecurityTokenReference holding a KeyIdentifier with the token ID (what our RSTR's
 *   RequestedAttachedReference and RequestedUnattachedReference carry) or a Reference whose URI is `#` and
 *   the ID (WSS 1.1 section 7.2);
 * - by value: the token itself: a SAML 2.0 Assertion (ID), a SAML 1.1 Assertion (AssertionID), or a
 *   wsse:BinarySecurityToken holding a JWT (jti). Its digest (of its exclusive canonical form) travels along,
 *   so the lifecycle accepts it only when it is exactly the token we issued under that ID (token-digest.ts).
 * Nothing else is a target: wst:InvalidRequest.
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { elementDigest, textDigest } from './token-digest.js';
import type { TokenTarget } from '../exchange/token-lifecycle.js';
import { elementChildren, textContent } from './soap/read-envelope.js';

/** Longest token ID we look up; a longer one cannot be ours (generators make 40-odd characters). */
const MAX_TOKEN_ID = 256;

type TargetReader = (element: XmlDomElement) => TokenTarget;

/** `{namespace}localName` of the target element → how to read it. */
const READERS: ReadonlyMap<string, TargetReader> = new Map<string, TargetReader>([
  [`{${NS.wsse}}SecurityTokenReference`, byReference],
  [`{${NS.saml2}}Assertion`, (e) => ({ tokenId: idAttribute(e, 'ID'), digest: elementDigest(e) })],
  [`{${NS.saml1}}Assertion`, (e) => ({ tokenId: idAttribute(e, 'AssertionID'), digest: elementDigest(e) })],
  [`{${NS.wsse}}BinarySecurityToken`, jwtByValue],
]);

export function readTokenTarget(target: XmlDomElement, what: string): TokenTarget {
  const read = READERS.get(`{${target.namespace()?.href() ?? ''}}${target.name()}`);
  if (!read) throw new InvalidRequestError(`${what} holds ${quoteForLog(target.name())}, which is neither a token reference nor a token we issue`);
  return read(target);
}

function byReference(str: XmlDomElement): TokenTarget {
  const [child, ...others] = elementChildren(str, 'SecurityTokenReference');
  if (!child || others.length > 0 || child.namespace()?.href() !== NS.wsse) throw new InvalidRequestError('the SecurityTokenReference must hold one wsse:KeyIdentifier or wsse:Reference');
  if (child.name() === 'KeyIdentifier') return { tokenId: checkedId(textContent(child, 'wsse:KeyIdentifier').trim()) };
  if (child.name() === 'Reference') {
    const uri = child.attr('URI')?.value() ?? '';
    if (!uri.startsWith('#')) throw new InvalidRequestError(`a Reference to ${quoteForLog(uri)}: only a local reference (#id) names a token we issued`);
    return { tokenId: checkedId(uri.slice(1)) };
  }
  throw new InvalidRequestError(`the SecurityTokenReference holds ${quoteForLog(child.name())}`);
}

function jwtByValue(bst: XmlDomElement): TokenTarget {
  const jwt = Buffer.from(textContent(bst, 'wsse:BinarySecurityToken').replace(/\s+/g, ''), 'base64').toString('utf8');
  const payload = jwt.split('.')[1];
  let jti: unknown;
  try {
    jti = (JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { jti?: unknown }).jti;
  } catch {
    jti = undefined;
  }
  if (typeof jti !== 'string') throw new InvalidRequestError('the BinarySecurityToken is not a JWT with a jti');
  return { tokenId: checkedId(jti), digest: textDigest(jwt) };
}

function idAttribute(element: XmlDomElement, name: string): string {
  return checkedId(element.attr(name)?.value() ?? '');
}

function checkedId(id: string): string {
  if (id === '' || id.length > MAX_TOKEN_ID) throw new InvalidRequestError('the target token ID is empty or too long');
  return id;
}
