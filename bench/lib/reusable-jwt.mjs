/** The credential of the JWT scenarios (`bench.mjs`) and of the floors' request (`floors.mjs`). */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { ROOT } from './start-sts.mjs';

const issuerKey = createPrivateKey(readFileSync(join(ROOT, 'demo', 'jwt-issuer', 'demo-issuer-key.pem'), 'utf8'));

/** A demo-issuer JWT without `jti`: the jwt-in processor has nothing to replay-check, so it may be re-sent. */
export async function reusableJwt() {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ mail: 'joe@example.com', givenName: 'Joe', sn: 'Federate', role: 'user' })
    .setProtectedHeader({ alg: 'RS256', kid: 'demo-issuer-1', typ: 'JWT' })
    .setIssuer('urn:example:jwt-issuer').setSubject('joe').setAudience('urn:example:sts')
    .setIssuedAt(iat).setExpirationTime(iat + 600)
    .sign(issuerKey);
}
