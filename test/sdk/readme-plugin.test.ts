import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator } from '@sts/sdk/testing';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';

/** The fenced blocks of one language in the README's "Write a token plug-in" section, in order. */
function readmeBlocks(language: string): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Write a token plug-in');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

describe('README "Write a token plug-in", followed literally, builds and runs', function () {
  this.timeout(120_000);
  let root: string;
  let pluginDir: string;

  before(() => {
    // A copy of the repository's shape: the root files the plug-in's tsconfig names, the SDK, and plugins/<name>/
    // with the README's files. Inside the repository, so that node_modules (and @sts/sdk) resolve as for a workspace.
    root = tempDir('readme-plugin');
    copyFileSync(join(REPO_ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: 'sdk' }] }));
    symlinkSync(join(REPO_ROOT, 'sdk'), join(root, 'sdk'), 'dir');
    pluginDir = join(root, 'plugins', 'my-token-generator');
    mkdirSync(join(pluginDir, 'src'), { recursive: true });
    const [packageJson, tsconfig] = readmeBlocks('json');
    writeFileSync(join(pluginDir, 'package.json'), packageJson!);
    writeFileSync(join(pluginDir, 'tsconfig.json'), tsconfig!);
    writeFileSync(join(pluginDir, 'src', 'index.ts'), readmeBlocks('ts')[0]!);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the repository\'s build script compiles a new plugins/<name>/ that no other file names', () => {
    const script = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts.build as string;
    const run = spawnSync('sh', ['-c', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env['PATH']}` },
    });
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    expect(existsSync(join(pluginDir, 'dist', 'src', 'index.js'))).to.equal(true);
  });

  it('the built package loads through its package.json "exports" and issues with the config typed from its schema', async () => {
    expect((await runGenerator({ packageDir: pluginDir, request: { subject: { name: 'alice', format: 'x' } } })).text).to.equal('my:alice');
    expect((await runGenerator({ packageDir: pluginDir, config: { prefix: 'x' } })).text).to.equal('x:joe');
  });
});
