/**
 * The primary process never parses XML or loads a plug-in (DESIGN.md section 5): what `sts start` loads before
 * forking workers must not pull in the native XML parser. Checked in a fresh node process.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../helpers/paths.js';

function loadsLibxml(modules: readonly string[]): boolean {
  const imports = modules.map((m) => `await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'core', 'dist', m)).href)});`).join('\n');
  const script = `${imports}
import { createRequire } from 'node:module';
const cache = Object.keys(createRequire(import.meta.url).cache);
process.stdout.write(String(cache.some((k) => k.includes('libxmljs2'))));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).to.equal(0);
  return run.stdout === 'true';
}

describe('the primary process loads no XML parser', function () {
  this.timeout(30_000);

  it('the CLI and the primary (run-primary, supervisor, admin listener, banner) do not load libxmljs2', () => {
    expect(loadsLibxml(['cli/commands.js', 'process/run-primary.js'])).to.equal(false);
  });

  it('the check can fail: the kernel a worker boots does load it', () => {
    expect(loadsLibxml(['boot.js'])).to.equal(true);
  });
});
