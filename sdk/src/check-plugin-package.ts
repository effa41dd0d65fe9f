/**
 * The checks the kernel's loader and `verifyPlugin()` share: the package declares what it is, the default
 * export carries the SDK brand (never `instanceof`: a plug-in may bring its own SDK copy), and kind, API
 * version and the SDK peer range agree.
 * @public
 */
import { pluginBrand } from './define-plugin.js';
import { PLUGIN_API_VERSION, type PluginDefinition } from './plugin-types.js';

/** The fields of a plug-in's package.json the checks read. @public */
export interface PluginPackageJson {
  readonly name?: string;
  readonly sts?: { readonly kind?: unknown; readonly apiVersion?: unknown };
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** Why a package is refused: `not-a-plugin` (it does not say or is not one) or `incompatible`. @public */
export interface PluginPackageProblem {
  readonly problem: 'not-a-plugin' | 'incompatible';
  readonly message: string;
}

/** Checks package.json alone, before anything is imported. @public */
export function checkPluginPackageJson(pkg: PluginPackageJson): PluginPackageProblem | undefined {
  const kind = pkg.sts?.kind;
  if (kind !== 'token-processor' && kind !== 'token-generator') {
    return { problem: 'not-a-plugin', message: 'package.json has no "sts": {"kind": "token-processor" | "token-generator"}' };
  }
  if (pkg.sts?.apiVersion !== PLUGIN_API_VERSION) {
    return { problem: 'incompatible', message: `package.json declares plug-in API version ${String(pkg.sts?.apiVersion)}; this SDK implements ${PLUGIN_API_VERSION}` };
  }
  const range = pkg.peerDependencies?.['@sts/sdk'];
  if (range === undefined || !/^[\^~]?1(\.|$)/.test(range.trim())) {
    return { problem: 'incompatible', message: `peerDependencies["@sts/sdk"] must accept SDK 1.x (found ${range ?? 'none'})` };
  }
  return undefined;
}

/** Checks the imported default export against its package.json. @public */
export function checkPluginDefinition(pkg: PluginPackageJson, definition: unknown): PluginPackageProblem | undefined {
  const brand = pluginBrand(definition);
  if (!brand) return { problem: 'not-a-plugin', message: 'the default export is not made by defineTokenProcessor or defineTokenGenerator' };
  if (brand.kind !== pkg.sts?.kind) {
    return { problem: 'incompatible', message: `package.json says ${String(pkg.sts?.kind)} but the default export is a ${brand.kind}` };
  }
  if (brand.apiVersion !== PLUGIN_API_VERSION) {
    return { problem: 'incompatible', message: `the definition declares plug-in API version ${brand.apiVersion}; this SDK implements ${PLUGIN_API_VERSION}` };
  }
  const schema = (definition as PluginDefinition).configSchema as { additionalProperties?: unknown } | undefined;
  if (!schema || schema.additionalProperties !== false) {
    return { problem: 'incompatible', message: 'configSchema must be a JSON Schema object with additionalProperties: false' };
  }
  return undefined;
}
