/**
 * The XML Encryption algorithms we emit (security-rules.md section 1 row 33: AES-GCM only, RSA-OAEP only).
 *
 * Key transport is `rsa-oaep-mgf1p` (XML Encryption 1.1 section 5.5.2) with its default SHA-1 digest and
 * MGF1 with SHA-1: it is the one OAEP variant that xmlsec1 1.2.x (`--list-transforms` shows no
 * `xmlenc11#rsa-oaep`), WCF/.NET and Shibboleth all decrypt. OAEP's security does not rest on SHA-1's
 * collision resistance, so the SHA-1 digest here is not the weakness it is in a signature.
 * @public
 */
import { NS } from '../xml/namespaces.js';

export const EncryptionAlgorithm = Object.freeze({
  /** XML Encryption 1.1 section 5.2.4: IV (12 bytes) || ciphertext || tag (16 bytes). */
  aes256Gcm: `${NS.xenc11}aes256-gcm`,
  rsaOaepMgf1p: `${NS.xenc}rsa-oaep-mgf1p`,
  sha1Digest: `${NS.ds}sha1`,
  /** `Type` of an EncryptedData that replaces a whole element (section 3.1). */
  elementType: `${NS.xenc}Element`,
} as const);
