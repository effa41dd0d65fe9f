/**
 * Reads, validates and freezes the kernel config. Rules beyond the schema:
 * - connection ids are unique; a partner service id selects at most one connection;
 * - a `base-url` partner id is an absolute http(s) URL ending in `/` (so matching stays anchored);
 * - STS_PORT overrides server.port, STS_LOG_LEVEL overrides logging.level;
 * - the state backend's rules (core/src/state/check-state-config.ts).
 */
import { readFileSync } from 'node:fs';
import { createAjv, deepFreeze, formatAjvErrors } from './ajv.js';
import { kernelConfigSchema, type IssuancePolicy, type KernelConfig } from './kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import { checkStateConfig } from '../state/check-state-config.js';

const validate = createAjv().compile(kernelConfigSchema);

export function loadKernelConfig(file: string, env: NodeJS.ProcessEnv = process.env): KernelConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
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
  if (env['STS_PORT'] !== undefined) {
    const port = Number(env['STS_PORT']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new StartupError(StartupErrorCode.CONFIG_INVALID, `STS_PORT: not a port number: ${env['STS_PORT']}`);
    }
    config['server'].port = port;
  }
  if (env['STS_LOG_LEVEL']) config['logging'].level = env['STS_LOG_LEVEL'];
  checkConnections(config as KernelConfig, file);
  checkStateConfig((config as KernelConfig).state, file);
  return deepFreeze(config as KernelConfig);
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
