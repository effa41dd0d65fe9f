import type { EnvelopedSignatureRequest, XmlSigner } from '../services.js';
import type { XmlNode } from '../xml/xml-builder.js';
import type { IssuedToken, IssueRequest, TokenReference } from '../trust-types.js';
import { randomXmlId } from '../xml/random-xml-id.js';
import { RequestFailedError } from '../errors.js';
import { checkIssueLifetime } from './check-lifetime.js';

/** How {@link issueSignedXml} builds, signs and refers to one XML token. @public */
export interface SignedXmlToken
  extends Pick<EnvelopedSignatureRequest, 'idAttribute' | 'location' | 'includeCertificate' | 'inclusiveNamespacePrefixes'> {
  readonly signer: XmlSigner;
  /** The current time, for the lifetime check. */
  readonly now: Date;
  /**
   * The unsigned token, its root carrying `id` in `idAttribute`: the tree built with `el()` (rendered straight
   * into exclusive canonical form and signed without a parse), or a serialized element (parsed first).
   */
  build(id: string): XmlNode | string;
  /** How a KeyIdentifier refers to the token by its ID (e.g. WSS SAML Token Profile 1.1 `#SAMLID`). */
  readonly reference: Omit<TokenReference, 'keyIdentifier'>;
  /**
   * True when `build` records `IssueRequest.actor` in the token (e.g. SAML 2.0's Condition for Delegation
   * Restriction); a request with an actor is refused otherwise.
   */
  readonly recordsActor?: boolean;
}

/**
 * Issues an enveloped-signed XML token, for generators: refuses a lifetime no relying party could accept
 * ({@link checkIssueLifetime}), builds the token with a fresh random XML ID, signs it with the key the request
 * names (or the active key), and returns it with the request's token type and validity and a reference by its ID.
 *
 * @example
 * ```ts
 * issue: async (request) => issueSignedXml(request, {
 *   signer, now: clock.now(), build: (id) => buildToken(request, id), idAttribute: 'ID',
 *   location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
 *   reference: { tokenType: TokenType.Saml20Profile, valueType: ValueType.Saml20Id },
 * }),
 * ```
 * @public
 */
export function issueSignedXml(request: IssueRequest, token: SignedXmlToken): IssuedToken {
  checkIssueLifetime(request, token.now);
  // IssueRequest.actor: a token that does not name the delegate would pass for the subject acting alone.
  if (request.actor !== undefined && token.recordsActor !== true) throw new RequestFailedError('this XML token cannot record the actor of a delegation');
  const id = randomXmlId();
  const xml = token.signer.signEnveloped({
    xml: token.build(id),
    idAttribute: token.idAttribute,
    location: token.location,
    ...(request.signingKeyId === undefined ? {} : { kid: request.signingKeyId }),
    ...(token.includeCertificate === undefined ? {} : { includeCertificate: token.includeCertificate }),
    ...(token.inclusiveNamespacePrefixes === undefined ? {} : { inclusiveNamespacePrefixes: token.inclusiveNamespacePrefixes }),
  });
  return {
    tokenType: request.tokenType,
    xml,
    id,
    created: request.issuedAt,
    expires: request.notOnOrAfter,
    reference: { ...token.reference, keyIdentifier: id },
  };
}
