/**
 * scrypt password hashes in the users file: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 *
 * - Parameters default to N = 16384, r = 8, p = 1, a 16-byte salt and a 32-byte key (the values Node's
 *   documentation and OWASP's scrypt guidance start from).
 * - N must be a power of two in [2^14, 2^20], r in [1, 32], p in [1, 16]: weaker hashes are refused at load
 *   time, and a huge N in a hand-edited file cannot make every login allocate gigabytes.
 * - Comparison is `timingSafeEqual`, so the time taken does not reveal how many leading bytes matched.
 * - The password is hashed in Unicode NFC (as RFC 8265's OpaqueString profile does), so the same password
 *   typed on systems that compose characters differently still matches.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { decodeBase64 } from './decode-base64.js';

/** A parsed password hash. @public */
export interface PasswordHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** scrypt cost parameters. @public */
export interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const DEFAULT_PARAMETERS: ScryptParameters = Object.freeze({ N: 16384, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const HASH_FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([^$]+)\$([^$]+)$/;

/** Hashes a password with a fresh random salt and returns the encoded form. @public */
export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_PARAMETERS): Promise<string> {
  checkParameters(parameters);
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, parameters, KEY_BYTES);
  return encodePasswordHash({ ...parameters, salt, hash });
}

/** The encoded form of a parsed hash. @public */
export function encodePasswordHash(h: PasswordHash): string {
  return `scrypt$${h.N}$${h.r}$${h.p}$${h.salt.toString('base64')}$${h.hash.toString('base64')}`;
}

/** Parses an encoded hash; throws an Error saying what is wrong (never echoing the value). @public */
export function parsePasswordHash(encoded: string): PasswordHash {
  const m = HASH_FORMAT.exec(encoded);
  if (!m) throw new Error('must have the form scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>');
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  checkParameters({ N, r, p });
  const salt = decodeBase64(m[4]!);
  const hash = decodeBase64(m[5]!);
  if (!salt) throw new Error('salt is not base64');
  if (!hash) throw new Error('hash is not base64');
  if (salt.length < SALT_BYTES) throw new Error(`salt must be at least ${SALT_BYTES} bytes`);
  if (hash.length !== KEY_BYTES) throw new Error(`hash must be ${KEY_BYTES} bytes`);
  return Object.freeze({ N, r, p, salt, hash });
}

/** True when the password matches the hash. Always runs the full scrypt. @public */
export async function verifyPassword(password: string, expected: PasswordHash): Promise<boolean> {
  const actual = await deriveKey(password, expected.salt, expected, expected.hash.length);
  return timingSafeEqual(actual, expected.hash);
}

function checkParameters({ N, r, p }: ScryptParameters): void {
  if (!Number.isInteger(N) || N < 2 ** 14 || N > 2 ** 20 || (N & (N - 1)) !== 0) {
    throw new Error('N must be a power of two from 16384 to 1048576');
  }
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new Error('r must be from 1 to 32');
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new Error('p must be from 1 to 16');
}

function deriveKey(password: string, salt: Buffer, { N, r, p }: ScryptParameters, keyLength: number): Promise<Buffer> {
  // scrypt needs about 128 * N * r bytes; Node's default maxmem (32 MiB) would refuse N = 2^15 with r = 8.
  const maxmem = 128 * N * r + 128 * r * p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
