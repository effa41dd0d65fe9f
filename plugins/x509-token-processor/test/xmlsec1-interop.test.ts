/**
 * Interoperability: a request the tests sign with xml-crypto, and that the processor accepts, is also valid
 * for xmlsec1 (libxmlsec, an independent XMLDSig implementation). xmlsec1 does not resolve a WS-Security
 * SecurityTokenReference, so it gets the client certificate's key explicitly (`--pubkey-cert-pem`, pinned by
 * `xmlsecVerify`), which is what our `resolveKey` does too; `--id-attr:Id` registers the `Id` attributes of Body
 * and Timestamp as IDs.
 * Skipped when xmlsec1 is not installed.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { xmlsecVerify, type XmlsecResult } from '@sts/sdk/testing';
import { NS } from '@sts/sdk/xml';
import { createFixture, removeFixtures } from './helpers/processor-fixture.js';
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

/** xmlsec1's verdict on a signed request, with the `Id` attributes of Body and Timestamp registered as IDs. */
function verifyRequest(xml: string, certificatePem: string, soapNs: string): XmlsecResult {
  const idAttribute = [
    { name: 'Id', namespaceUri: soapNs, localName: 'Body' },
    { name: 'Id', namespaceUri: NS.wsu, localName: 'Timestamp' },
  ];
  return xmlsecVerify({ xml, certificatePem, idAttribute });
}

describe('interoperability with xmlsec1', function () {
  this.timeout(60_000);
  before(() => {
    // xmlsec1 is a test requirement (README, .ci/run): a missing tool fails, it does not skip.
    if (!hasXmlsec1()) throw new Error('xmlsec1 must be installed (apt-get install xmlsec1)');
  });
  afterEach(removeFixtures);

  for (const soapVersion of ['1.1', '1.2'] as const) {
    it(`xmlsec1 and the processor both accept the same SOAP ${soapVersion} signed request`, async () => {
      const pki = await testPki();
      const xml = signedRequest({ soapVersion, certificate: pki.client.der, signingKey: pki.client.privateKey });
      const verdict = verifyRequest(xml, pki.client.pem, soapVersion === '1.2' ? NS.soap12 : NS.soap11);
      expect(verdict.status, verdict.output).to.equal(0);
      expect(verdict.output).to.match(/SignedInfo References \(ok\/all\): 2\/2/);
      const f = await createFixture();
      expect((await f.processor.process(receivedToken(xml, { soapVersion }))).subject).to.equal(CLIENT_DN_RFC4514);
    });
  }

  it('xmlsec1 also refuses a Body changed after signing', async () => {
    const pki = await testPki();
    const xml = tamperBody(signedRequest({ certificate: pki.client.der, signingKey: pki.client.privateKey }));
    expect(verifyRequest(xml, pki.client.pem, NS.soap11).status).to.not.equal(0);
  });
});
