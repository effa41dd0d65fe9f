/**
 * The primary process never parses XML or loads a plug-in (DESIGN.md section 5): what `sts start` loads before
 * forking workers must not pull in an XML parser. Checked in a fresh node process.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagesLoadedBy } from '../../helpers/loaded-packages.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const PARSERS = ['libxml2-wasm', 'libxmljs2'];

function parsersLoadedBy(modules: readonly string[]): string[] {
  return packagesLoadedBy(modules.map((m) => pathToFileURL(join(REPO_ROOT, 'core', 'dist', m)).href), PARSERS);
}

describe('the primary process loads no XML parser', function () {
  this.timeout(30_000);

  it('the CLI and the primary (run-primary, supervisor, admin listener, banner) load neither libxml2-wasm nor libxmljs2', () => {
    expect(parsersLoadedBy(['cli/commands.js', 'process/run-primary.js'])).to.deep.equal([]);
  });

  it('the check can fail: the kernel a worker boots loads libxml2-wasm (and not libxmljs2)', () => {
    expect(parsersLoadedBy(['boot.js'])).to.deep.equal(['libxml2-wasm']);
  });
});
