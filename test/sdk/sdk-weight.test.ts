import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

const XML_TOOLKIT = ['libxmljs2', 'xml-crypto', '@xmldom/xmldom'];

/** The XML-toolkit packages a fresh node process has loaded after importing `specifier` (all three are CommonJS, so they show in require.cache). */
function toolkitLoadedBy(specifier: string): string[] {
  const probe = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(specifier)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(${JSON.stringify(XML_TOOLKIT)}.filter((name) => loaded.some((path) => path.includes('/node_modules/' + name + '/')))));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

describe('sdk: the contract part carries no native XML parser', () => {
  it('sdk/package.json has the XML toolkit as optional peers only', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'sdk', 'package.json'), 'utf8'));
    for (const name of XML_TOOLKIT) {
      expect(pkg.dependencies, name).not.to.have.property(name);
      expect(pkg.peerDependencies, name).to.have.property(name);
      expect(pkg.peerDependenciesMeta[name], name).to.deep.equal({ optional: true });
    }
  });

  it('the probe sees the toolkit when an entry point does load it (@sts/sdk/xml, @sts/sdk/testing/xml)', () => {
    expect(toolkitLoadedBy('@sts/sdk/xml')).to.include('libxmljs2');
    expect(toolkitLoadedBy('@sts/sdk/testing/xml')).to.include('libxmljs2');
  });

  for (const entry of ['@sts/sdk', '@sts/sdk/testing', '@sts/jwt-token-processor', '@sts/jwt-generator']) {
    it(`importing ${entry} loads none of ${XML_TOOLKIT.join(', ')}`, () => {
      expect(toolkitLoadedBy(entry)).to.deep.equal([]);
    });
  }
});
