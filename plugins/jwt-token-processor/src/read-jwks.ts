/**
 * Reads a JSON Web Key Set (RFC 7517 section 5) into verification keys.
 *
 * - Private or symmetric key material (`d`, `p`, `k`, ... or `kty: oct`) makes the whole set an error: a
 *   published private key is a compromised key, and a shared secret must never verify a token here.
 * - Keys we can never use are skipped and reported: `use` other than `sig`, `key_ops` without `verify`,
 *   key types other than RSA and EC, a `kid` no token could name, a pinned `alg` outside the issuer's list, a
 *   key that fits none of the issuer's algorithms.
 * - Two keys with one `kid` are an error: `kid` must pick exactly one key.
 * - Only the public members are handed to `createPublicKey`; `x5c`, `x5u` and the like are ignored.
 */
import { createPublicKey } from 'node:crypto';
import { KID_PATTERN } from './check-protected-header.js';
import type { VerificationAlgorithm } from './config-schema.js';
import { findDuplicateMember } from '@sts/sdk';
import { keyFitsAlgorithm, type VerificationKey } from './verification-key.js';

/** The usable keys and why the others were skipped. */
export interface ReadJwksResult {
  readonly keys: readonly VerificationKey[];
  readonly skipped: readonly string[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Parses `text` from `source` (a path or URL, for messages). Throws an Error when the set is unusable. */
export function readJwks(text: string, source: string, algorithms: readonly VerificationAlgorithm[]): ReadJwksResult {
  let set: unknown;
  try {
    const duplicate = findDuplicateMember(text);
    if (duplicate !== undefined) throw new Error(`repeats the member ${JSON.stringify(duplicate)}`);
    set = JSON.parse(text);
  } catch (error) {
    throw new Error(`JWKS ${source} is not valid: ${(error as Error).message}`, { cause: error });
  }
  const members = (set as { keys?: unknown } | null)?.keys;
  if (typeof set !== 'object' || set === null || !Array.isArray(members)) {
    throw new Error(`JWKS ${source} is not a JSON object with a "keys" array`);
  }
  const keys: VerificationKey[] = [];
  const skipped: string[] = [];
  const seenKids = new Set<string>();
  members.forEach((jwk: unknown, index) => {
    const label = `${source} keys[${index}]`;
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new Error(`${label} is not a JSON object`);
    const j = jwk as Record<string, unknown>;
    if (j['kty'] === 'oct' || PRIVATE_MEMBERS.some((m) => Object.hasOwn(j, m))) {
      throw new Error(`${label} holds private or symmetric key material`);
    }
    const skip = (reason: string): void => void skipped.push(`${label}: ${reason}`);
    if (j['use'] !== undefined && j['use'] !== 'sig') return skip(`use ${JSON.stringify(j['use'])} is not sig`);
    if (j['key_ops'] !== undefined && !(Array.isArray(j['key_ops']) && j['key_ops'].includes('verify'))) {
      return skip('key_ops does not include verify');
    }
    if (j['kid'] !== undefined && (typeof j['kid'] !== 'string' || !KID_PATTERN.test(j['kid']))) {
      return skip(`kid ${JSON.stringify(j['kid'])} is not a plain key identifier`);
    }
    const alg = j['alg'];
    if (alg !== undefined && !(algorithms as readonly unknown[]).includes(alg)) {
      return skip(`alg ${JSON.stringify(alg)} is not one of the issuer's algorithms`);
    }
    let publicJwk: Record<string, unknown>;
    if (j['kty'] === 'RSA') publicJwk = { kty: 'RSA', n: j['n'], e: j['e'] };
    else if (j['kty'] === 'EC') publicJwk = { kty: 'EC', crv: j['crv'], x: j['x'], y: j['y'] };
    else return skip(`kty ${JSON.stringify(j['kty'])} is not RSA or EC`);
    let key;
    try {
      key = createPublicKey({ key: publicJwk as never, format: 'jwk' });
    } catch (error) {
      throw new Error(`${label} is not a valid ${String(j['kty'])} key: ${(error as Error).message}`, { cause: error });
    }
    const kid = j['kid'] as string | undefined;
    const entry: VerificationKey = {
      kids: kid === undefined ? [] : [kid],
      key,
      ...(typeof alg === 'string' ? { alg } : {}),
      label: kid === undefined ? label : `${source} kid ${kid}`,
    };
    if (!algorithms.some((a) => keyFitsAlgorithm(entry, a))) {
      return skip(`the key fits none of ${algorithms.join(', ')} (RSA needs at least 2048 bits; ES256 P-256; ES384 P-384)`);
    }
    if (kid !== undefined) {
      if (seenKids.has(kid)) throw new Error(`JWKS ${source} has two keys with kid ${kid}`);
      seenKids.add(kid);
    }
    keys.push(Object.freeze(entry));
  });
  return { keys, skipped };
}
