/**
 * Client certificates as parsed, by their DER bytes: a client signs every request with the same certificate,
 * and parsing it (`new X509Certificate`), exporting its key for the replay key and checking it against every
 * trust anchor cost about a fifth of an X.509-signed request's worker time (issue 12, CPU profile of
 * `npm run bench -- --only x509-saml2`). Only what follows from the bytes alone and the processor's fixed
 * anchors is kept; everything that depends on the time (the certificate's and the anchor's validity) is still
 * checked on every request, and every refusal is worked out again (only certificates that parsed are kept, and
 * a fact is kept only once it was read without a refusal: the DNs, times, algorithm and subjectAltName, whose
 * reading was another 3 % of an X.509 request's worker time).
 * At most `max` certificates (least recently used goes first): forgetting one only costs a parse.
 *
 * A certificate is also found by the BinarySecurityToken text it was decoded from, as received: a client sends
 * the same text every time, and the strict base64 check, the decode and the DER key were 1.2 % of an X.509
 * request's worker time on a hit. Only a text whose decoded bytes parsed is kept, so a text never seen, or one
 * that was refused, goes through every check again.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { FailedAuthenticationError, type Attributes } from '@sts/sdk';
import type { DistinguishedName } from './parse-node-distinguished-name.js';
import type { AlternativeName } from './parse-subject-alt-name.js';
import type { TrustAnchor } from './trust-anchor.js';

/** One parsed certificate and what was worked out from it. @public */
export interface ParsedCertificate {
  readonly certificate: X509Certificate;
  /** `certificate.publicKey` makes a new KeyObject on each read. */
  readonly publicKey: KeyObject;
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex. */
  readonly publicKeySha256: string;
  /** The anchors that issued and signed it (X509_check_issued and the signature), once asked. */
  issuers?: readonly TrustAnchor[];
  /** The subject and issuer DNs, once read. */
  subject?: DistinguishedName;
  issuer?: DistinguishedName;
  /** The validity period, once read (compared with the time on every request). */
  notBefore?: Date;
  notAfter?: Date;
  /** The signature algorithm OID, once read. */
  algorithm?: string;
  alternativeNames?: readonly AlternativeName[];
  /** The attributes vouched for, once worked out (they follow from the certificate alone). */
  attributes?: Attributes;
}

/**
 * The characters of keys each of the two maps keeps (DER as latin1 and base64 text: one byte each), about 2,700
 * certificates of a typical 1.5 KB. Both maps are bounded by size as well as by count: a key is up to 22 KB (a
 * 16 KB DER certificate in base64), and anyone can send certificates that parse, trusted or not.
 */
const MAX_KEY_CHARS = 4 * 1024 * 1024;

/** @public */
export class CertificateCache {
  private readonly entries: LRUCache<string, ParsedCertificate>;
  private readonly byText: LRUCache<string, ParsedCertificate>;

  /**
   * @param max certificates kept, by DER and by token text each.
   * @param maxKeyChars characters of keys kept in each of the two maps.
   */
  constructor(max = 1024, maxKeyChars = MAX_KEY_CHARS) {
    this.entries = boundedMap(max, maxKeyChars);
    this.byText = boundedMap(max, maxKeyChars);
  }

  /** The certificate that `text` was decoded to before (see {@link parse}); undefined when there is none. */
  known(text: string): ParsedCertificate | undefined {
    return this.byText.get(text);
  }

  /**
   * @param text the token text `der` was decoded from; once the bytes parse, {@link known} finds them by it.
   * @throws FailedAuthenticationError when the bytes are not exactly one DER X.509 certificate.
   */
  parse(der: Buffer, text?: string): ParsedCertificate {
    const parsed = this.parseDer(der);
    if (text !== undefined) this.byText.set(text, parsed);
    return parsed;
  }

  private parseDer(der: Buffer): ParsedCertificate {
    const key = der.toString('latin1');
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch (error) {
      throw new FailedAuthenticationError('the BinarySecurityToken does not hold a DER X.509 certificate', { cause: error });
    }
    // d2i_X509 stops at the end of the certificate; trailing bytes would give the token a second spelling.
    if (!certificate.raw.equals(der)) throw new FailedAuthenticationError('the BinarySecurityToken holds bytes after the certificate');
    const publicKey = certificate.publicKey;
    const parsed: ParsedCertificate = {
      certificate,
      publicKey,
      publicKeySha256: createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex'),
    };
    this.entries.set(key, parsed);
    return parsed;
  }
}

/** Least recently used goes first, past `max` entries or `maxKeyChars` characters of keys. */
function boundedMap(max: number, maxKeyChars: number): LRUCache<string, ParsedCertificate> {
  return new LRUCache({ max, maxSize: maxKeyChars, sizeCalculation: (_value, key) => Math.max(1, key.length) });
}
