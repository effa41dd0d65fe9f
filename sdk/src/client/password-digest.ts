/**
 * The UsernameToken Profile 1.0 password digest (section 3.1):
 * `Password_Digest = Base64(SHA-1(nonce + created + password))`, where `nonce` is the raw nonce bytes and
 * `created` and `password` are UTF-8.
 *
 * @example
 * ```ts
 * passwordDigest(randomBytes(16), '2026-11-28T06:00:00.000Z', 'secret'); // 'q2Z…='
 * ```
 * @internal
 */
import { createHash } from 'node:crypto';

/** Computes the digest; `created` must be the exact `wsu:Created` text sent. @internal */
export function passwordDigest(nonce: Uint8Array, created: string, password: string): string {
  return createHash('sha1').update(nonce).update(created, 'utf8').update(password, 'utf8').digest('base64');
}
