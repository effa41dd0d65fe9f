/**
 * `GET /.well-known/jwks.json`: the public signing keys (RFC 7517), each with its certificate chain in
 * `x5c` and the SHA-256 thumbprint in `x5t#S256`, so any relying party (and xmlsec1) can verify what we
 * issue. Built once at boot.
 */
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { SigningKeys } from '@sts/sdk';

export function jwksDocument(keys: SigningKeys): string {
  const jwks = keys.all().map((key) => {
    const jwk = key.publicKey.export({ format: 'jwk' });
    return {
      kty: jwk.kty,
      use: 'sig',
      alg: 'RS256',
      kid: key.kid,
      n: jwk.n,
      e: jwk.e,
      x5c: key.certificateChain,
      'x5t#S256': createHash('sha256').update(Buffer.from(key.certificateChain[0] ?? '', 'base64')).digest('base64url'),
    };
  });
  return JSON.stringify({ keys: jwks });
}

export function jwksHandler(keys: SigningKeys): Middleware {
  const body = jwksDocument(keys);
  return (ctx) => {
    ctx.type = 'application/jwk-set+json';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = body;
  };
}
