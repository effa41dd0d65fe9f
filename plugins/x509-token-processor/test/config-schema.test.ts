import { Ajv } from 'ajv';
import { expect } from 'chai';
import { isPluginDefinition, pluginBrand, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import plugin, { configSchema } from '../src/index.js';

function compile() {
  return new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true }).compile(configSchema);
}

describe('x509-token-processor definition and config schema', () => {
  it('is a branded token-processor for X509v3 BinarySecurityTokens that verifies message signatures', () => {
    expect(isPluginDefinition(plugin)).to.equal(true);
    expect(pluginBrand(plugin)).to.deep.equal({ kind: 'token-processor', apiVersion: 1 });
    expect(plugin.tokenTypes).to.deep.equal([TokenType.X509v3]);
    expect(plugin.accepts).to.deep.equal([
      { tokenType: TokenType.X509v3, namespaceUri: NS.wsse, localName: 'BinarySecurityToken', valueType: TokenType.X509v3, verifiesMessageSignature: true },
    ]);
    expect(Object.keys(plugin.deps).sort()).to.deep.equal(['clock', 'logger', 'stateStore']);
  });

  it('compiles in ajv strict mode and applies every default', () => {
    const validate = compile();
    const config = { trustAnchors: ['ca.pem'] };
    expect(validate(config), JSON.stringify(validate.errors)).to.equal(true);
    expect(config).to.deep.equal({
      trustAnchors: ['ca.pem'],
      minRsaBits: 2048,
      minEcBits: 256,
      allowSelfSigned: false,
      maxChainLength: 4,
      authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:X509',
      replayWindowSeconds: 360,
    });
  });

  it('takes a replay window of 1 s to one day, in whole seconds, with a title and description', () => {
    for (const replayWindowSeconds of [1, 600, 86400]) expect(compile()({ trustAnchors: ['ca.pem'], replayWindowSeconds })).to.equal(true);
    for (const replayWindowSeconds of [0, -1, 1.5, 86401, '360']) expect(compile()({ trustAnchors: ['ca.pem'], replayWindowSeconds })).to.equal(false);
    const property = (configSchema['properties'] as Record<string, Record<string, unknown>>)['replayWindowSeconds']!;
    expect(property['title']).to.be.a('string');
    expect(property['description']).to.match(/300 \+ 60/);
  });

  it('requires at least one trust anchor', () => {
    expect(compile()({})).to.equal(false);
    expect(compile()({ trustAnchors: [] })).to.equal(false);
    expect(compile()({ trustAnchors: [''] })).to.equal(false);
  });

  it('rejects an unknown key', () => {
    const validate = compile();
    expect(validate({ trustAnchors: ['ca.pem'], trustAnchor: 'typo.pem' })).to.equal(false);
    expect(validate.errors?.[0]?.params).to.deep.equal({ additionalProperty: 'trustAnchor' });
  });

  it('refuses key minimums below RSA 2048 and EC sizes other than 256, 384 and 521', () => {
    expect(compile()({ trustAnchors: ['ca.pem'], minRsaBits: 1024 })).to.equal(false);
    expect(compile()({ trustAnchors: ['ca.pem'], minEcBits: 224 })).to.equal(false);
    expect(compile()({ trustAnchors: ['ca.pem'], minEcBits: 384 })).to.equal(true);
  });

  it('accepts DN patterns as non-empty strings', () => {
    expect(compile()({ trustAnchors: ['ca.pem'], subjectDnPattern: 'CN=.*', issuerDnPattern: 'CN=CA' })).to.equal(true);
    expect(compile()({ trustAnchors: ['ca.pem'], subjectDnPattern: '' })).to.equal(false);
  });

  it('puts title and description on every property, and a default on every one that is optional and not a filter', () => {
    const properties = (configSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    for (const [name, property] of Object.entries(properties)) {
      expect(property, name).to.include.keys('title', 'description');
      if (!['trustAnchors', 'issuerDnPattern', 'subjectDnPattern'].includes(name)) expect(property, name).to.have.property('default');
    }
    expect((configSchema as { additionalProperties: unknown }).additionalProperties).to.equal(false);
  });
});
