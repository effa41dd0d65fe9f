/**
 * The digest that ties a token presented by value (Renew's RenewTarget, Cancel's CancelTarget) to the token
 * we issued under that ID: SHA-256 of the XML token's exclusive canonical form, or of the token string (JWT).
 *
 * The SDK's signer emits an XML token already in exclusive canonical form (canonical-xml-signer.ts), so at issue
 * the digest is taken over the string as it is: no parse on the issue path (issue 12). A token presented later
 * is canonicalised from the request (namespaces an enclosing element declares count where it uses them), which
 * gives back exactly those bytes for an unchanged token. Any change (an altered attribute, another signature)
 * changes the digest, so a token that is not ours is refused whatever its ID. A token a generator emitted in
 * another form cannot match and is refused by value (it can be named by reference): this fails closed.
 */
import { createHash } from 'node:crypto';
import { EXC_C14N, excC14nOfElement, NS, type XmlDomElement } from '@sts/sdk/xml';

export function elementDigest(element: XmlDomElement): string {
  return sha256(excC14nOfElement(element, ownPrefixList(element)));
}

export function textDigest(text: string): string {
  return sha256(text);
}

/** The digest of a token as a generator returned it. */
export function issuedTokenDigest(token: { readonly xml?: string; readonly text?: string }): string {
  return sha256(token.xml ?? token.text ?? '');
}

/**
 * The PrefixList of the token's own enveloped signature (a SAML 2.0 delegation Condition names `del`): the
 * signer rendered the token with it, so the same list gives back the same bytes.
 */
function ownPrefixList(element: XmlDomElement): string[] {
  const [list] = element.descend(`{${NS.ds}}Signature`, `{${NS.ds}}SignedInfo`, `{${NS.ds}}Reference`, `{${NS.ds}}Transforms`, `{${NS.ds}}Transform`, `{${EXC_C14N}}InclusiveNamespaces`);
  const value = list?.attr('PrefixList')?.value() ?? '';
  return value.split(/\s+/).filter(Boolean);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
