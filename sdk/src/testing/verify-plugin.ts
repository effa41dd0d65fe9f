/**
 * `verifyPlugin()`: loads a plug-in package the way the kernel does — package.json check, import, brand
 * and version check, config validation with defaults (strict ajv), `create()` with mock services — and
 * returns the running instance, or throws a {@link PluginVerificationError} naming the phase.
 *
 * @example
 * ```ts
 * const { implementation } = await verifyPlugin({ packageDir: new URL('..', import.meta.url), config: { usersFile } });
 * ```
 * @public
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkPluginDefinition, checkPluginPackageJson, type PluginPackageJson } from '../check-plugin-package.js';
import { resolvePluginDeps, validatePluginConfig } from '../instantiate-plugin.js';
import type { PluginDefinition, TokenGenerator, TokenProcessor } from '../plugin-types.js';
import type { RecordingLogger } from './mock-services.js';
import { createMockServices } from './create-mock-services.js';

/** The phases, in order. @public */
export type VerifyPhase = 'resolve' | 'import' | 'verify' | 'configure' | 'create';

/** Thrown when a phase fails. @public */
export class PluginVerificationError extends Error {
  constructor(readonly phase: VerifyPhase, message: string, options?: { cause?: unknown }) {
    super(`${phase}: ${message}`, options);
    this.name = 'PluginVerificationError';
  }
}

/** What {@link verifyPlugin} takes. @public */
export interface VerifyPluginOptions {
  /** The package folder (holding package.json), as a path or file URL. */
  readonly packageDir: string | URL;
  /** The instance config; defaults are applied as the kernel applies them. */
  readonly config?: unknown;
  /** Services by SDK service-ref id (`core.clock`, ...); missing ones get mocks. */
  readonly services?: Readonly<Record<string, unknown>>;
}

/** A verified, running plug-in. @public */
export interface VerifiedPlugin {
  readonly definition: PluginDefinition;
  readonly implementation: TokenProcessor | TokenGenerator;
  /** The config after defaults, frozen. */
  readonly config: unknown;
  readonly logger: RecordingLogger;
}

/** Loads and creates a plug-in package as the kernel would. @public */
export async function verifyPlugin(options: VerifyPluginOptions): Promise<VerifiedPlugin> {
  const dir = typeof options.packageDir === 'string' ? options.packageDir : fileURLToPath(options.packageDir);
  let pkg: PluginPackageJson & { exports?: unknown; main?: string };
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch (error) {
    throw new PluginVerificationError('resolve', `cannot read ${join(dir, 'package.json')}`, { cause: error });
  }
  const packageProblem = checkPluginPackageJson(pkg);
  if (packageProblem) throw new PluginVerificationError('resolve', packageProblem.message);

  const entry = typeof pkg.exports === 'string' ? pkg.exports : ((pkg.exports as Record<string, string> | undefined)?.['.'] ?? pkg.main ?? 'index.js');
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(join(dir, entry)).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginVerificationError('import', (error as Error).message, { cause: error });
  }
  const definitionProblem = checkPluginDefinition(pkg, module.default);
  if (definitionProblem) throw new PluginVerificationError('verify', definitionProblem.message);
  const definition = module.default as PluginDefinition;

  let checked;
  try {
    checked = validatePluginConfig(definition.configSchema, options.config);
  } catch (error) {
    throw new PluginVerificationError('configure', `configSchema does not compile: ${(error as Error).message}`, { cause: error });
  }
  if ('errors' in checked) throw new PluginVerificationError('configure', checked.errors);
  const { config } = checked;

  const { logger, services: mocks } = await createMockServices(definition, options.services);
  const resolved = resolvePluginDeps(definition, mocks);
  if ('missing' in resolved) throw new PluginVerificationError('create', `deps.${resolved.missing.name} names an unknown service ${resolved.missing.id}`);
  const { deps } = resolved;
  let implementation: TokenProcessor | TokenGenerator;
  try {
    implementation = await definition.create({ ...deps, config, instanceId: definition.id, logger } as never);
  } catch (error) {
    throw new PluginVerificationError('create', `create() threw: ${(error as Error).message}`, { cause: error });
  }
  const method = definition.kind === 'token-processor' ? 'process' : 'issue';
  if (typeof (implementation as unknown as Record<string, unknown>)?.[method] !== 'function') {
    throw new PluginVerificationError('create', `create() must return an object with ${method}()`);
  }
  return { definition, implementation, config, logger };
}
