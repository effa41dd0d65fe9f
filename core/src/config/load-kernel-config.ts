/**
 * Reads, validates and freezes the kernel config. Rules beyond the schema:
 * - connection ids are unique; a partner service id selects at most one connection;
 * - a `base-url` partner id is an absolute http(s) URL ending in `/` (so matching stays anchored);
 * - server.limits.requestTimeoutMs is at least headersTimeoutMs (the head is part of the request);
 * - environment overrides (see {@link ENV_OVERRIDES}): STS_PORT, STS_ADMIN_PORT, STS_TLS_PORT, STS_WORKERS,
 *   STS_LOG_LEVEL, STS_AUDIT_FILE.
 * - the state backend's rules (core/src/state/check-state-config.ts).
 */
import { readFileSync } from 'node:fs';
import { createAjv, deepFreeze, formatAjvErrors } from './ajv.js';
import { kernelConfigSchema, type IssuancePolicy, type KernelConfig } from './kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import { checkStateConfig } from './check-state-config.js';

const validate = createAjv().compile(kernelConfigSchema);

export function loadKernelConfig(file: string, env: NodeJS.ProcessEnv = process.env): KernelConfig {
  return parseKernelConfigText(readConfigText(file), file, env);
}

export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(StartupErrorCode.CONFIG_READ, `${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The config from its text (the primary hands workers the text it validated, so all run on one snapshot). */
export function parseKernelConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): KernelConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StartupError(StartupErrorCode.CONFIG_READ, `${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseKernelConfig(raw, file, env);
}

export function parseKernelConfig(raw: unknown, file: string, env: NodeJS.ProcessEnv = {}): KernelConfig {
  const config = structuredClone(raw) as Record<string, any>;
  if (!validate(config as unknown)) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: ${formatAjvErrors(validate.errors)}`);
  }
  applyEnvOverrides(config, env);
  const limits = (config as KernelConfig).server.limits;
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: /server/limits/requestTimeoutMs: less than headersTimeoutMs`);
  }
  checkConnections(config as KernelConfig, file);
  checkStateConfig((config as KernelConfig).state, file);
  return deepFreeze(config as KernelConfig);
}

type Override = { readonly path: readonly string[]; readonly parse: (text: string, name: string) => unknown };

const port = (min: number) => (text: string, name: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 65535) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${name}: not a port number: ${text}`);
  return value;
};
const text = (value: string): string => value;

/** Environment variable → the config path it sets. Applied after schema validation, so each is checked here. */
const ENV_OVERRIDES: Readonly<Record<string, Override>> = {
  STS_PORT: { path: ['server', 'port'], parse: port(0) },
  STS_ADMIN_PORT: { path: ['server', 'admin', 'port'], parse: port(0) },
  STS_TLS_PORT: { path: ['server', 'tls', 'port'], parse: port(0) },
  STS_WORKERS: {
    path: ['server', 'workers'],
    parse: (value, name) => {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${name}: workers must be 1 to 256: ${value}`);
      return Number(value);
    },
  },
  STS_LOG_LEVEL: {
    path: ['logging', 'level'],
    parse: (value, name) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(value)) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${name}: unknown log level ${value}`);
      return value;
    },
  },
  STS_AUDIT_FILE: { path: ['logging', 'audit', 'file'], parse: text },
};

function applyEnvOverrides(config: Record<string, any>, env: NodeJS.ProcessEnv): void {
  for (const [name, { path, parse }] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const parent = path.slice(0, -1).reduce<Record<string, any> | undefined>((node, key) => node?.[key], config);
    // STS_TLS_PORT alone does not switch HTTPS on: it only moves a configured listener.
    if (parent === undefined) continue;
    parent[path[path.length - 1]!] = parse(value, name);
  }
}

function checkConnections(config: KernelConfig, file: string): void {
  const partners = new Map<string, string>();
  checkPolicies(config.spConnections, `${file}: /spConnections`);
  checkPolicies(config.idpConnections, `${file}: /idpConnections`);
  checkPolicies(config.tokenMappings, `${file}: /tokenMappings`);
  const issuers = new Map<string, string>();
  config.idpConnections.forEach((connection, i) => {
    const where = `${file}: /idpConnections/${i}`;
    if (connection.mode === 'issue' && connection.defaultTokenType === '') {
      throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/defaultTokenType: required when mode is issue`);
    }
    if (connection.issuer === config.issuer.entityId) {
      throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/issuer: ${connection.issuer} is this STS's own entity id`);
    }
    const other = issuers.get(connection.issuer);
    if (other !== undefined) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/issuer: ${connection.issuer} is already the issuer of ${other}`);
    issuers.set(connection.issuer, connection.id);
  });
  config.spConnections.forEach((connection, i) => {
    const where = `${file}: /spConnections/${i}`;
    connection.partnerServiceIds.forEach((partner, j) => {
      const pwhere = `${where}/partnerServiceIds/${j}`;
      if (partner.match === 'base-url' && !/^https?:\/\/[^/?#]+\/([^?#]*\/)?$/.test(partner.id)) {
        throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${pwhere}: a base-url id must be an http(s) URL ending in /`);
      }
      const other = partners.get(partner.id);
      if (other !== undefined) {
        throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${pwhere}: ${partner.id} already selects connection ${other}`);
      }
      partners.set(partner.id, connection.id);
    });
  });
}

/** Rules every issuing policy keeps: unique ids, at most 8 hours of validity, regular expressions that compile. */
function checkPolicies(policies: readonly IssuancePolicy[], where: string): void {
  const ids = new Set<string>();
  policies.forEach((policy, i) => {
    if (ids.has(policy.id)) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/${i}/id: duplicate id ${policy.id}`);
    ids.add(policy.id);
    if (policy.lifetime.minutesBefore + policy.lifetime.minutesAfter > 480) {
      throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/${i}/lifetime: more than 8 hours in all`);
    }
    checkProofKeyPolicy(policy, `${where}/${i}`);
    policy.issuanceCriteria.forEach((criterion, j) => {
      if (criterion.condition !== 'matches') return;
      try {
        new RegExp(criterion.value);
      } catch (error) {
        throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/${i}/issuanceCriteria/${j}/value: ${(error as Error).message}`);
      }
    });
  });
}

/**
 * Encryption and key types agree with each other: encrypting or a symmetric proof key needs the partner's
 * encryption certificate; the default key type is an allowed one; the key-size default lies within its bounds.
 */
function checkProofKeyPolicy(policy: IssuancePolicy, where: string): void {
  if (policy.encryptAssertion && policy.encryptionCertificateFile === undefined) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/encryptAssertion: requires encryptionCertificateFile (the certificate to encrypt to)`);
  }
  const { allowed, default: dflt, keySize } = policy.proofKeys;
  if (!allowed.includes(dflt)) throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/proofKeys/default: ${dflt} is not in proofKeys.allowed`);
  if (allowed.includes('symmetric') && policy.encryptionCertificateFile === undefined) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/proofKeys/allowed: symmetric requires encryptionCertificateFile (the proof key is encrypted to it)`);
  }
  if (!(keySize.min <= keySize.default && keySize.default <= keySize.max) || [keySize.min, keySize.default, keySize.max].some((bits) => bits % 8 !== 0)) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}/proofKeys/keySize: needs min <= default <= max, each a multiple of 8`);
  }
}
