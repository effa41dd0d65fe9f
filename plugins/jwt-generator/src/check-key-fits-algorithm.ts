/**
 * Checks that a signing key can make the configured JWS signature (RFC 7518 section 3.3: RSA keys of at
 * least 2048 bits for RS*, and section 3.5 for PS*; section 3.4: ES256 is ECDSA on P-256).
 */
import type { KeyObject } from 'node:crypto';
import type { JwtSigningAlgorithm } from './config-schema.js';

/** Returns why `key` cannot sign with `algorithm`, or undefined when it can. */
export function checkKeyFitsAlgorithm(key: KeyObject, algorithm: JwtSigningAlgorithm): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm === 'ES256') {
    if (type !== 'ec' || details.namedCurve !== 'prime256v1') {
      return `ES256 needs an EC P-256 key, the key is ${describe(type, details)}`;
    }
    return undefined;
  }
  // An RSASSA-PSS-only key (OID id-RSASSA-PSS) may make PS256 signatures but never PKCS#1 v1.5 ones.
  const rsa = type === 'rsa' || (algorithm === 'PS256' && type === 'rsa-pss');
  if (!rsa) return `${algorithm} needs an RSA key, the key is ${describe(type, details)}`;
  if ((details.modulusLength ?? 0) < 2048) return `${algorithm} needs an RSA key of at least 2048 bits, the key has ${details.modulusLength}`;
  return undefined;
}

function describe(type: string | undefined, details: { namedCurve?: string; modulusLength?: number }): string {
  if (type === 'ec') return `EC ${details.namedCurve}`;
  if (type === 'rsa' || type === 'rsa-pss') return `${type.toUpperCase()} ${details.modulusLength} bits`;
  return type ?? 'not asymmetric';
}
