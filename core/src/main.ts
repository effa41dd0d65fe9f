#!/usr/bin/env node
/**
 * The composition root and the `sts` command: reads the config and the manifest, boots, listens, and
 * prints where it listens. A startup error prints its code and message and exits with status 1.
 *
 *   sts [--config FILE] [--plugins FILE]
 *   (defaults: $STS_CONFIG or demo/sts.config.json; $STS_PLUGINS or plugins.json)
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadKernelConfig } from './config/load-kernel-config.js';
import { bootSts } from './boot.js';
import { StartupError } from './errors.js';
import { TOKENS } from './container/tokens.js';
import { applyServerLimits } from './http/apply-server-limits.js';
import { IDP_STS_PATH, JWKS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from './kernel.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, plugins: { type: 'string' } },
    strict: true,
  });
  const configFile = resolve(values.config ?? process.env['STS_CONFIG'] ?? 'demo/sts.config.json');
  const manifestFile = resolve(values.plugins ?? process.env['STS_PLUGINS'] ?? 'plugins.json');
  const config = loadKernelConfig(configFile);
  const sts = await bootSts({ config, manifestFile });
  const server = sts.app.listen(config.server.port, config.server.host);
  applyServerLimits(server, config.server.limits, sts.container.resolve(TOKENS.logger));
  await new Promise<void>((ok, fail) => server.once('listening', ok).once('error', fail));
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.server.host}:${port}`;
  const lines = [
    `STS listening on ${base}`,
    `  config:   ${configFile}`,
    `  plug-ins: ${manifestFile}`,
    ...sts.registry.summary().map((p) => `    ${p.enabled ? 'active  ' : 'disabled'} ${p.id}${p.enabled ? ` (${p.kind}, ${p.package})` : ''}`),
    `  IdP STS:  POST ${base}${IDP_STS_PATH}`,
    `  SP STS:   POST ${base}${SP_STS_PATH}`,
    `  translator: POST ${base}${TOKEN_TRANSLATOR_PATH}`,
    `  JWKS:     GET  ${base}${JWKS_PATH}`,
    `  issuer:   ${config.issuer.entityId}`,
    ...config.spConnections.map((c) => `  SP connection:  ${c.id}: ${c.partnerServiceIds.map((p) => p.id).join(', ')}`),
    ...config.idpConnections.map((c) => `  IdP connection: ${c.id}: issuer ${c.issuer} (${c.mode})`),
    ...config.tokenMappings.map((m) => `  token mapping:  ${m.id}: processor ${m.processor} -> ${m.defaultTokenType}`),
    ...config.notes.map((n) => `  ${n}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');

  const stop = (): void => {
    server.close(() => void sts.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`sts: cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`sts: cannot start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
