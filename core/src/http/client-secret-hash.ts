/**
 * Client secrets (OAuth clients, WS-Trust clients) are stored as scrypt hashes, in the users file's format
 * (`scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`), and compared in constant time (`timingSafeEqual`), so
 * neither the config nor the time a refusal takes gives the secret away. Weak or huge parameters are refused
 * at boot, so a hand-edited hash cannot make every request allocate gigabytes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface SecretHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
const KEY_BYTES = 32;

/** Parses a stored hash; throws an Error saying what is wrong, never echoing the value. */
export function parseSecretHash(encoded: string): SecretHash {
  const m = FORMAT.exec(encoded);
  if (!m) throw new Error('must have the form scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>');
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 ** 14 || N > 2 ** 20 || (N & (N - 1)) !== 0) throw new Error('N must be a power of two from 16384 to 1048576');
  if (r < 1 || r > 32 || p < 1 || p > 16) throw new Error('r must be from 1 to 32 and p from 1 to 16');
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 16) throw new Error('the salt must be at least 16 bytes');
  if (hash.length !== KEY_BYTES) throw new Error(`the hash must be ${KEY_BYTES} bytes`);
  return Object.freeze({ N, r, p, salt, hash });
}

/** True when the secret matches; always runs the whole scrypt. */
export async function verifySecret(secret: string, expected: SecretHash): Promise<boolean> {
  const actual = await derive(secret, expected.salt, expected, expected.hash.length);
  return timingSafeEqual(actual, expected.hash);
}

/** A hash no secret matches in practice: an unknown client id is checked against it, at the same cost. */
let decoy: Promise<SecretHash> | undefined;
const decoyHash = (): Promise<SecretHash> => (decoy ??= hashSecret(randomBytes(32).toString('base64')).then(parseSecretHash));

/**
 * True when the client exists (`expected` given) and the secret matches. An unknown client costs the same
 * scrypt as a wrong secret, so the time a refusal takes does not tell which client ids exist.
 */
export async function verifyClientSecret(secret: string, expected: SecretHash | undefined): Promise<boolean> {
  const matches = await verifySecret(secret, expected ?? (await decoyHash()));
  return expected !== undefined && matches;
}

/** A new hash of the secret with a fresh salt (for `sts client-secret`). */
export async function hashSecret(secret: string): Promise<string> {
  const params = { N: 16384, r: 8, p: 1 };
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, params, KEY_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function derive(secret: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  const maxmem = 128 * N * r + 128 * r * p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, length, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
