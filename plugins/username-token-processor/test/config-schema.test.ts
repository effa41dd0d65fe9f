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

  it('requires a credential source: usersFile or ldap, not both', () => {
    expect(compile()({})).to.equal(false);
    const ldap = { url: 'ldaps://ldap.example.test', bindDn: 'cn=sts,dc=example,dc=test', bindPassword: 'x', userSearchBase: 'dc=example,dc=test' };
    expect(compile()({ ldap })).to.equal(true);
    expect(compile()({ usersFile: 'u.json', ldap })).to.equal(false);
  });

  it('applies the ldap defaults and refuses a URL with a path or another scheme', () => {
    const validate = compile();
    const config: Record<string, any> = { ldap: { url: 'ldap://127.0.0.1:389', bindDn: 'cn=sts', bindPasswordFile: 'p', userSearchBase: 'dc=x' } };
    expect(validate(config), JSON.stringify(validate.errors)).to.equal(true);
    expect(config['ldap']).to.deep.include({
      startTls: false, allowUnencrypted: false, userSearchFilter: '(uid={username})', userSearchScope: 'sub',
      attributes: {}, connectTimeoutMs: 5000, operationTimeoutMs: 5000, maxConnections: 4,
    });
    for (const url of ['ldap://h/dc=x', 'http://h', 'ldapi:///x', 'ldap://h?x']) {
      expect(validate({ ldap: { ...config['ldap'], url } }), url).to.equal(false);
    }
    expect(validate({ ldap: { ...config['ldap'], userSearchFilter: '(uid=joe)' } }), 'a filter without {username}').to.equal(false);
  });

  it('rejects a future skew above 300 s', () => {
    expect(compile()({ usersFile: 'u.json', createdFutureSkewSeconds: 301 })).to.equal(false);
  });

  it('puts title, description and default on every property', () => {
    // Optional on purpose, without a default: the two sources, and settings whose absence means something.
    const optional = ['/usersFile', '/ldap', '/ldap/caFile', '/ldap/bindPassword', '/ldap/bindPasswordFile', '/ldap/subjectAttribute'];
    const check = (schema: Record<string, any>, path: string, required: readonly string[]): void => {
      expect(schema['additionalProperties'], path).to.equal(false);
      for (const [name, property] of Object.entries(schema['properties'] as Record<string, Record<string, any>>)) {
        expect(property, `${path}/${name}`).to.include.keys('title', 'description');
        if (!required.includes(name) && !optional.includes(`${path}/${name}`)) expect(property, `${path}/${name}`).to.have.property('default');
        // A map (ldap.attributes) has no properties of its own.
        if (property['type'] === 'object' && property['properties']) check(property, `${path}/${name}`, property['required'] ?? []);
      }
    };
    check(configSchema as Record<string, any>, '', []);
  });

  it('refuses to create a processor with both password types disabled', async () => {
    const error = await createFixture({ allowPasswordText: false, allowPasswordDigest: false }).then(() => undefined, (err: Error) => err);
    expect(error?.message).to.match(/both false/);
  });
});
