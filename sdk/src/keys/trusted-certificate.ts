/**
 * Parses a PEM certificate into a {@link TrustedCertificate}, once (at boot or in a test).
 * @public
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { TrustedCertificate } from '../services.js';

export function trustedCertificateFromPem(pem: string): TrustedCertificate {
  const cert = new X509Certificate(pem);
  return Object.freeze({
    pem: cert.toString(),
    publicKey: cert.publicKey,
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    subject: cert.subject,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  });
}

/** Every certificate in a PEM bundle. @public */
export function trustedCertificatesFromPem(bundle: string): TrustedCertificate[] {
  return (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(trustedCertificateFromPem);
}
