import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/paths.js';

// The bench itself is a measurement and never runs in the suite (speed is not asserted); this only proves that
// the script loads its modules and states its options, so a broken import is caught before someone runs it.
describe('npm run bench', () => {
  it('bench/bench.mjs --help prints its options and scenarios without starting anything', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench', 'bench.mjs'), '--help'], { cwd: REPO_ROOT, timeout: 15_000 });
    expect(stdout).to.include('--seconds');
    expect(stdout).to.include('--only');
    expect(stdout).to.match(/Scenarios: jwt-saml2, username-saml2, x509-saml2, jwt-jwt, validate-saml2, half-load/);
  });

  it('refuses an unknown scenario name', async () => {
    const error = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench', 'bench.mjs'), '--only', 'nope'], { cwd: REPO_ROOT, timeout: 15_000 }).then(
      () => expect.fail('it ran'),
      (e: { code: number; stderr: string }) => e,
    );
    expect(error.code).to.equal(1);
    expect(error.stderr).to.include('--only: one of');
  });
});
