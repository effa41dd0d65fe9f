/**
 * Tokens from the demo profile's partners (demo/README.md): a JWT from the demo JWT issuer, and helpers to
 * put a token in a request's Security header in place of the UsernameToken.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { el, NS } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { REPO_ROOT } from './paths.js';

const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** A JWT signed by the demo issuer `urn:example:jwt-issuer` (kid demo-issuer-1), for the STS as audience. */
export async function demoIssuerJwt(now: Date, claims: Record<string, unknown> = {}, audience = 'urn:example:sts'): Promise<string> {
  const key = createPrivateKey(readFileSync(join(REPO_ROOT, 'demo', 'jwt-issuer', 'demo-issuer-key.pem'), 'utf8'));
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ mail: 'joe@example.com', givenName: 'Joe', sn: 'Federate', role: 'user', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'demo-issuer-1', typ: 'JWT' })
    .setIssuer('urn:example:jwt-issuer')
    .setSubject('joe')
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setJti(randomUUID())
    .sign(key);
}

/** A wsse:BinarySecurityToken carrying a JWT (base64 of the compact form). */
export function jwtBinarySecurityToken(jwt: string): string {
  return el('wsse:BinarySecurityToken', { xmlns: { wsse: NS.wsse }, ValueType: TokenType.Jwt, EncodingType: BASE64_BINARY }, [
    Buffer.from(jwt, 'utf8').toString('base64'),
  ]).toString();
}

/** Replaces the UsernameToken of a built request with another token element. */
export function withSecurityToken(body: string, tokenXml: string): string {
  const replaced = body.replace(/<wsse:UsernameToken[\s\S]*?<\/wsse:UsernameToken>/, tokenXml);
  if (replaced === body) throw new Error('the request has no UsernameToken to replace');
  return replaced;
}
