import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/paths.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { tryScript } from '../helpers/try-script.js';


describe('demo/try.mjs: help, STS_PORT, an STS that is not there, and the files for xmlsec1', function () {
  this.timeout(60_000);

  it('--help prints the usage and exits 0', async () => {
    const r = await tryScript(['--help']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.include('node demo/try.mjs issue').and.include('STS_PORT').and.include('--save DIR');
  });

  it('an unknown option prints the usage and exits 2', async () => {
    const r = await tryScript(['issue', '--bogus']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include("Unknown option '--bogus'");
  });

  it('with nothing listening on STS_PORT, says so in one line and exits 1', async () => {
    const port = await freePort();
    const r = await tryScript(['issue'], { STS_PORT: String(port) });
    expect(r.status).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.deep.equal([
      `try.mjs: no STS answers at http://127.0.0.1:${port} (ECONNREFUSED); start it with npm start, or set STS_URL or STS_PORT`,
    ]);
  });

  describe('against a running STS', () => {
    let t: TestSts;
    let dir: string;
    before(async () => {
      t = await startTestSts();
      dir = tempDir('try-save');
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    it('sends to STS_PORT and --save writes assertion.xml and cert.pem that xmlsec1 verifies as the README says', async () => {
      const port = new URL(t.endpoint).port;
      const r = await tryScript(['issue', '--save', dir], { STS_PORT: port });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.include(`issue at http://127.0.0.1:${port}/idp/sts.wst`);
      const assertion = readFileSync(join(dir, 'assertion.xml'), 'utf8');
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      expect(xmlsecVerifyAssertion(assertion, cert).verdict).to.equal('OK');
      expect(xmlsecVerifyAssertion(assertion.replace('>joe<', '>eve<'), cert).verdict, 'a tampered twin').to.equal('FAIL');
    });

    it('renew issues a renewable token and renews it; the new assertion verifies with xmlsec1 (README "Renew and Cancel")', async () => {
      const port = new URL(t.endpoint).port;
      const r = await tryScript(['renew'], { STS_PORT: port });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/issued renewable token (\S+) for joe/).and.include('renew at ').and.include('HTTP 200');
      const oldId = /issued renewable token (\S+) for joe/.exec(r.stderr)![1]!;
      const newId = /\sID="([^"]+)"/.exec(r.stdout)![1]!;
      expect(newId).to.not.equal(oldId);
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      expect(xmlsecVerifyAssertion(r.stdout.trim(), cert).verdict).to.equal('OK');
      // The renewed token is gone: renewing it again by --id is refused with wst:UnableToRenew.
      const again = await tryScript(['renew', '--id', oldId], { STS_PORT: port });
      expect(again.status).to.equal(1);
      expect(again.stdout).to.include('UnableToRenew');
    });

    it('cancel by --token (the saved assertion.xml) prints cancelled; a second cancel is refused', async () => {
      const port = new URL(t.endpoint).port;
      const file = join(dir, 'assertion.xml');
      const r = await tryScript(['cancel', '--token', file], { STS_PORT: port });
      expect(r.status, r.stderr + r.stdout).to.equal(0);
      expect(r.stdout.trim()).to.equal('cancelled');
      const again = await tryScript(['cancel', '--token', file], { STS_PORT: port });
      expect(again.status).to.equal(1);
      expect(again.stdout).to.include('InvalidRequest');
    });
  });
});
