/**
 * Thrown by {@link checkSignatureStructure} and {@link verifySignedXml} when a signature is refused. `code`
 * names the rule (for tests and the log); callers turn it into the `StsError` their context needs, usually
 * `InvalidSecurityTokenError` or `FailedAuthenticationError`, so that the wire shows only the standard reason.
 * @public
 */

/** Which rule refused the signature. @public */
export type SignatureRejectionCode =
  /** An element, attribute or text the XMLDSig subset we accept has no place for. */
  | 'structure'
  /** Not exactly one `SignedInfo`. */
  | 'signed-info'
  /** `CanonicalizationMethod` other than exclusive c14n without comments (BSP R5404). */
  | 'canonicalization'
  /** `SignatureMethod` outside the allow-list, or an `HMACOutputLength` (BSP R5401). */
  | 'signature-method'
  /** No Reference, more than the profile allows, a repeated one, or a URI that is not `#` + an ID. */
  | 'reference'
  /** Transforms missing, too many, not allowed, repeated, or not ending in exclusive c14n (BSP R5416/R5423/R5412). */
  | 'transform'
  /** `DigestMethod` outside the allow-list. */
  | 'digest-method'
  /** Not exactly one `DigestValue` holding only base64 text of the digest's length (CVE-2025-29775). */
  | 'digest-value'
  /** Not exactly one `SignatureValue` holding only base64 text. */
  | 'signature-value'
  /** `ds:Object`, `ds:Manifest` or `RetrievalMethod` (XSW8; Santuario secure validation). */
  | 'forbidden-element'
  /** `KeyInfo` not in the shape the profile asks for (BSP R5402/R5417). */
  | 'key-info'
  /** The key is not an RSA public key of at least 2048 bits (security-rules.md section 3.2 rule 8). */
  | 'key'
  /** The Signature element is not from the strict parse of the text given, or the document holds a comment. */
  | 'document'
  /** A digest or the signature value does not match, or the signature uses something outside the allow-list. */
  | 'verification';

/** @public */
export class SignatureRejectedError extends Error {
  constructor(
    readonly code: SignatureRejectionCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${code}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SignatureRejectedError';
  }
}
