/**
 * Processors created the way the kernel creates them (config validated by a strict ajv with `useDefaults`,
 * a `ManualClock` at T0, the mock STS identity), with keys generated once per run and written as a JWKS
 * file and a certificate file in a temp dir.
 */
import { createHash, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InvalidSecurityTokenError, isStsError, MemoryStateStore, type TokenProcessor } from '@sts/sdk';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { applyConfigSchema, ManualClock, RecordingLogger, TEST_STS_IDENTITY } from '@sts/sdk/testing';
import { configSchema, type JwtTokenProcessorConfig } from '../../src/index.js';
import { createJwtTokenProcessor } from '../../src/create-jwt-token-processor.js';
import type { FetchFunction } from '../../src/remote-jwks.js';
import { ISSUER, T0 } from './tokens.js';

export const EC_ISSUER = 'https://ec-idp.example.com';
export const CERT_ISSUER = 'https://cert-idp.example.com';
export const URL_ISSUER = 'https://remote-idp.example.com';
export const JWKS_URL = 'https://remote-idp.example.com/jwks.json';

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Every key the tests use, generated once. */
export interface TestKeys {
  /** The trusted RSA key of ISSUER, kid rsa-1. */
  readonly rsa: KeyPair;
  /** An RSA key nobody trusts. */
  readonly attacker: KeyPair;
  /** The trusted EC P-256 key of EC_ISSUER, kid ec-1. */
  readonly ec: KeyPair;
  /** The certificate-backed key of CERT_ISSUER. */
  readonly cert: { readonly privateKey: KeyObject; readonly publicKey: KeyObject; readonly certificatePem: string; readonly x5t: string; readonly x5tS256: string };
  /** A certificate that expired long before T0. */
  readonly expiredCert: { readonly privateKey: KeyObject; readonly certificatePem: string };
}

export interface Files {
  readonly dir: string;
  readonly jwksFile: string;
  readonly ecJwksFile: string;
  readonly certFile: string;
  readonly expiredCertFile: string;
}

let keys: Promise<TestKeys> | undefined;
const directories: string[] = [];

/** The test keys, generated on first use. */
export function testKeys(): Promise<TestKeys> {
  keys ??= (async () => {
    const rsaPair = (): KeyPair => generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cert = await createSelfSignedKey({ kid: 'cert', subject: 'CN=Test IdP', notBefore: new Date('2026-01-01T00:00:00Z'), validDays: 730 });
    const expired = await createSelfSignedKey({ kid: 'old', subject: 'CN=Old IdP', notBefore: new Date('2020-01-01T00:00:00Z'), validDays: 30 });
    const der = new X509Certificate(cert.certificatePem).raw;
    return {
      rsa: rsaPair(),
      attacker: rsaPair(),
      ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      cert: {
        privateKey: cert.signingKey.privateKey,
        publicKey: cert.signingKey.publicKey,
        certificatePem: cert.certificatePem,
        x5t: createHash('sha1').update(der).digest('base64url'),
        x5tS256: createHash('sha256').update(der).digest('base64url'),
      },
      expiredCert: { privateKey: expired.signingKey.privateKey, certificatePem: expired.certificatePem },
    };
  })();
  return keys;
}

/** The public JWK of a key pair, with extra members. */
export function publicJwk(pair: KeyPair, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...pair.publicKey.export({ format: 'jwk' }), ...extra };
}

/** A fresh temp dir, removed by {@link removeFixtures}. */
export async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jwt-token-processor-'));
  directories.push(dir);
  return dir;
}

export async function removeFixtures(): Promise<void> {
  await Promise.all(directories.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Writes the JWKS and certificate files for the test keys. */
export async function writeFiles(k: TestKeys): Promise<Files> {
  const dir = await temporaryDirectory();
  const files = {
    dir,
    jwksFile: join(dir, 'jwks.json'),
    ecJwksFile: join(dir, 'ec-jwks.json'),
    certFile: join(dir, 'idp.pem'),
    expiredCertFile: join(dir, 'old.pem'),
  };
  await writeFile(files.jwksFile, JSON.stringify({ keys: [publicJwk(k.rsa, { kid: 'rsa-1', use: 'sig' })] }));
  await writeFile(files.ecJwksFile, JSON.stringify({ keys: [publicJwk(k.ec, { kid: 'ec-1', alg: 'ES256' })] }));
  await writeFile(files.certFile, k.cert.certificatePem);
  await writeFile(files.expiredCertFile, k.expiredCert.certificatePem);
  return files;
}

/** The config most tests use: a JWKS-file issuer (RS256), an EC issuer (ES256) and a certificate issuer. */
export function baseConfig(files: Files): Record<string, unknown> {
  return {
    issuers: [
      { issuer: ISSUER, jwksFile: files.jwksFile, algorithms: ['RS256'] },
      { issuer: EC_ISSUER, jwksFile: files.ecJwksFile, algorithms: ['ES256'] },
      { issuer: CERT_ISSUER, certificateFiles: [files.certFile], algorithms: ['RS256', 'PS256'] },
    ],
  };
}

/** Validates a config as the kernel does (strict, defaults applied); throws with ajv's errors. */
export function validateConfig(config: Record<string, unknown>): JwtTokenProcessorConfig {
  return applyConfigSchema<JwtTokenProcessorConfig>(configSchema, config);
}

export interface Fixture {
  readonly processor: TokenProcessor;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly stateStore: MemoryStateStore;
}

/** A processor for `config` (validated), at T0, with an optional fetch for jwksUrl. */
export async function createProcessor(config: Record<string, unknown>, fetch?: FetchFunction): Promise<Fixture> {
  const clock = new ManualClock(T0);
  const logger = new RecordingLogger();
  const stateStore = new MemoryStateStore(clock);
  const processor = await createJwtTokenProcessor({
    config: validateConfig(config),
    logger,
    clock,
    stsIdentity: TEST_STS_IDENTITY,
    stateStore,
    ...(fetch ? { fetch } : {}),
  });
  return { processor, clock, logger, stateStore };
}

/** Asserts that `promise` rejects with InvalidSecurityTokenError whose log message matches. */
export async function expectRefused(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => expect.fail('the token was accepted'),
    (err: unknown) => err,
  );
  expect(error).to.be.instanceOf(InvalidSecurityTokenError);
  expect(isStsError(error) && error.reason).to.equal('Security token has been revoked');
  expect((error as Error).message).to.match(message);
}

/** Resolves to the rejection of a promise that must fail. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: Error) => error,
  );
}
