/**
 * Which packages a fresh node process loads after importing some modules: CommonJS ones show in
 * `require.cache`; ES modules (libxml2-wasm is one) do not, so a module resolve hook, registered before the
 * imports, writes every URL it resolves to a file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_MODULES_LOG, resolved.url + '\\n');
  return resolved;
}
`;

/**
 * The names among `packages` that are loaded once `specifiers` (package names or file URLs) are imported, in
 * the order of `packages`.
 */
export function packagesLoadedBy(specifiers: readonly string[], packages: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'loaded-'));
  try {
    const hooks = join(dir, 'hooks.mjs');
    const log = join(dir, 'resolved.log');
    writeFileSync(hooks, HOOKS);
    writeFileSync(log, '');
    const script = `import { register, createRequire } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join('\n')}
process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOADED_MODULES_LOG: log },
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const paths = [...(JSON.parse(run.stdout) as string[]), ...readFileSync(log, 'utf8').split('\n')];
    return packages.filter((name) => paths.some((path) => path.includes(`/node_modules/${name}/`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
