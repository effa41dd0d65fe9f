/**
 * The public keys a private_key_jwt client signs its assertions with (RFC 7523 section 2.2), read once at
 * boot from its JWKS file or PEM certificate. Only asymmetric keys: an `oct` key in a JWKS is refused, so
 * no shared secret can stand in for a key pair.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** A key, or a JWKS that jose searches by kid and alg; never a key the token itself names (jku, jwk, x5c). */
export type ClientKeys = KeyObject | JWTVerifyGetKey;

export function readClientKeys(source: { jwksFile?: string; certificateFile?: string }): ClientKeys {
  if (source.jwksFile !== undefined) {
    const jwks = JSON.parse(readFileSync(source.jwksFile, 'utf8')) as JSONWebKeySet;
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new Error(`${source.jwksFile}: no keys`);
    for (const key of jwks.keys) {
      if (key.kty !== 'RSA' && key.kty !== 'EC') throw new Error(`${source.jwksFile}: key type ${String(key.kty)} is not RSA or EC`);
      if ('d' in key) throw new Error(`${source.jwksFile}: holds a private key`);
    }
    return createLocalJWKSet(jwks);
  }
  if (source.certificateFile !== undefined) {
    const certificate = new X509Certificate(readFileSync(source.certificateFile));
    return createPublicKey(certificate.publicKey.export({ format: 'pem', type: 'spki' }));
  }
  throw new Error('private_key_jwt needs jwksFile or certificateFile');
}
