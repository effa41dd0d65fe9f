import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const pluginPackages = readdirSync(join(REPO_ROOT, 'plugins')).map((dir) => JSON.parse(readFileSync(join(REPO_ROOT, 'plugins', dir, 'package.json'), 'utf8')).name as string);

describe('architecture: dependencies point plugins -> sdk <- core', () => {
  it('finds the packages it checks', () => {
    expect(pluginPackages).to.include.members(['@sts/username-token-processor', '@sts/saml20-generator']);
    expect(sources(join(REPO_ROOT, 'core', 'src')).length).to.be.greaterThan(10);
  });

  it('core/ imports nothing from plugins/', () => {
    for (const file of sources(join(REPO_ROOT, 'core', 'src'))) {
      for (const spec of imports(file)) {
        const target = spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
        expect(target.startsWith(join(REPO_ROOT, 'plugins')), `${relative(REPO_ROOT, file)} imports ${spec}`).to.equal(false);
        expect(pluginPackages, `${relative(REPO_ROOT, file)} imports ${spec}`).to.not.include(spec);
      }
    }
  });

  it('core/ names no token type (it knows none)', () => {
    for (const file of sources(join(REPO_ROOT, 'core', 'src'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(REPO_ROOT, file)).to.not.match(/SAML:2\.0:assertion|SAMLV2\.0|TokenType\.Saml|username-token-profile/);
    }
  });

  it('the SDK and the plug-ins never import the core', () => {
    const files = [join(REPO_ROOT, 'sdk', 'src'), ...readdirSync(join(REPO_ROOT, 'plugins')).map((d) => join(REPO_ROOT, 'plugins', d))].flatMap(sources);
    expect(files.length).to.be.greaterThan(10);
    for (const file of files) {
      for (const spec of imports(file)) {
        expect(spec, relative(REPO_ROOT, file)).to.not.match(/^@sts\/core|(\.\.\/)+core\//);
      }
    }
  });

  it('only core/ imports tsyringe', () => {
    const files = [join(REPO_ROOT, 'sdk', 'src'), ...readdirSync(join(REPO_ROOT, 'plugins')).map((d) => join(REPO_ROOT, 'plugins', d))].flatMap(sources);
    for (const file of files) expect(imports(file), relative(REPO_ROOT, file)).to.not.include('tsyringe');
  });
});
