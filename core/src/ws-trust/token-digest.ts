/**
 * The digest that ties a token presented by value (Renew's RenewTarget, Cancel's CancelTarget) to the token
 * we issued under that ID: SHA-256 of the token rebuilt from plain element data (namespace URIs, not prefixes
 * or inherited declarations, so the same token cut out of an RSTR or an RST gives the same text), or of the
 * token string (JWT). Any change to the token (an altered attribute, a forged signature) changes the digest,
 * so a token that is not byte-for-byte ours is refused as not ours, whatever its ID.
 */
import { createHash } from 'node:crypto';
import { elementDataToXml, parseStrictXml, toElementData, type XmlElementData } from '@sts/sdk/xml';

export function elementDigest(element: XmlElementData): string {
  return sha256(elementDataToXml(element));
}

export function textDigest(text: string): string {
  return sha256(text);
}

/** The digest of a token as a generator returned it. */
export function issuedTokenDigest(token: { readonly xml?: string; readonly text?: string }): string {
  if (token.xml !== undefined) return elementDigest(toElementData(parseStrictXml(token.xml).root()!));
  return textDigest(token.text ?? '');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
