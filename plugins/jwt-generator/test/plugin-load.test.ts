import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType } from '@sts/sdk';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('jwt-generator loads as the kernel loads it', () => {
  it('passes verifyPlugin() with an empty config, with defaults applied', async () => {
    const { definition, config, implementation } = await verifyPlugin({ packageDir });
    expect(definition.kind).to.equal('token-generator');
    expect(definition.tokenTypes).to.deep.equal([TokenType.Jwt, TokenType.JwtBearerGrant, TokenType.AccessToken]);
    expect(config).to.deep.equal({ algorithm: 'RS256', profile: 'jwt' });
    expect(implementation).to.respondTo('issue');
  });

  it('passes verifyPlugin() with the at+jwt profile and a client id', async () => {
    const { config } = await verifyPlugin({ packageDir, config: { profile: 'at+jwt', clientId: 'client-1', algorithm: 'PS256' } });
    expect(config).to.deep.equal({ algorithm: 'PS256', profile: 'at+jwt', clientId: 'client-1' });
  });

  it('is refused in the configure phase with an unknown config key', async () => {
    const error = await verifyPlugin({ packageDir, config: { algorithms: 'RS256' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the configure phase with profile at+jwt and no client id', async () => {
    const error = await verifyPlugin({ packageDir, config: { profile: 'at+jwt' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('is refused in the create phase when ES256 is asked of the RSA key', async () => {
    const error = await verifyPlugin({ packageDir, config: { algorithm: 'ES256' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'create');
    expect((error as Error).message).to.match(/ES256 needs an EC P-256 key/);
  });
});
