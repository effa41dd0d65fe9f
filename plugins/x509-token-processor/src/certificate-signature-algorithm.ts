/**
 * The OID of the algorithm a certificate is signed with (RFC 5280 section 4.1.1.2: `Certificate ::= SEQUENCE {
 * tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }`). Node 20's
 * `X509Certificate` does not expose it, and OpenSSL's `X509_verify` accepts SHA-1, so the issuer's signature
 * over a client certificate is held to an allow-list here (security-rules.md section 1 row 18: no SHA-1 or MD5;
 * JDK-8259709 disables SHA-1 the same way). Only the few DER steps needed are read, on a certificate Node has
 * already parsed; anything unexpected throws.
 */

/**
 * Allowed certificate signature algorithms (RFC 4055 / RFC 5758), by OID. RSASSA-PSS (1.2.840.113549.1.1.10) is
 * left out: its hash is a parameter whose default is SHA-1, and this reader does not parse parameters.
 * @public
 */
export const CERTIFICATE_SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = Object.freeze({
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
});

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;

interface Tlv {
  readonly tag: number;
  /** Offset of the value. */
  readonly start: number;
  /** Offset just after the value. */
  readonly end: number;
}

/**
 * The dotted OID of `signatureAlgorithm` in a DER certificate.
 * @throws Error when the DER does not have the Certificate shape.
 * @public
 */
export function certificateSignatureAlgorithm(der: Buffer): string {
  const certificate = readTlv(der, 0, der.length);
  if (certificate.tag !== SEQUENCE || certificate.end !== der.length) throw new Error('not a DER Certificate SEQUENCE');
  const tbs = readTlv(der, certificate.start, certificate.end);
  if (tbs.tag !== SEQUENCE) throw new Error('tbsCertificate is not a SEQUENCE');
  const algorithm = readTlv(der, tbs.end, certificate.end);
  if (algorithm.tag !== SEQUENCE) throw new Error('signatureAlgorithm is not a SEQUENCE');
  const oid = readTlv(der, algorithm.start, algorithm.end);
  if (oid.tag !== OBJECT_IDENTIFIER) throw new Error('signatureAlgorithm has no OBJECT IDENTIFIER');
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** X.690 section 8.1: one tag byte (low tag numbers only), then a short or long definite length. */
function readTlv(der: Buffer, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new Error('DER truncated');
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new Error('DER length beyond its container');
  return { tag, start, end };
}

/** X.690 section 8.19: the first byte holds the first two arcs, the rest base-128 with continuation bits. */
function decodeOid(bytes: Buffer): string {
  if (bytes.length === 0 || bytes.length > 32) throw new Error('bad OBJECT IDENTIFIER length');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new Error('OBJECT IDENTIFIER arc too large');
    if (bytes[i]! & 0x80) {
      if (i === bytes.length - 1) throw new Error('OBJECT IDENTIFIER truncated');
      continue;
    }
    if (arcs.length === 0) {
      const first = Math.min(Math.floor(value / 40), 2);
      arcs.push(first, value - first * 40);
    } else {
      arcs.push(value);
    }
    value = 0;
  }
  return arcs.join('.');
}
