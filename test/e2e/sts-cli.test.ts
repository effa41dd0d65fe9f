/**
 * The `sts` command line, run as a user runs it (`npm run sts -- <command>` runs core/dist/main.js).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TEST_KEYS_DIR, tempDir } from '../helpers/paths.js';
import { demoConfig, demoInstances } from '../helpers/start-test-sts.js';

function sts(args: readonly string[], stdin = '') {
  const run = spawnSync(process.execPath, ['core/dist/main.js', ...args], { cwd: REPO_ROOT, input: stdin, encoding: 'utf8', env: { ...process.env, STS_PORT: '', STS_LOG_LEVEL: '' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A config and manifest in a fresh folder: the demo profile plus changes. */
function profile(change: (config: Record<string, any>) => void = () => undefined, instances: object[] = demoInstances()) {
  const dir = tempDir('cli');
  const config = { ...demoConfig(), keys: { signing: [], devKeysDir: TEST_KEYS_DIR } };
  change(config);
  const configFile = join(dir, 'sts.config.json');
  const manifestFile = join(dir, 'plugins.json');
  writeFileSync(configFile, JSON.stringify(config));
  writeFileSync(manifestFile, JSON.stringify({ instances }));
  return { dir, configFile, manifestFile, files: ['--config', configFile, '--plugins', manifestFile] };
}

