import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Ajv } from 'ajv';
import { createLocalJWKSet, jwtVerify, type JWTVerifyResult } from 'jose';
import { TokenType, type IssueRequest, type SigningKey, type SigningKeys, type TokenGenerator } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import definition, { type JwtGeneratorConfig } from '../../src/index.js';

/** The instant every test issues at. */
export const T0 = new Date('2026-11-28T06:00:00.000Z');
const HOUR = 3_600_000;

/** A valid issue request for a JWT with two attributes; `overrides` change one thing. */
export function issueRequest(overrides: Partial<IssueRequest> = {}): IssueRequest {
  return {
    tokenType: TokenType.Jwt,
    appliesTo: 'https://rp.example.com/api',
    issuer: 'https://sts.example.com/idp',
    subject: { name: 'joe', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
    subjectConfirmation: 'bearer',
    attributes: { mail: ['joe@example.com'], role: ['admin', 'user'] },
    authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: new Date(T0.getTime() - 5_000),
    notBefore: T0,
    notOnOrAfter: new Date(T0.getTime() + HOUR),
    issuedAt: T0,
    context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: T0 },
    ...overrides,
  };
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): JwtGeneratorConfig {
  const ajv = new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true });
  const config = structuredClone(raw);
  if (!ajv.validate(definition.configSchema, config)) throw new Error(ajv.errorsText(ajv.errors));
  return config as JwtGeneratorConfig;
}

/** Creates the generator the way the loader does, with a clock standing at {@link T0}. */
export async function createGenerator(keys: SigningKeys, rawConfig: object = {}): Promise<TokenGenerator> {
  return definition.create({
    config: configure(rawConfig),
    instanceId: 'jwt-test',
    logger: new RecordingLogger(),
    keys,
    clock: new ManualClock(T0),
  });
}

/** A SigningKey around a generated key pair, without a certificate (JWT signing never reads it). */
export function signingKeyFrom(kid: string, pair: { privateKey: KeyObject; publicKey: KeyObject }): SigningKey {
  return { kid, privateKey: pair.privateKey, publicKey: pair.publicKey, certificatePem: '', certificateChain: [] };
}

/** A fresh EC key on the given curve (P-256 unless told otherwise). */
export function ecSigningKey(kid: string, namedCurve = 'P-256'): SigningKey {
  return signingKeyFrom(kid, generateKeyPairSync('ec', { namedCurve }));
}

/** A fresh RSA key of the given size. */
export function rsaSigningKey(kid: string, modulusLength = 2048): SigningKey {
  return signingKeyFrom(kid, generateKeyPairSync('rsa', { modulusLength }));
}

/**
 * Verifies `jwt` the way a relying party does: with a JWKS holding only the public key (plus its kid and
 * alg), the expected issuer and audience, and an explicit algorithm and type.
 */
export async function verifyWithPublicKey(
  jwt: string,
  key: SigningKey,
  alg: string,
  options: { typ?: string; audience?: string } = {},
): Promise<JWTVerifyResult> {
  const jwk = { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg, use: 'sig' };
  return jwtVerify(jwt, createLocalJWKSet({ keys: [jwk] }), {
    issuer: 'https://sts.example.com/idp',
    audience: options.audience ?? 'https://rp.example.com/api',
    algorithms: [alg],
    typ: options.typ ?? 'JWT',
    currentDate: T0,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
  });
}

/** The decoded protected header, without verifying (to look at what was written). */
export function header(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
