/**
 * Loads the signing keys once at boot into KeyObjects (never per request). With no keys configured, a
 * development key is generated on first run into `keys.devKeysDir` (git-ignored) and reused afterwards.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { signingKeyFromPem, type SigningKey, type SigningKeys } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';

export class ConfiguredSigningKeys implements SigningKeys {
  private readonly byKid: ReadonlyMap<string, SigningKey>;
  private readonly active: SigningKey;

  constructor(keys: readonly SigningKey[], activeKid?: string) {
    this.byKid = new Map(keys.map((k) => [k.kid, k]));
    const active = activeKid === undefined ? keys[0] : this.byKid.get(activeKid);
    if (!active) throw new StartupError(StartupErrorCode.KEYS_INVALID, `keys.activeKid ${activeKid ?? ''} names no configured key`);
    this.active = active;
  }

  get(kid?: string): SigningKey {
    if (kid === undefined) return this.active;
    const key = this.byKid.get(kid);
    if (!key) throw new Error(`unknown signing key ${kid}`);
    return key;
  }

  all(): readonly SigningKey[] {
    return [...this.byKid.values()];
  }
}

export async function loadSigningKeys(config: KernelConfig['keys']): Promise<ConfiguredSigningKeys> {
  if (config.signing.length === 0) return new ConfiguredSigningKeys([await devKey(config.devKeysDir)]);
  const keys = config.signing.map((k, i) => {
    try {
      return signingKeyFromPem(k.kid, readFileSync(k.privateKeyFile, 'utf8'), readFileSync(k.certificateFile, 'utf8'));
    } catch (error) {
      throw new StartupError(StartupErrorCode.KEYS_INVALID, `/keys/signing/${i} (${k.kid}): ${(error as Error).message}`, { cause: error });
    }
  });
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new StartupError(StartupErrorCode.KEYS_INVALID, '/keys/signing: duplicate kid');
  return new ConfiguredSigningKeys(keys, config.activeKid);
}

async function devKey(dir: string): Promise<SigningKey> {
  const folder = resolve(dir);
  const keyFile = join(folder, 'signing-key.pem');
  const certFile = join(folder, 'signing-cert.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    // Loaded lazily: the certificate library is only needed the first time.
    const { createSelfSignedKey } = await import('@sts/sdk/dev-keys');
    const generated = await createSelfSignedKey({ kid: 'dev', subject: 'CN=STS Development Signing Key (not for production)', validDays: 825 });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, generated.privateKeyPem, { mode: 0o600 });
    writeFileSync(certFile, generated.certificatePem);
  }
  const certificatePem = readFileSync(certFile, 'utf8');
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const kid = `dev-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
  try {
    return signingKeyFromPem(kid, readFileSync(keyFile, 'utf8'), certificatePem);
  } catch (error) {
    throw new StartupError(StartupErrorCode.KEYS_INVALID, `${folder}: ${(error as Error).message}`, { cause: error });
  }
}
