/**
 * The plug-in loader: resolve → import → verify → configure → create → register, for every enabled
 * instance of plugins.json, in order. Any failure throws one {@link PluginLoadError}; the kernel refuses
 * to start. It never logs and skips: a missing token type is a security and availability bug.
 */
import { pathToFileURL } from 'node:url';
import {
  checkPluginDefinition,
  checkPluginPackageJson,
  type Logger,
  type PluginPackageProblem,
  type PluginDefinition,
  type TokenGenerator,
  type TokenProcessor,
} from '@sts/sdk';
import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv, deepFreeze, formatAjvErrors } from '../config/ajv.js';
import { StartupErrorCode } from '../errors.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import { PluginLoadError, type LoadPhase } from './plugin-load-error.js';
import { resolvePluginPackage } from './resolve-plugin-package.js';
import { DuplicateTokenTypeError, PluginRegistry, type DisabledEntry, type LoadedInstance } from './plugin-registry.js';

export interface LoadOptions {
  /** Returns the service instance for an SDK service-ref id, or undefined when there is none. */
  readonly resolveService: (id: string) => unknown;
  readonly logger: Logger;
  readonly createTimeoutMs?: number;
}

export async function loadPlugins(manifest: Manifest, options: LoadOptions): Promise<PluginRegistry> {
  const ajv = createAjv();
  const validators = new Map<PluginDefinition, ValidateFunction>();
  const loaded: LoadedInstance[] = [];
  for (const [index, entry] of manifest.instances.entries()) {
    if (!entry.enabled) continue;
    loaded.push(await loadOne(entry, index, manifest.file, ajv, validators, options));
  }
  const disabled: DisabledEntry[] = [];
  for (const entry of manifest.instances) if (!entry.enabled) disabled.push(await describeDisabled(entry, manifest.file, options.logger));
  try {
    return new PluginRegistry(loaded, disabled);
  } catch (error) {
    if (!(error instanceof DuplicateTokenTypeError)) throw error;
    const e = error;
    throw fail('register', entryById(manifest, e.instanceId), manifest.file, StartupErrorCode.PLUGIN_DUPLICATE_TOKEN_TYPE, e.message, error);
  }
}

async function loadOne(
  entry: ManifestEntry,
  index: number,
  file: string,
  ajv: Ajv,
  validators: Map<PluginDefinition, ValidateFunction>,
  options: LoadOptions,
): Promise<LoadedInstance> {
  const plugin = await importPlugin(entry, file);

  // configure
  let validate = validators.get(plugin);
  if (!validate) {
    try {
      validate = ajv.compile(plugin.configSchema);
    } catch (error) {
      throw fail('configure', entry, file, StartupErrorCode.PLUGIN_INCOMPATIBLE, `configSchema does not compile: ${(error as Error).message}`, error);
    }
    validators.set(plugin, validate);
  }
  const config = structuredClone(entry.config) as Record<string, unknown>;
  if (!validate(config)) {
    throw fail('configure', entry, file, StartupErrorCode.PLUGIN_CONFIG_INVALID, formatAjvErrors(validate.errors, `/instances/${index}/config`));
  }

  // create
  const deps: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(plugin.deps as Record<string, { id: string }>)) {
    const service = options.resolveService(ref.id);
    if (service === undefined) throw fail('create', entry, file, StartupErrorCode.PLUGIN_CREATE_FAILED, `deps.${name} names an unknown service ${ref.id}`);
    deps[name] = service;
  }
  const logger = options.logger.child({ plugin: entry.id });
  const timeoutMs = options.createTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  let implementation: TokenProcessor | TokenGenerator;
  try {
    implementation = await Promise.race([
      Promise.resolve().then(() => plugin.create({ ...deps, config: deepFreeze(config), instanceId: entry.id, logger } as never)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CreateTimeout()), timeoutMs);
      }),
    ]);
  } catch (error) {
    if (error instanceof CreateTimeout) throw fail('create', entry, file, StartupErrorCode.PLUGIN_TIMEOUT, `create() did not finish within ${timeoutMs} ms`);
    throw fail('create', entry, file, StartupErrorCode.PLUGIN_CREATE_FAILED, `create() threw: ${(error as Error).message}`, error);
  } finally {
    clearTimeout(timer);
  }
  const method = plugin.kind === 'token-processor' ? 'process' : 'issue';
  if (typeof (implementation as unknown as Record<string, unknown>)?.[method] !== 'function') {
    throw fail('create', entry, file, StartupErrorCode.PLUGIN_CREATE_FAILED, `create() must return an object with ${method}()`);
  }
  return { id: entry.id, packageName: entry.package, definition: plugin, implementation, tokenTypes: claimedTypes(entry, plugin, file) };
}

