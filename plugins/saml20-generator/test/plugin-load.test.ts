import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, PluginVerificationError } from '@sts/sdk/testing';
import { TokenType } from '@sts/sdk';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('saml20-generator loads as the kernel loads it', () => {
  it('passes verifyPlugin() with an empty config, with defaults applied', async () => {
    const { definition, config } = await verifyPlugin({ packageDir });
    expect(definition.kind).to.equal('token-generator');
    expect(definition.tokenTypes).to.deep.equal([TokenType.Saml20, TokenType.Saml20Profile, TokenType.Saml2BearerGrant]);
    expect(config).to.deep.equal({ attributeNameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', includeCertificate: true });
  });

  it('is refused in the configure phase with an unknown config key', async () => {
    const error = await verifyPlugin({ packageDir, config: { includeCertificat: false } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });
});
