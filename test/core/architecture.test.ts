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

  it('core/src/exchange imports nothing from a face (ws-trust, oauth, metadata) nor from http/ or kernel.ts', () => {
    const exchange = join(REPO_ROOT, 'core', 'src', 'exchange');
    const files = sources(exchange);
    expect(files.length).to.be.greaterThan(3);
    const faces = ['ws-trust', 'oauth', 'metadata', 'http'].map((f) => join(REPO_ROOT, 'core', 'src', f));
    for (const file of files) {
      for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec);
        const face = faces.find((f) => target === f || target.startsWith(f + '/'));
        expect(face, `${relative(REPO_ROOT, file)} imports ${spec}`).to.equal(undefined);
        expect(target.replace(/\.js$/, ''), `${relative(REPO_ROOT, file)} imports ${spec}`).to.not.equal(join(REPO_ROOT, 'core', 'src', 'kernel'));
      }
    }
  });

  it('nothing in core/src/exchange imports koa, a router or a SOAP/XML toolkit', () => {
    for (const file of sources(join(REPO_ROOT, 'core', 'src', 'exchange'))) {
      for (const spec of imports(file)) {
        expect(spec, relative(REPO_ROOT, file)).to.not.match(/^(koa|@koa\/|libxml2-wasm|libxmljs2|xml-crypto|@xmldom\/|@sts\/sdk\/xml)/);
      }
    }
  });

  it('the faces import nothing from each other: the OAuth face knows no SOAP, the WS-Trust face no form field', () => {
    const face = (name: string) => join(REPO_ROOT, 'core', 'src', name);
    for (const [from, other] of [['oauth', 'ws-trust'], ['ws-trust', 'oauth']] as const) {
      const files = sources(face(from));
      expect(files.length, from).to.be.greaterThan(3);
      for (const file of files) {
        for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
          const target = resolve(dirname(file), spec);
          expect(target.startsWith(face(other) + '/'), `${relative(REPO_ROOT, file)} imports ${spec}`).to.equal(false);
        }
        if (from === 'oauth') for (const spec of imports(file)) expect(spec, relative(REPO_ROOT, file)).to.not.match(/^(libxml2-wasm|libxmljs2|xml-crypto|@xmldom\/|@sts\/sdk\/xml)/);
      }
    }
  });

  it('core/src shows the exchange and the faces as folders', () => {
    const folders = readdirSync(join(REPO_ROOT, 'core', 'src')).filter((n) => statSync(join(REPO_ROOT, 'core', 'src', n)).isDirectory());
    expect(folders).to.include.members(['exchange', 'ws-trust', 'oauth', 'policy', 'plugins', 'config', 'http']);
    expect(folders).to.not.include.members(['soap', 'trust', 'wssecurity']);
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
