import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType } from '@sts/sdk';
import { removeFixtures, testKeys, writeFiles, type Files } from './helpers/processor-fixture.js';
import { ISSUER } from './helpers/tokens.js';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('jwt-token-processor loads as the kernel loads it', () => {
  let files: Files;

  before(async () => {
    files = await writeFiles(await testKeys());
  });
  after(removeFixtures);

  it('passes verifyPlugin() with a JWKS file issuer, with defaults applied', async () => {
    const { definition, config, implementation } = await verifyPlugin({
      packageDir,
      config: { issuers: [{ issuer: ISSUER, jwksFile: files.jwksFile, algorithms: ['RS256'] }] },
    });
    expect(definition.kind).to.equal('token-processor');
    expect(definition.tokenTypes).to.deep.equal([TokenType.Jwt]);
    expect(config).to.deep.include({ audiences: [], clockSkewSeconds: 60, maxTokenBytes: 8192 });
    expect(implementation).to.respondTo('process');
  });

  it('passes verifyPlugin() with the demo JWT issuer, by its JWKS and by its certificate', async () => {
    const demo = fileURLToPath(new URL('../../../../demo/jwt-issuer/', import.meta.url));
    for (const source of [{ jwksFile: `${demo}jwks.json` }, { certificateFiles: [`${demo}demo-issuer.pem`] }]) {
      const config = { issuers: [{ issuer: 'urn:example:jwt-issuer', algorithms: ['RS256'], ...source }] };
      const { implementation, logger } = await verifyPlugin({ packageDir, config });
      expect(implementation, JSON.stringify(source)).to.respondTo('process');
      expect(logger.records.filter((r) => r.level === 'warn')).to.deep.equal([]);
    }
  });

  it('passes verifyPlugin() with a jwksUrl issuer without fetching it at start', async () => {
    const { implementation } = await verifyPlugin({
      packageDir,
      config: { issuers: [{ issuer: ISSUER, jwksUrl: 'https://idp.invalid/jwks.json', algorithms: ['RS256'] }] },
    });
    expect(implementation).to.respondTo('process');
  });

  it('is refused in the configure phase without issuers', async () => {
    const error = await verifyPlugin({ packageDir, config: {} }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the configure phase with a jwksUrl over http', async () => {
    const config = { issuers: [{ issuer: ISSUER, jwksUrl: 'http://idp.example.com/jwks.json', algorithms: ['RS256'] }] };
    const error = await verifyPlugin({ packageDir, config }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the create phase with a JWKS file that does not exist', async () => {
    const config = { issuers: [{ issuer: ISSUER, jwksFile: `${files.dir}/missing.json`, algorithms: ['RS256'] }] };
    const error = await verifyPlugin({ packageDir, config }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'create');
  });
});
