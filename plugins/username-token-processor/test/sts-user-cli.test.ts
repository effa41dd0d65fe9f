import { spawn } from 'node:child_process';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { passwordDigestToken, passwordTextToken, receivedToken } from './helpers/username-token.js';
import { JOE, createFixture, expectRefused, removeFixtures, temporaryDirectory } from './helpers/processor-fixture.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled sts-user with `stdin` piped in, as `printf 'secret\n' | sts-user ...` would. */
function stsUser(args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('sts-user CLI', () => {
  afterEach(removeFixtures);

  it('adds a user that can then log in, without re-creating the processor', async () => {
    const f = await createFixture({}, [JOE]);
    const carol = () => f.processor.process(receivedToken(passwordTextToken('carol', 'carol-pw')));
    await expectRefused(carol(), /unknown user "carol"/);

    const run = await stsUser(['add', 'carol', '--file', f.usersFile, '--attr', 'mail=carol@example.com', '--attr', 'role=a', '--attr', 'role=b'], 'carol-pw\n');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/added user carol/);
    // The test may run within the file system's mtime granularity of the fixture write.
    await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
    f.clock.advance(2);

    const result = await carol();
    expect(result.subject).to.equal('carol');
    expect(result.attributes).to.deep.equal({ mail: ['carol@example.com'], role: ['a', 'b'] });
    expect((await f.processor.process(receivedToken(passwordTextToken(JOE.username, JOE.password)))).subject).to.equal('joe');
  });

  it('creates a missing file with mode 0600 and never prints the password', async () => {
    const file = join(await temporaryDirectory(), 'new-users.json');
    const run = await stsUser(['add', 'dave', '--file', file], 'S3cret-dave\n');
    expect(run.code, run.stderr).to.equal(0);
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect(run.stdout + run.stderr).not.to.contain('S3cret-dave');
    const data = JSON.parse(await readFile(file, 'utf8'));
    expect(data.users[0].username).to.equal('dave');
    expect(data.users[0].password).to.match(/^scrypt\$16384\$8\$1\$/);
    expect(data.users[0]).not.to.have.property('digestPassword');
  });

  it('replaces an existing user of the same name, and --allow-digest enables PasswordDigest', async () => {
    const f = await createFixture({}, [JOE]);
    const run = await stsUser(['add', 'joe', '--file', f.usersFile, '--allow-digest'], 'new-password\r\n');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/replaced user joe/);
    expect(run.stderr).to.match(/clear text/);
    await utimes(f.usersFile, new Date(), new Date(Date.now() + 5000));
    f.clock.advance(2);
    const token = passwordDigestToken('joe', 'new-password', f.clock.now().toISOString());
    expect((await f.processor.process(receivedToken(token))).subject).to.equal('joe');
    await expectRefused(f.processor.process(receivedToken(passwordTextToken('joe', JOE.password))), /wrong password/);
    expect(JSON.parse(await readFile(f.usersFile, 'utf8')).users).to.have.length(1);
  });

  it('lists the usernames, one per line', async () => {
    const file = join(await temporaryDirectory(), 'users.json');
    await stsUser(['add', 'erin', '--file', file], 'pw1\n');
    await stsUser(['add', 'frank', '--file', file], 'pw2\n');
    const run = await stsUser(['list', '--file', file]);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal('erin\nfrank\n');
  });

  it('removes a user, who can then no longer log in; removing an unknown user exits 1', async () => {
    const file = join(await temporaryDirectory(), 'users.json');
    await stsUser(['add', 'erin', '--file', file], 'pw1\n');
    await stsUser(['add', 'frank', '--file', file], 'pw2\n');
    const run = await stsUser(['remove', 'erin', '--file', file]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/removed user erin/);
    expect((await stsUser(['list', '--file', file])).stdout).to.equal('frank\n');
    const again = await stsUser(['remove', 'erin', '--file', file]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/no user erin/);
    expect((await stsUser(['list', '--file', file])).stdout).to.equal('frank\n');
  });

  for (const [what, args] of [
    ['no command', ['--file', 'x.json']],
    ['an unknown command', ['delete', 'joe', '--file', 'x.json']],
    ['remove without a username', ['remove', '--file', 'x.json']],
    ['add without --file', ['add', 'joe']],
    ['add without a username', ['add', '--file', 'x.json']],
    ['add with two usernames', ['add', 'a', 'b', '--file', 'x.json']],
    ['an unknown option', ['list', '--file', 'x.json', '--force']],
    ['an --attr without =', ['add', 'joe', '--file', 'x.json', '--attr', 'mail']],
    ['a username with a control character', ['add', 'jo\u0007e', '--file', 'x.json']],
  ] as const) {
    it(`exits 2 with a usage message for ${what}`, async () => {
      const run = await stsUser(args, 'pw\n');
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/usage:/);
    });
  }

  it('exits 1 when stdin has no password', async () => {
    const file = join(await temporaryDirectory(), 'users.json');
    const run = await stsUser(['add', 'gina', '--file', file], '');
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/no password on stdin/);
  });

  it('exits 1 and leaves an invalid users file untouched', async () => {
    const file = join(await temporaryDirectory(), 'users.json');
    await writeFile(file, '{"users":[],"extra":1}');
    const run = await stsUser(['add', 'hank', '--file', file], 'pw\n');
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('has unknown property "extra"');
    expect(await readFile(file, 'utf8')).to.equal('{"users":[],"extra":1}');
  });
});
