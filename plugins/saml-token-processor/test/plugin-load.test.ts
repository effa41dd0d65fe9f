import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { TokenType, pluginBrand } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { PluginVerificationError, verifyPlugin } from '@sts/sdk/testing';
import definition from '../src/index.js';
import { configure } from './helpers/fixtures.js';

// Compiled to dist/test/, so the package folder is two levels up.
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('saml-token-processor loads as the kernel loads it', () => {
  it('passes verifyPlugin() with an empty config, with defaults applied', async () => {
    const { definition: loaded, config } = await verifyPlugin({ packageDir });
    expect(loaded.kind).to.equal('token-processor');
    expect(loaded.tokenTypes).to.deep.equal([TokenType.Saml20, TokenType.Saml11]);
    expect(config).to.deep.equal({ clockSkewSeconds: 60, audiences: [], allowSenderVouches: false, maxFractionalDigits: 7 });
  });

  it('is a branded token processor that accepts both Assertion elements', () => {
    expect(pluginBrand(definition)).to.deep.equal({ kind: 'token-processor', apiVersion: 1 });
    expect(definition.kind === 'token-processor' && definition.accepts).to.deep.equal([
      // SAML 2.0: a holder-of-key assertion is proven by the message signature its key made.
      { tokenType: TokenType.Saml20, namespaceUri: NS.saml2, localName: 'Assertion', verifiesMessageSignature: true },
      { tokenType: TokenType.Saml11, namespaceUri: NS.saml1, localName: 'Assertion' },
    ]);
    expect(Object.keys(definition.deps)).to.have.members(['clock', 'stateStore', 'trustedIssuers', 'stsIdentity']);
  });

  it('is refused in the configure phase with an unknown config key', async () => {
    const error = await verifyPlugin({ packageDir, config: { requireAudience: false } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PluginVerificationError).with.property('phase', 'configure');
  });

  it('rejects a clock skew above 300 s', () => {
    expect(() => configure({ clockSkewSeconds: 301 })).to.throw(/must be <= 300/);
  });

  it('rejects an audience that is not a non-empty string', () => {
    expect(() => configure({ audiences: [''] })).to.throw(/fewer than 1 characters/);
  });

  it('has a title, a description and a default for every config key', () => {
    const properties = (definition.configSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    for (const [name, schema] of Object.entries(properties)) {
      expect(schema, name).to.include.keys('title', 'description', 'default');
    }
  });
});
