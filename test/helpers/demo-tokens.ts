/**
 * Tokens from the demo profile's partners (demo/README.md): a JWT from the demo JWT issuer and a SAML 2.0
 * assertion from the demo IdP.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { TokenType } from '@sts/sdk';
import { REPO_ROOT } from './paths.js';

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

/**
 * A SAML 2.0 assertion from the demo IdP `urn:example:idp` (demo/idp/), made by our own SAML 2.0 generator
 * with the IdP's key, so that it is what a real IdP of that shape would send.
 */
export async function demoIdpAssertion(
  now: Date,
  options: { audience?: string; subject?: string; attributes?: Record<string, string[]>; keyPem?: string; certPem?: string; minutesAfter?: number } = {},
): Promise<string> {
  const { default: generator } = await import('@sts/saml20-generator');
  const { signingKeyFromPem } = await import('@sts/sdk');
  const { StaticSigningKeys, ManualClock, RecordingLogger } = await import('@sts/sdk/testing');
  const { XmlCryptoSigner } = await import('@sts/sdk/xml');
  const dir = join(REPO_ROOT, 'demo', 'idp');
  const key = signingKeyFromPem('demo-idp', options.keyPem ?? readFileSync(join(dir, 'demo-idp-key.pem'), 'utf8'), options.certPem ?? readFileSync(join(dir, 'demo-idp.pem'), 'utf8'));
  const clock = new ManualClock(now);
  const idp = await generator.create({
    config: { attributeNameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', includeCertificate: true },
    signer: new XmlCryptoSigner(new StaticSigningKeys([key])),
    clock,
    instanceId: 'demo-idp',
    logger: new RecordingLogger(),
  });
  const token = await idp.issue({
    tokenType: TokenType.Saml20,
    appliesTo: options.audience ?? 'urn:example:sts',
    issuer: 'urn:example:idp',
    subject: { name: options.subject ?? 'alice', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
    subjectConfirmation: 'bearer',
    attributes: options.attributes ?? { mail: ['alice@idp.example'], role: ['editor'] },
    authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: now,
    notBefore: new Date(now.getTime() - 60_000),
    notOnOrAfter: new Date(now.getTime() + (options.minutesAfter ?? 10) * 60_000),
    issuedAt: now,
    context: { requestId: 'demo-idp', clientAddress: '127.0.0.1', endpoint: '/idp', soapVersion: '1.2', receivedAt: now },
  });
  return token.xml!;
}
