// Tokens from the demo profile's partners, minted with their public demo keys (demo/README.md): a JWT from the
// demo JWT issuer and a SAML 2.0 assertion from the demo IdP (made by our own SAML 2.0 generator with the
// IdP's key). Used by demo/try.mjs and by the end-to-end tests.
import { readFileSync } from 'node:fs';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import { signingKeyFromPem, TokenType } from '@sts/sdk';
import { ManualClock, RecordingLogger, StaticSigningKeys } from '@sts/sdk/testing';
import { CanonicalXmlSigner } from '@sts/sdk/xml';
import saml20 from '@sts/saml20-generator';

const demo = dirname(fileURLToPath(import.meta.url));
const read = (...path) => readFileSync(join(demo, ...path), 'utf8');

/** A JWT of `urn:example:jwt-issuer` (kid demo-issuer-1, RS256) about joe, valid 10 minutes from `now`. */
export async function demoIssuerJwt(now, claims = {}, audience = 'urn:example:sts') {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ mail: 'joe@example.com', givenName: 'Joe', sn: 'Federate', role: 'user', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'demo-issuer-1', typ: 'JWT' })
    .setIssuer('urn:example:jwt-issuer')
    .setSubject('joe')
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setJti(randomUUID())
    .sign(createPrivateKey(read('jwt-issuer', 'demo-issuer-key.pem')));
}

/**
 * An RFC 9068 access token (typ at+jwt) of the demo JWT issuer, acting as an authorization server, about joe
 * for the STS: what the oauth-bearer processor accepts (as a BinarySecurityToken or an OAuth subject token).
 */
export async function demoAccessToken(now, claims = {}) {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ client_id: 'demo-app', scope: 'read', mail: 'joe@example.com', role: 'user', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'demo-issuer-1', typ: 'at+jwt' })
    .setIssuer('urn:example:jwt-issuer')
    .setSubject('joe')
    .setAudience('urn:example:sts')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setJti(randomUUID())
    .sign(createPrivateKey(read('jwt-issuer', 'demo-issuer-key.pem')));
}

/** A bearer SAML 2.0 assertion of `urn:example:idp` about alice, for the STS; options change one thing. */
export async function demoIdpAssertion(now, options = {}) {
  const key = signingKeyFromPem('demo-idp', options.keyPem ?? read('idp', 'demo-idp-key.pem'), options.certPem ?? read('idp', 'demo-idp.pem'));
  const idp = await saml20.create({
    config: { attributeNameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', includeCertificate: true },
    signer: new CanonicalXmlSigner(new StaticSigningKeys([key])),
    clock: new ManualClock(now),
    instanceId: 'demo-idp',
    logger: new RecordingLogger(),
  });
  const issued = await idp.issue({
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
    // A Delegate condition (SAML V2.0 Condition for Delegation Restriction): a token that is itself delegated.
    ...(options.actor ? { actor: { subject: options.actor } } : {}),
    context: { requestId: 'demo', clientAddress: '127.0.0.1', endpoint: 'demo', soapVersion: '1.2', receivedAt: now },
  });
  return issued.xml;
}
