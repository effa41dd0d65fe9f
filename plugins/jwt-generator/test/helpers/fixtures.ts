import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWTVerifyResult } from 'jose';
import { TokenType, type IssueRequest, type SigningKey, type SigningKeys, type TokenGenerator } from '@sts/sdk';
import { applyConfigSchema, createTestInstance, ManualClock, SAMPLE_ISSUE_INSTANT, sampleIssueRequest } from '@sts/sdk/testing';
import definition, { type JwtGeneratorConfig } from '../../src/index.js';

/** The instant every test issues at. */
export const T0 = SAMPLE_ISSUE_INSTANT;

/** A valid issue request for a JWT with two attributes; `overrides` change one thing. */
export function issueRequest(overrides: Partial<IssueRequest> = {}): IssueRequest {
  return sampleIssueRequest({ tokenType: TokenType.Jwt, appliesTo: 'https://rp.example.com/api', ...overrides });
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): JwtGeneratorConfig {
  return applyConfigSchema<JwtGeneratorConfig>(definition.configSchema, raw);
}

/** Creates the generator the way the loader does, with a clock standing at {@link T0}. */
export function createGenerator(keys: SigningKeys, rawConfig: object = {}): Promise<TokenGenerator> {
  return createTestInstance(definition, { keys, clock: new ManualClock(T0) }, { config: rawConfig });
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
