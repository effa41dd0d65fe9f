/**
 * The PasswordDigest of UsernameToken Profile 1.0 section 3.1 (1.1 section 3.1 says the same):
 * `Password_Digest = Base64( SHA-1( nonce + created + password ) )`, where `nonce` is the decoded Nonce bytes
 * and `created` is the wsu:Created text exactly as sent.
 *
 * SHA-1 is what the profile fixes; the digest is not a signature, and its strength rests on the password.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Computes the digest bytes (before base64). @public */
export function computePasswordDigest(nonce: Buffer, created: string, password: string): Buffer {
  return createHash('sha1').update(nonce).update(created, 'utf8').update(password, 'utf8').digest();
}

/** True when `digest` (decoded from the Password text) matches. Compares in constant time. @public */
export function verifyPasswordDigest(digest: Buffer, nonce: Buffer, created: string, password: string): boolean {
  const expected = computePasswordDigest(nonce, created, password);
  return digest.length === expected.length && timingSafeEqual(digest, expected);
}
