import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType } from '@sts/sdk';

// Compiled to dist/test/, so the package folder is two levels up; the demo JWKS is the repository's.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const demoJwks = fileURLToPath(new URL('../../../../demo/jwt-issuer/jwks.json', import.meta.url));

describe('oauth-bearer-processor loads as the kernel loads it', () => {
  it('passes verifyPlugin() with a JWT config, with defaults applied', async () => {
    const { definition, config } = await verifyPlugin({ packageDir, config: { jwt: { issuer: 'urn:example:jwt-issuer', jwksFile: demoJwks } } });
    expect(definition.kind).to.equal('token-processor');
    expect(definition.tokenTypes).to.deep.equal([TokenType.AccessToken, TokenType.ValidateBearer]);
    expect(config).to.deep.include({ clockSkewSeconds: 30, maxTokenBytes: 8192 });
  });

  it('is refused in the configure phase with neither or both ways to check a token', async () => {
    for (const config of [{}, { jwt: { issuer: 'x', jwksFile: demoJwks }, introspection: { endpoint: 'https://as/i', clientId: 'c', clientSecretFile: 'f' } }]) {
      const error = await verifyPlugin({ packageDir, config }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
    }
  });
});
