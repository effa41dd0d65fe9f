import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType } from '@sts/sdk';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const usersFile = fileURLToPath(new URL('../../../../demo/users.json', import.meta.url));

describe('username-token-processor loads as the kernel loads it', () => {
  it('passes verifyPlugin() with the demo users file, with defaults applied', async () => {
    const { definition, config } = await verifyPlugin({ packageDir, config: { usersFile } });
    expect(definition.kind).to.equal('token-processor');
    expect(definition.tokenTypes).to.deep.equal([TokenType.UsernameToken]);
    expect(config).to.deep.include({ usersFile, allowPasswordText: true, createdMaxAgeSeconds: 300 });
  });

  it('is refused in the configure phase without a users file', async () => {
    const error = await verifyPlugin({ packageDir, config: {} }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });
});
