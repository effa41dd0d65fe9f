/**
 * Chooses the keys that may verify one token: the `kid` is only a lookup key into the issuer's own set
 * (security-rules.md section 3.4); without a `kid`, every key of the issuer that fits the algorithm is a
 * candidate (each one is trusted for that issuer alone).
 */
import { InvalidSecurityTokenError } from '@sts/sdk';
import type { CheckedHeader } from './check-protected-header.js';
import type { KeySource } from './key-source.js';
import { keyFitsAlgorithm, type VerificationKey } from './verification-key.js';

/** The candidate keys, never empty; throws `InvalidSecurityTokenError` naming why none is left. */
export async function selectKeys(source: KeySource, issuer: string, header: CheckedHeader, now: Date): Promise<VerificationKey[]> {
  const { kid, alg } = header;
  let keys: readonly VerificationKey[];
  try {
    keys = await source.keys();
    if (kid !== undefined && !keys.some((k) => k.kids.includes(kid))) keys = await source.keysAfterUnknownKid();
  } catch (error) {
    throw new InvalidSecurityTokenError(`the keys of issuer ${issuer} are unavailable: ${(error as Error).message}`, { cause: error });
  }
  const named = kid === undefined ? keys : keys.filter((k) => k.kids.includes(kid));
  if (named.length === 0) throw new InvalidSecurityTokenError(`issuer ${issuer} has no key with kid ${kid}`);
  const fitting = named.filter((k) => keyFitsAlgorithm(k, alg));
  if (fitting.length === 0) {
    throw new InvalidSecurityTokenError(kid === undefined ? `issuer ${issuer} has no key for ${alg}` : `key ${kid} of issuer ${issuer} cannot verify ${alg}`);
  }
  const valid = fitting.filter((k) => !(k.notBefore && now < k.notBefore) && !(k.notAfter && now > k.notAfter));
  if (valid.length === 0) throw new InvalidSecurityTokenError(`the certificate of ${fitting[0]!.label} is outside its validity period`);
  return valid;
}
