import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StsClient } from '@sts/sdk/client';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';
import { freePort } from '../helpers/free-port.js';
import { demoConfig } from '../helpers/start-test-sts.js';

describe('e2e: the sts command, as `npm start` runs it', () => {
  let child: ChildProcess | undefined;
  let output = '';
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('starts on the demo profile, prints its endpoints, the demo user and partner, and issues', async function () {
    this.timeout(60_000);
    const port = await freePort();
    child = spawn(process.execPath, ['core/dist/main.js'], { cwd: REPO_ROOT, env: { ...process.env, STS_PORT: String(port), STS_ADMIN_PORT: String(await freePort()), STS_TLS_PORT: String(await freePort()), STS_LOG_LEVEL: 'warn' } });
    output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 15_000;
    while (!output.includes('STS listening') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(output).to.include(`STS listening on http://127.0.0.1:${port}`);
    expect(output).to.include(`POST http://127.0.0.1:${port}/idp/sts.wst`);
    expect(output).to.include(`POST http://127.0.0.1:${port}/as/token.oauth2`);
    expect(output).to.include('demo-client');
    expect(output).to.include('joe / 2Federate');
    expect(output).to.include('urn:example:sp');
    expect(output).to.match(/active\s+username \(token-processor, @sts\/username-token-processor\)/);
    expect(output).to.match(/active\s+saml20 \(token-generator, @sts\/saml20-generator\)/);

    const r = await new StsClient({ endpoint: `http://127.0.0.1:${port}/idp/sts.wst` }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
    expect(r.ok).to.equal(true);
    const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x5c: string[] }[] };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]!.x5c).to.have.length(1);

    // The README's demo commands, one per role.
    for (const [args, expected] of [
      [['issue'], /^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2\.0:assertion"/],
      [['issue', '--token-type', 'saml11'], /^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1\.0:assertion"/],
      [['issue', '--token-type', 'jwt'], /^eyJ/],
      [['issue', '--as', 'x509'], /CN=demo-client,OU=Clients,O=Example Demo,C=US/],
      [['issue', '--as', 'idp'], />alice<\/saml:NameID>/],
      [['issue', '--as', 'jwt'], /<saml:Audience>urn:example:translated<\/saml:Audience>/],
      [['validate', '--as', 'idp'], /^status: valid$/m],
      [['exchange'], /^eyJ/],
      [['exchange', '--as', 'idp', '--token-type', 'saml2'], /^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2\.0:assertion"/],
      [['exchange', '--as', 'access-token', '--token-type', 'saml1'], /^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1\.0:assertion"/],
      [['exchange', '--grant', 'jwt-bearer'], /"token_type":"Bearer"/],
      [['exchange', '--grant', 'saml2-bearer'], /"issued_token_type":"urn:ietf:params:oauth:token-type:access_token"/],
    ] as const) {
      const run = await new Promise<{ code: number | null; out: string }>((ok) => {
        const tryIt = spawn(process.execPath, ['demo/try.mjs', ...args], { cwd: REPO_ROOT, env: { ...process.env, STS_URL: `http://127.0.0.1:${port}` } });
        let out = '';
        tryIt.stdout.on('data', (d) => (out += d));
        tryIt.on('close', (code) => ok({ code, out }));
      });
      expect(run.code, `try.mjs ${args.join(' ')}: ${run.out}`).to.equal(0);
      expect(run.out, `try.mjs ${args.join(' ')}`).to.match(expected);
    }
  });

  it('refuses to start on an invalid config, with the code, the file and the JSON path, and exit status 1', () => {
    const raw = demoConfig();
    raw['spConnections'][0]['lifetime'] = { minutesAfter: 'long' };
    const file = join(tempDir('config'), 'sts.config.json');
    writeFileSync(file, JSON.stringify(raw));
    const r = spawnSync(process.execPath, ['core/dist/main.js', '--config', file], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include('STS_ERR_CONFIG_INVALID');
    expect(r.stderr).to.include(file);
    expect(r.stderr).to.include('/spConnections/0/lifetime/minutesAfter: must be integer');
    expect(r.stderr).to.not.match(/\n\s+at /);
  });

  it('refuses to start when plugins.json names a package that is not installed', () => {
    const file = join(tempDir('manifest'), 'plugins.json');
    writeFileSync(file, JSON.stringify({ instances: [{ id: 'ghost', package: '@sts/ghost-generator' }] }));
    const r = spawnSync(process.execPath, ['core/dist/main.js', '--plugins', file], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include('STS_ERR_PLUGIN_NOT_FOUND');
    expect(r.stderr).to.include("instance 'ghost'");
  });
});
