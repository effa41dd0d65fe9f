import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagesLoadedBy } from '../helpers/loaded-packages.js';
import { REPO_ROOT } from '../helpers/paths.js';

const XML_TOOLKIT = ['libxml2-wasm', 'libxmljs2', 'xml-crypto', '@xmldom/xmldom'];

/** The XML-toolkit packages a fresh node process has loaded after importing `specifier`. */
function toolkitLoadedBy(specifier: string): string[] {
  return packagesLoadedBy([specifier], XML_TOOLKIT);
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

  it('the probe sees the toolkit when an entry point does load it (@sts/sdk/xml, @sts/sdk/client, @sts/sdk/testing/xml)', () => {
    // The parser is libxml2-wasm, and signatures are verified on its tree (issue 12): the XML toolkit the STS
    // runs is that one package. The client signs messages with xml-crypto; libxmljs2 is left to the testing
    // helper readXml (XPath over what a test produced).
    expect(toolkitLoadedBy('@sts/sdk/xml')).to.deep.equal(['libxml2-wasm']);
    expect(toolkitLoadedBy('@sts/sdk/client')).to.include.members(['libxml2-wasm', 'xml-crypto']);
    expect(toolkitLoadedBy('@sts/sdk/testing/xml')).to.include('libxmljs2');
  });

  for (const entry of ['@sts/sdk', '@sts/sdk/testing', '@sts/jwt-token-processor', '@sts/jwt-generator']) {
    it(`importing ${entry} loads none of ${XML_TOOLKIT.join(', ')}`, () => {
      expect(toolkitLoadedBy(entry)).to.deep.equal([]);
    });
  }
});
