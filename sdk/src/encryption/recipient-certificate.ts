/**
 * The certificate of a party we encrypt to (a relying party's encryption certificate): its RSA key must be
 * at least 2048 bits (security-rules.md section 3.2 rule 8) and it must be valid now.
 * @public
 */
import { X509Certificate } from 'node:crypto';

/** A parsed recipient certificate. @public */
export interface RecipientCertificate {
  readonly certificate: X509Certificate;
  /** The certificate's DER, base64, for ds:X509Certificate. */
  readonly base64Der: string;
  readonly notAfter: Date;
  readonly notBefore: Date;
}

/** Minimum RSA modulus we encrypt to (and accept as a proof key). @public */
export const MIN_RSA_BITS = 2048;

/**
 * Parses one PEM certificate for encryption; throws a plain Error saying what is wrong (not a
 * certificate, not RSA, a key under {@link MIN_RSA_BITS}). Validity is the caller's to check
 * ({@link checkRecipientValidity}), so that a startup can warn and an issue can refuse.
 * @public
 */
export function readRecipientCertificate(pem: string): RecipientCertificate {
  const certificate = new X509Certificate(pem);
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the encryption certificate's key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA (RSA-OAEP key transport)`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new Error(`the encryption certificate's RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`);
  return Object.freeze({
    certificate,
    base64Der: certificate.raw.toString('base64'),
    notAfter: new Date(certificate.validTo),
    notBefore: new Date(certificate.validFrom),
  });
}

/** 'valid', or why not at `now`. @public */
export function recipientValidity(recipient: RecipientCertificate, now: Date): 'valid' | 'expired' | 'not-yet-valid' {
  if (now.getTime() >= recipient.notAfter.getTime()) return 'expired';
  if (now.getTime() < recipient.notBefore.getTime()) return 'not-yet-valid';
  return 'valid';
}