describe('e2e: the sts command line', function () {
  this.timeout(60_000);

  it('--help lists every command, and `<command> --help` shows one', () => {
    const all = sts(['--help']);
    expect(all.code).to.equal(0);
    for (const command of ['start', 'config check', 'plugins list', 'keys generate', 'users add|list|remove', 'reload']) expect(all.stdout).to.include(`sts ${command}`);
    const one = sts(['config', 'check', '--help']);
    expect(one.code).to.equal(0);
    expect(one.stdout).to.match(/^usage: sts config check/);
    for (const command of [['start'], ['plugins', 'list'], ['keys', 'generate'], ['users'], ['reload']]) {
      expect(sts([...command, '--help']).stdout, command.join(' ')).to.match(/^usage: sts /);
    }
  });

  it('`client-secret` prints a scrypt hash of the secret on standard input that the OAuth face accepts, and refuses a secret on the command line', async () => {
    const { parseSecretHash, verifySecret } = await import(join(REPO_ROOT, 'core', 'dist', 'http', 'client-secret-hash.js'));
    const run = sts(['client-secret'], 'a-long-client-secret\n');
    expect(run.code, run.stderr).to.equal(0);
    const hash = run.stdout.trim();
    expect(hash).to.match(/^scrypt\$16384\$8\$1\$/);
    expect(await verifySecret('a-long-client-secret', parseSecretHash(hash))).to.equal(true);
    expect(await verifySecret('a-long-client-secreT', parseSecretHash(hash))).to.equal(false);
    const onArgv = sts(['client-secret', 'a-long-client-secret']);
    expect(onArgv.code).to.equal(2);
  });

  it('refuses an unknown command or option with exit status 2 and the usage', () => {
    const unknown = sts(['frobnicate']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/unknown command frobnicate/);
    const option = sts(['config', 'check', '--force']);
    expect(option.code).to.equal(2);
    expect(option.stderr).to.match(/usage: sts config check/);
  });

  it('`config check` passes the demo profile and loads every plug-in', () => {
    const p = profile();
    const run = sts(['config', 'check', ...p.files]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`config ok: ${p.configFile}`);
    expect(run.stdout).to.match(/plug-ins ok: .*\(9 active, 0 disabled\)/);
  });

  for (const [what, change, instances, code, where] of [
    ['workers below 1', (c: any) => (c.server = { ...c.server, workers: 0 }), undefined, 'STS_ERR_CONFIG_INVALID', '/server/workers'],
    ['an unknown server key', (c: any) => (c.server = { ...c.server, threads: 2 }), undefined, 'STS_ERR_CONFIG_INVALID', '/server'],
    ['a TLS certificate file that does not exist', (c: any) => (c.server = { ...c.server, tls: { certificateFile: '/nonexistent/cert.pem', keyFile: '/nonexistent/key.pem' } }), undefined, 'STS_ERR_TLS_INVALID', '/server/tls/certificateFile'],
    ['a TLS key without its certificate', (c: any) => (c.server = { ...c.server, tls: { keyFile: '/nonexistent/key.pem' } }), undefined, 'STS_ERR_TLS_INVALID', '/server/tls'],
    ['a TLS key that does not match its certificate', (c: any) => (c.server = { ...c.server, tls: { certificateFile: join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), keyFile: join(REPO_ROOT, 'demo', 'idp', 'demo-idp-key.pem') } }), undefined, 'STS_ERR_TLS_INVALID', 'does not match'],
    ['the memory state backend with two workers', (c: any) => ((c.server = { ...c.server, workers: 2 }), (c.state = { backend: 'memory' })), undefined, 'STS_ERR_CONFIG_INVALID', '/state/backend'],
    ['a plug-in package that is not installed', () => undefined, [...demoInstances(), { id: 'ghost', package: '@sts/not-installed' }], 'STS_ERR_PLUGIN_NOT_FOUND', 'ghost'],
  ] as const) {
    it(`\`config check\` exits 1 with the code and the JSON path for ${what}`, () => {
      const p = profile(change, instances as object[] | undefined);
      const run = sts(['config', 'check', ...p.files]);
      expect(run.code, run.stdout).to.equal(1);
      expect(run.stderr).to.include(code);
      expect(run.stderr).to.include(where);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
    });
  }

  it('`sts start` refuses the same bad config with the same coded one-line error and exit status 1', () => {
    const p = profile((c) => (c.server = { ...c.server, workers: 0 }));
    const run = sts(['start', ...p.files]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^sts: cannot start: STS_ERR_CONFIG_INVALID: .*\/server\/workers/);
  });

  it('`plugins list` prints each instance with its state, kind, package and token types', () => {
    const p = profile(() => undefined, demoInstances().map((i) => (i['id'] === 'saml11' ? { ...i, enabled: false } : i)));
    const run = sts(['plugins', 'list', ...p.files]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^saml20\tactive\ttoken-generator\t@sts\/saml20-generator\turn:oasis:names:tc:SAML:2\.0:assertion/m);
    expect(run.stdout).to.match(/^saml11\tdisabled$/m);
    expect(run.stdout).to.match(/^username\tactive\ttoken-processor\t@sts\/username-token-processor/m);
  });

  it('`keys generate` writes a matching key (mode 0600) and certificate, never overwrites, and the config using them passes', () => {
    const out = join(tempDir('keys'), 'keys');
    const run = sts(['keys', 'generate', '--out', out, '--kid', 'prod-1', '--bits', '2048']);
    expect(run.code, run.stderr).to.equal(0);
    const keyFile = join(out, 'prod-1-key.pem');
    const certificateFile = join(out, 'prod-1-cert.pem');
    expect(statSync(keyFile).mode & 0o777).to.equal(0o600);
    expect(new X509Certificate(readFileSync(certificateFile)).checkPrivateKey(createPrivateKey(readFileSync(keyFile)))).to.equal(true);
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf('{')))).to.deep.equal({ kid: 'prod-1', privateKeyFile: keyFile, certificateFile });
    const before = readFileSync(keyFile, 'utf8');
    const again = sts(['keys', 'generate', '--out', out, '--kid', 'prod-1']);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/exists: not overwriting/);
    expect(readFileSync(keyFile, 'utf8')).to.equal(before);
    expect(sts(['keys', 'generate', '--out', out, '--kid', 'bad kid!']).code).to.equal(2);

    const p = profile((c) => (c.keys = { signing: [{ kid: 'prod-1', privateKeyFile: keyFile, certificateFile }] }));
    const check = sts(['config', 'check', ...p.files]);
    expect(check.code, check.stderr).to.equal(0);
  });

  it('`users add|list|remove` maintains the users file the manifest configures', () => {
    const dir = tempDir('users');
    const usersFile = join(dir, 'users.json');
    const p = profile(() => undefined, demoInstances().map((i) => (i['id'] === 'username' ? { ...i, config: { ...i['config'], usersFile } } : i)));
    const add = sts(['users', 'add', 'gina', '--plugins', p.manifestFile], 'gina-pw\n');
    expect(add.code, add.stderr).to.equal(0);
    expect(add.stdout).to.match(/added user gina/);
    expect(existsSync(usersFile)).to.equal(true);
    expect(sts(['users', 'list', '--plugins', p.manifestFile]).stdout).to.equal('gina\n');
    expect(sts(['users', 'remove', 'gina', '--plugins', p.manifestFile]).code).to.equal(0);
    expect(sts(['users', 'list', '--plugins', p.manifestFile]).stdout).to.equal('');
    const none = sts(['users', 'list', '--plugins', p.manifestFile, '--instance', 'saml20']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/no instance saml20 .* ships sts-user/);
  });

  it('`reload` exits 1 and says so when no STS is running', () => {
    const p = profile((c) => (c.server = { ...c.server, pidFile: join(tempDir('pid'), 'sts.pid') }));
    const run = sts(['reload', '--config', p.configFile]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/no running STS: cannot read .*sts\.pid/);
  });
});
