/**
 * Reads an issuer's signing certificates (PEM) into verification keys. A certificate is named by its
 * thumbprints, base64url of the SHA-1 and of the SHA-256 of its DER: the values RFC 7515 sections 4.1.7 and
 * 4.1.8 define for `x5t` and `x5t#S256`, which AD FS and Entra ID also send as `kid`.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VerificationAlgorithm } from './config-schema.js';
import { keyFitsAlgorithm, type VerificationKey } from './verification-key.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads every certificate in `files`; throws an Error naming the file when one is unusable. */
export async function readCertificateKeys(
  files: readonly string[],
  algorithms: readonly VerificationAlgorithm[],
): Promise<VerificationKey[]> {
  const keys: VerificationKey[] = [];
  for (const file of files) {
    const path = resolve(process.cwd(), file);
    const blocks = (await readFile(path, 'utf8')).match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) throw new Error(`certificate file ${path} holds no PEM certificate`);
    for (const [index, pem] of blocks.entries()) {
      const label = `${path} certificate ${index + 1}`;
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(pem);
      } catch (error) {
        throw new Error(`${label} is not a valid certificate: ${(error as Error).message}`, { cause: error });
      }
      const entry: VerificationKey = Object.freeze({
        kids: [createHash('sha1').update(cert.raw).digest('base64url'), createHash('sha256').update(cert.raw).digest('base64url')],
        key: cert.publicKey,
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        label: `${label} (${cert.subject.replace(/\n/g, ', ')})`,
      });
      if (!algorithms.some((a) => keyFitsAlgorithm(entry, a))) {
        throw new Error(`${label}: its key fits none of ${algorithms.join(', ')}`);
      }
      keys.push(entry);
    }
  }
  return keys;
}
