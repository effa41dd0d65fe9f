import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TokenType } from '@sts/sdk';
import { PluginVerificationError, verifyPlugin } from '@sts/sdk/testing';
import { removeFixtures, temporaryDirectory } from './helpers/processor-fixture.js';
import { testPki } from './helpers/test-pki.js';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('x509-token-processor loads as the kernel loads it', function () {
  this.timeout(60_000);
  afterEach(removeFixtures);

  it('passes verifyPlugin() with one trust anchor, with defaults applied', async () => {
    const dir = await temporaryDirectory();
    const ca = join(dir, 'ca.pem');
    await writeFile(ca, (await testPki()).ca.pem);
    const { definition, config } = await verifyPlugin({ packageDir, config: { trustAnchors: [ca] } });
    expect(definition.kind).to.equal('token-processor');
    expect(definition.tokenTypes).to.deep.equal([TokenType.X509v3]);
    expect(config).to.deep.include({ trustAnchors: [ca], minRsaBits: 2048, allowSelfSigned: false });
  });

  it('is refused in the configure phase without trust anchors', async () => {
    const error = await verifyPlugin({ packageDir, config: {} }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the create phase when an anchor file is missing', async () => {
    const error = await verifyPlugin({ packageDir, config: { trustAnchors: ['/nonexistent.pem'] } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'create');
  });
});