/** The manifest may narrow what an instance claims, never widen it: a plug-in serves only the types it declares. */
function claimedTypes(entry: ManifestEntry, plugin: PluginDefinition, file: string): readonly string[] {
  if (entry.tokenTypes === undefined) return plugin.tokenTypes;
  const undeclared = entry.tokenTypes.find((t) => !plugin.tokenTypes.includes(t));
  if (undeclared !== undefined) throw fail('register', entry, file, StartupErrorCode.PLUGIN_CONFIG_INVALID, `tokenTypes: ${undeclared} is not a token type the plug-in declares`);
  return entry.tokenTypes;
}

/** resolve → import → verify: the definition of an instance's package, or a {@link PluginLoadError}. */
async function importPlugin(entry: ManifestEntry, file: string): Promise<PluginDefinition> {
  // resolve
  const resolved = resolvePluginPackage(entry.package, file);
  if (!resolved) throw fail('resolve', entry, file, StartupErrorCode.PLUGIN_NOT_FOUND, 'package not installed (run npm install)');
  const packageProblem = checkPluginPackageJson(resolved.packageJson);
  if (packageProblem) throw fail('resolve', entry, file, problemCode(packageProblem), packageProblem.message);

  // import
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolved.entry).href)) as { default?: unknown };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const missingDependency = err.code === 'ERR_MODULE_NOT_FOUND' && /Cannot find package/.test(err.message);
    throw fail(
      'import', entry, file,
      missingDependency ? StartupErrorCode.PLUGIN_DEPENDENCY_MISSING : StartupErrorCode.PLUGIN_IMPORT_FAILED,
      missingDependency ? `a dependency of the package is missing: ${err.message}` : err.message,
      error,
    );
  }

  // verify: brand (not instanceof: the plug-in may carry its own SDK copy), kind, API version, schema shape
  const definitionProblem = checkPluginDefinition(resolved.packageJson, module.default);
  if (definitionProblem) throw fail('verify', entry, file, problemCode(definitionProblem), definitionProblem.message);
  return module.default as PluginDefinition;
}

/**
 * A disabled instance is never configured or created, but its package is imported and verified when it can
 * be, so that a request needing it is refused as such (wst:RequestFailed, "instance x is disabled") rather
 * than as a token nobody understands (issue 9). A disabled package that does not load is only noted: being
 * disabled, it serves nothing either way.
 */
async function describeDisabled(entry: ManifestEntry, file: string, logger: Logger): Promise<DisabledEntry> {
  try {
    return { id: entry.id, packageName: entry.package, definition: await importPlugin(entry, file) };
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    logger.info({ plugin: entry.id, phase: error.phase, reason: error.message }, 'disabled instance not described: requests for its tokens are refused as unsupported');
    return { id: entry.id, packageName: entry.package };
  }
}

class CreateTimeout extends Error {}

function problemCode(problem: PluginPackageProblem): (typeof StartupErrorCode)[keyof typeof StartupErrorCode] {
  return problem.problem === 'not-a-plugin' ? StartupErrorCode.PLUGIN_NOT_A_PLUGIN : StartupErrorCode.PLUGIN_INCOMPATIBLE;
}

function entryById(manifest: Manifest, id: string | undefined): ManifestEntry {
  return manifest.instances.find((e) => e.id === id) ?? { id: id ?? '?', package: '?', enabled: true, config: {} };
}

function fail(
  phase: LoadPhase,
  entry: ManifestEntry,
  file: string,
  code: (typeof StartupErrorCode)[keyof typeof StartupErrorCode],
  detail: string,
  cause?: unknown,
): PluginLoadError {
  return new PluginLoadError(code, phase, entry.id, entry.package, file, detail, cause === undefined ? undefined : { cause });
}
