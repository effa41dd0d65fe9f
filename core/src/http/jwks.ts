/**
 * `GET /.well-known/jwks.json`: the public signing keys (RFC 7517), each with its certificate chain in
 * `x5c` and the SHA-256 thumbprint in `x5t#S256`, so any relying party (and xmlsec1) can verify what we
 * issue. Built once at boot.
 */
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { SigningKeys } from '@sts/sdk';

export const JWKS_PATH = '/.well-known/jwks.json';

export function jwksDocument(keys: SigningKeys): string {
  const jwks = keys.all().map((key) => {
    // No `alg`: one RSA key may sign RS256 and PS256 tokens (and XML RSA-SHA256); the verifier's own
    // allow-list decides (RFC 7517 section 4.4 makes alg optional).
    const jwk = key.publicKey.export({ format: 'jwk' });
    return {
      ...jwk,
      use: 'sig',
      kid: key.kid,
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
