import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { createFixture, removeFixtures, temporaryDirectory } from './helpers/processor-fixture.js';
import { testPki, type TestPki } from './helpers/test-pki.js';

/** The error create() throws, or undefined. */
async function createError(config: Record<string, unknown>, anchors?: Parameters<typeof createFixture>[1]): Promise<Error | undefined> {
  return await createFixture(config, anchors).then(() => undefined, (error: Error) => error);
}

describe('x509-token-processor create()', function () {
  this.timeout(60_000);
  let pki: TestPki;
  before(async () => {
    pki = await testPki();
  });
  afterEach(removeFixtures);

  it('reads every certificate of a PEM file with several, and logs the anchors it trusts', async () => {
    const dir = await temporaryDirectory();
    const file = join(dir, 'bundle.pem');
    await writeFile(file, pki.otherCa.pem + pki.ca.pem);
    const f = await createFixture({ trustAnchors: [file] });
    const ready = f.logger.records.find((r) => r.message === 'X.509 token processor ready');
    expect(ready?.fields).to.deep.include({ anchors: ['CN=Example Test CA,O=Evil Corp,C=DE', 'CN=Example Test CA,O=Example Corp,C=DE'] });
  });

  it('refuses an anchor that is neither a CA nor self-signed', async () => {
    expect((await createError({}, [pki.client]))?.message).to.match(/neither a CA certificate nor self-signed/);
  });

  it('refuses an anchor whose key is below the minimum', async () => {
    expect((await createError({ minRsaBits: 3072 }))?.message).to.match(/has a weak key: RSA key of 2048 bits/);
  });

  it('refuses a missing anchor file, naming it', async () => {
    expect((await createError({ trustAnchors: ['/nonexistent/ca.pem'] }))?.message).to.match(/\/nonexistent\/ca.pem cannot be read/);
  });

  it('refuses an anchor file without a certificate', async () => {
    const dir = await temporaryDirectory();
    const file = join(dir, 'empty.pem');
    await writeFile(file, 'nothing here\n');
    expect((await createError({ trustAnchors: [file] }))?.message).to.match(/holds no PEM certificate/);
  });

  it('refuses an anchor file that also holds a private key', async () => {
    const dir = await temporaryDirectory();
    const file = join(dir, 'with-key.pem');
    await writeFile(file, pki.ca.pem + pki.ca.privateKeyPem);
    expect((await createError({ trustAnchors: [file] }))?.message).to.match(/holds a PRIVATE KEY block/);
  });

  it('refuses a DN pattern that is not a regular expression', async () => {
    expect((await createError({ subjectDnPattern: 'CN=(' }))?.message).to.match(/subjectDnPattern is not a valid regular expression/);
  });

  it('warns at start about an anchor outside its validity period', async () => {
    const f = await createFixture({}, [pki.ca, pki.expiredCa]);
    expect(f.logger.records.some((r) => r.level === 'warn' && (r.fields as { anchor?: string }).anchor === 'CN=Expired Test CA,O=Example Corp,C=DE')).to.equal(true);
  });

});
