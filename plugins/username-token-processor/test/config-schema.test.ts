import { Ajv } from 'ajv';
import { expect } from 'chai';
import { isPluginDefinition, pluginBrand, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import plugin, { configSchema } from '../src/index.js';
import { createFixture, removeFixtures } from './helpers/processor-fixture.js';

function compile() {
  return new Ajv({ strict: true, useDefaults: true, allErrors: true }).compile(configSchema);
}

describe('username-token-processor definition and config schema', () => {
  afterEach(removeFixtures);

  it('is a branded token-processor for the UsernameToken token type', () => {
    expect(isPluginDefinition(plugin)).to.equal(true);
    expect(pluginBrand(plugin)).to.deep.equal({ kind: 'token-processor', apiVersion: 1 });
    expect(plugin.tokenTypes).to.deep.equal([TokenType.UsernameToken]);
    expect(plugin.accepts).to.deep.equal([{ tokenType: TokenType.UsernameToken, namespaceUri: NS.wsse, localName: 'UsernameToken' }]);
    expect(Object.keys(plugin.deps).sort()).to.deep.equal(['clock', 'stateStore']);
  });

  it('compiles in ajv strict mode and applies every default, nested ones included', () => {
    const validate = compile();
    const config = { usersFile: 'users.json' };
    expect(validate(config), JSON.stringify(validate.errors)).to.equal(true);
    expect(config).to.deep.equal({
      usersFile: 'users.json',
      allowPasswordText: true,
      allowPasswordDigest: true,
      createdMaxAgeSeconds: 300,
      createdFutureSkewSeconds: 60,
      createdMaxFractionalDigits: 7,
      lockout: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 900 },
      credentialCache: { ttlSeconds: 60, maxEntries: 10000 },
      authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    });
  });

  it('fills in the lockout defaults a partial lockout object leaves out', () => {
    const config = { usersFile: 'u.json', lockout: { maxFailures: 3 } };
    expect(compile()(config)).to.equal(true);
    expect(config.lockout).to.deep.equal({ maxFailures: 3, windowSeconds: 900, lockoutSeconds: 900 });
  });

  it('rejects an unknown top-level key', () => {
    const validate = compile();
    expect(validate({ usersFile: 'u.json', userFile: 'typo.json' })).to.equal(false);
    expect(validate.errors?.[0]?.params).to.deep.equal({ additionalProperty: 'userFile' });
  });

  it('rejects an unknown key inside lockout', () => {
    const validate = compile();
    expect(validate({ usersFile: 'u.json', lockout: { maxFailure: 3 } })).to.equal(false);
    expect(validate.errors?.[0]?.instancePath).to.equal('/lockout');
  });

  it('requires usersFile', () => {
    expect(compile()({})).to.equal(false);
  });

  it('rejects a future skew above 300 s', () => {
    expect(compile()({ usersFile: 'u.json', createdFutureSkewSeconds: 301 })).to.equal(false);
  });

  it('puts title, description and default on every property', () => {
    const check = (schema: Record<string, any>, path: string, required: readonly string[]): void => {
      expect(schema['additionalProperties'], path).to.equal(false);
      for (const [name, property] of Object.entries(schema['properties'] as Record<string, Record<string, any>>)) {
        expect(property, `${path}/${name}`).to.include.keys('title', 'description');
        if (!required.includes(name)) expect(property, `${path}/${name}`).to.have.property('default');
        if (property['type'] === 'object') check(property, `${path}/${name}`, property['required'] ?? []);
      }
    };
    check(configSchema as Record<string, any>, '', ['usersFile']);
  });

  it('refuses to create a processor with both password types disabled', async () => {
    const error = await createFixture({ allowPasswordText: false, allowPasswordDigest: false }).then(() => undefined, (err: Error) => err);
    expect(error?.message).to.match(/both false/);
  });
});
