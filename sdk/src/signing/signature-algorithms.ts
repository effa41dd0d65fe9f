/**
 * The algorithm URIs a signature we verify may name (security-rules.md section 1 row 18, section 6.2): RSA
 * with SHA-256 or SHA-512, digests SHA-256 or SHA-512, exclusive c14n without comments, and the
 * enveloped-signature transform. Everything else, SHA-1 above all (JDK-8259709), HMAC (key confusion,
 * GHSA-c27r-x354-4m68), inclusive c14n and the `#WithComments` variants (CVE-2017-11427 class), is refused by
 * {@link checkSignatureStructure} and again by {@link verifySignedXml}, which knows no other algorithm.
 * @public
 */

/** Allowed `SignatureMethod/@Algorithm` values (XMLDSig 1.1 section 6.4, RFC 6931 section 2.3.2). @public */
export const SignatureAlgorithm = Object.freeze({
  RsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  RsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
} as const);

/** One of the allowed signature algorithm URIs. @public */
export type SignatureAlgorithmUri = (typeof SignatureAlgorithm)[keyof typeof SignatureAlgorithm];

/** Allowed `DigestMethod/@Algorithm` values (XML Encryption 1.1 section 5.7). @public */
export const DigestAlgorithm = Object.freeze({
  Sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  Sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const);

/** One of the allowed digest algorithm URIs. @public */
export type DigestAlgorithmUri = (typeof DigestAlgorithm)[keyof typeof DigestAlgorithm];

/** Exclusive XML canonicalization 1.0, without comments: the only c14n we accept (BSP R5404). @public */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** The enveloped-signature transform (XMLDSig 1.1 section 6.6.4): allowed where a profile lists it. @public */
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** The transforms any profile may list; xml-crypto implements no other transform we would accept. @public */
export type SignatureTransformUri = typeof EXC_C14N | typeof ENVELOPED_SIGNATURE;

/**
 * Length of a base64 `DigestValue` per digest algorithm: 32 and 64 bytes, padded. A value of another length
 * cannot match, so it is refused before any canonicalization work is spent on it.
 */
export const DIGEST_VALUE_LENGTH: Readonly<Record<DigestAlgorithmUri, number>> = Object.freeze({
  [DigestAlgorithm.Sha256]: 44,
  [DigestAlgorithm.Sha512]: 88,
});

const SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set(Object.values(SignatureAlgorithm));
const DIGEST_ALGORITHMS: ReadonlySet<string> = new Set(Object.values(DigestAlgorithm));

/** True for an allowed signature algorithm URI. */
export function isAllowedSignatureAlgorithm(uri: string | undefined): uri is SignatureAlgorithmUri {
  return uri !== undefined && SIGNATURE_ALGORITHMS.has(uri);
}

/** True for an allowed digest algorithm URI. */
export function isAllowedDigestAlgorithm(uri: string | undefined): uri is DigestAlgorithmUri {
  return uri !== undefined && DIGEST_ALGORITHMS.has(uri);
}
