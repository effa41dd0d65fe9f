import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

/** Debian's python3 with python3-zeep (.ci/run installs it); the test fails, not skips, without it. */
const PYTHON = '/usr/bin/python3';

function zeep(args: string[]): Promise<{ code: number | null; lines: Record<string, string>[]; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(PYTHON, ['-W', 'ignore', join(FIXTURES, 'zeep', 'issue-with-zeep.py'), ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => ok({ code, lines: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)), stderr: err }));
  });
}

describe('e2e: zeep, a WSDL-driven client, loads ?wsdl and calls Issue (issue 10 part 1)', function () {
  this.timeout(60_000);
  let t: TestSts;
  // No publicBaseUrl: the test listener's own origin (the first public origin), so zeep can reach the ports.
  before(async () => (t = await startTestSts()));
  after(() => t.close());

  it('gets a SAML 2.0 assertion through the SOAP 1.1 and 1.2 WS-Trust 1.3 ports and the SOAP 1.2 2005 port', async () => {
    const ports = ['UserNameWSTrustBinding_IWSTrust13Sync_Soap11', 'UserNameWSTrustBinding_IWSTrust13Sync', 'UserNameWSTrustBinding_IWSTrustFeb2005Sync'];
    const run = await zeep([`${t.endpoint}?wsdl`, 'joe', '2Federate', 'urn:example:sp', ...ports]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.lines).to.deep.equal([
      { port: ports[0], address: t.endpoint, binding: 'Soap11Binding', tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion' },
      { port: ports[1], address: t.endpoint, binding: 'Soap12Binding', tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion' },
      { port: ports[2], address: t.endpoint, binding: 'Soap12Binding', tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion' },
    ]);
  });

  it('gets the fault, and no token, with a wrong password', async () => {
    const before = t.issuedCount();
    const run = await zeep([`${t.endpoint}?wsdl`, 'joe', 'wrong', 'urn:example:sp', 'UserNameWSTrustBinding_IWSTrust13Sync']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.lines).to.have.length(1);
    expect(run.lines[0]!['fault']).to.equal('Authentication failed');
    expect(t.issuedCount()).to.equal(before);
  });
});
