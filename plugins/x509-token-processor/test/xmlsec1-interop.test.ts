/**
 * Interoperability: a request the tests sign with xml-crypto, and that the processor accepts, is also valid
 * for xmlsec1 (libxmlsec, an independent XMLDSig implementation). xmlsec1 does not resolve a WS-Security
 * SecurityTokenReference, so it gets the client certificate's key explicitly (`--pubkey-cert-pem`), which is
 * what our `resolveKey` does too; `--id-attr:Id` registers the `Id` attributes of Body and Timestamp as IDs.
 * Skipped when xmlsec1 is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { NS } from '@sts/sdk/xml';
import { createFixture, removeFixtures, temporaryDirectory } from './helpers/processor-fixture.js';
import { receivedToken } from './helpers/received-token.js';
import { signedRequest } from './helpers/signed-request.js';
import { tamperBody } from './helpers/mutate-request.js';
import { CLIENT_DN_RFC4514, testPki } from './helpers/test-pki.js';

function hasXmlsec1(): boolean {
  try {
    execFileSync('xmlsec1', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function xmlsec1Verify(xml: string, certificatePem: string, soapNs: string): Promise<{ status: number | null; output: string }> {
  const dir = await temporaryDirectory();
  const file = join(dir, 'request.xml');
  const cert = join(dir, 'client.pem');
  await writeFile(file, xml);
  await writeFile(cert, certificatePem);
  const result = spawnSync('xmlsec1', [
    '--verify',
    '--pubkey-cert-pem', cert,
    '--id-attr:Id', `${soapNs}:Body`,
    '--id-attr:Id', `${NS.wsu}:Timestamp`,
    file,
  ], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('interoperability with xmlsec1', function () {
  this.timeout(60_000);
  before(function () {
    if (!hasXmlsec1()) this.skip();
  });
  afterEach(removeFixtures);

  for (const soapVersion of ['1.1', '1.2'] as const) {
    it(`xmlsec1 and the processor both accept the same SOAP ${soapVersion} signed request`, async () => {
      const pki = await testPki();
      const xml = signedRequest({ soapVersion, certificate: pki.client.der, signingKey: pki.client.privateKey });
      const verdict = await xmlsec1Verify(xml, pki.client.pem, soapVersion === '1.2' ? NS.soap12 : NS.soap11);
      expect(verdict.status, verdict.output).to.equal(0);
      expect(verdict.output).to.match(/SignedInfo References \(ok\/all\): 2\/2/);
      const f = await createFixture();
      expect((await f.processor.process(receivedToken(xml, { soapVersion }))).subject).to.equal(CLIENT_DN_RFC4514);
    });
  }

  it('xmlsec1 also refuses a Body changed after signing', async () => {
    const pki = await testPki();
    const xml = tamperBody(signedRequest({ certificate: pki.client.der, signingKey: pki.client.privateKey }));
    expect((await xmlsec1Verify(xml, pki.client.pem, NS.soap11)).status).to.not.equal(0);
  });
});
