/**
 * Phase `resolve`: finds a plug-in package's folder, package.json and entry file without importing it.
 * Package names are looked up in node_modules folders from the manifest's folder upwards (as Node does);
 * paths starting with ./ or ../ are relative to the manifest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface ResolvedPackage {
  readonly dir: string;
  readonly packageJson: {
    readonly name?: string;
    readonly exports?: unknown;
    readonly main?: string;
    readonly sts?: { readonly kind?: unknown; readonly apiVersion?: unknown };
    readonly peerDependencies?: Readonly<Record<string, string>>;
  };
  readonly entry: string;
}

export function resolvePluginPackage(spec: string, manifestFile: string): ResolvedPackage | undefined {
  const base = dirname(resolve(manifestFile));
  const dir = spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec) ? resolve(base, spec) : findInNodeModules(spec, base);
  if (dir === undefined || !existsSync(join(dir, 'package.json'))) return undefined;
  const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as ResolvedPackage['packageJson'];
  return { dir, packageJson, entry: join(dir, entryOf(packageJson)) };
}

function findInNodeModules(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The "." export (string, or its import/default condition), else main, else index.js. */
function entryOf(pkg: ResolvedPackage['packageJson']): string {
  let target: unknown = pkg.exports;
  if (target && typeof target === 'object' && '.' in (target as object)) target = (target as Record<string, unknown>)['.'];
  if (target && typeof target === 'object') {
    const conditions = target as Record<string, unknown>;
    target = conditions['import'] ?? conditions['default'];
  }
  if (typeof target === 'string') return target;
  return pkg.main ?? 'index.js';
}
