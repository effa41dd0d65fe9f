import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { isPluginDefinition, pluginBrand, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { ManualClock, RecordingLogger, TEST_STS_IDENTITY } from '@sts/sdk/testing';
import plugin, { configSchema } from '../src/index.js';
import { createJwtTokenProcessor } from '../src/create-jwt-token-processor.js';
import type { JwtTokenProcessorConfig } from '../src/config-schema.js';
import {
  baseConfig,
  createProcessor,
  publicJwk,
  rejection,
  removeFixtures,
  testKeys,
  writeFiles,
  type Files,
  type TestKeys,
} from './helpers/processor-fixture.js';
import { ISSUER, T0 } from './helpers/tokens.js';

function compile() {
  return new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true }).compile(configSchema);
}

const issuer = (extra: Record<string, unknown> = {}) => ({ issuer: ISSUER, jwksFile: 'jwks.json', algorithms: ['RS256'], ...extra });

describe('jwt-token-processor definition and config', () => {
  let k: TestKeys;
  let files: Files;

  before(async () => {
    k = await testKeys();
    files = await writeFiles(k);
  });
  after(removeFixtures);

  describe('the definition', () => {
    it('is a branded token-processor for JWTs in a BinarySecurityToken with the JWT ValueType', () => {
      expect(isPluginDefinition(plugin)).to.equal(true);
      expect(pluginBrand(plugin)).to.deep.equal({ kind: 'token-processor', apiVersion: 1 });
      expect(plugin.id).to.equal('jwt-token-processor');
      expect(plugin.tokenTypes).to.deep.equal([TokenType.Jwt]);
      expect(plugin.accepts).to.deep.equal([
        { tokenType: TokenType.Jwt, namespaceUri: NS.wsse, localName: 'BinarySecurityToken', valueType: TokenType.Jwt },
      ]);
      expect(Object.keys(plugin.deps)).to.have.members(['clock', 'stsIdentity', 'stateStore']);
    });
  });

  describe('the schema', () => {
    it('compiles in ajv strict mode and applies every default, those of each issuer included', () => {
      const validate = compile();
      const config = { issuers: [issuer()] };
      expect(validate(config), JSON.stringify(validate.errors)).to.equal(true);
      expect(config).to.deep.equal({
        issuers: [{ ...issuer(), jwksCacheSeconds: 300, jwksTimeoutSeconds: 5 }],
        audiences: [],
        clockSkewSeconds: 60,
        maxTokenBytes: 8192,
      });
    });

    it('accepts each of the three key sources', () => {
      const validate = compile();
      expect(validate({ issuers: [{ issuer: ISSUER, jwksUrl: 'https://idp.example.com/jwks', algorithms: ['ES256'] }] })).to.equal(true);
      expect(validate({ issuers: [{ issuer: ISSUER, certificateFiles: ['a.pem', 'b.pem'], algorithms: ['PS256'] }] })).to.equal(true);
    });

    it('rejects an unknown top-level key', () => {
      const validate = compile();
      expect(validate({ issuers: [issuer()], audience: ['x'] })).to.equal(false);
      expect(validate.errors?.[0]?.params).to.deep.equal({ additionalProperty: 'audience' });
    });

    it('rejects an unknown key inside an issuer', () => {
      expect(compile()({ issuers: [issuer({ jku: 'https://x' })] })).to.equal(false);
    });

    it('requires at least one issuer', () => {
      expect(compile()({})).to.equal(false);
      expect(compile()({ issuers: [] })).to.equal(false);
    });

    it('requires exactly one key source per issuer', () => {
      expect(compile()({ issuers: [{ issuer: ISSUER, algorithms: ['RS256'] }] })).to.equal(false);
      expect(compile()({ issuers: [issuer({ certificateFiles: ['a.pem'] })] })).to.equal(false);
    });

    it('rejects a jwksUrl that is not https', () => {
      expect(compile()({ issuers: [{ issuer: ISSUER, jwksUrl: 'http://idp.example.com/jwks', algorithms: ['RS256'] }] })).to.equal(false);
    });

    it('requires a non-empty algorithm list without none or HMAC', () => {
      expect(compile()({ issuers: [issuer({ algorithms: [] })] })).to.equal(false);
      expect(compile()({ issuers: [{ issuer: ISSUER, jwksFile: 'j', jwksCacheSeconds: 300 }] })).to.equal(false);
      for (const alg of ['none', 'HS256', 'HS512', 'EdDSA', 'rs256']) {
        expect(compile()({ issuers: [issuer({ algorithms: ['RS256', alg] })] }), alg).to.equal(false);
      }
    });

    it('rejects a clock skew above 60 s and a size cap outside 1 KB to 64 KB', () => {
      expect(compile()({ issuers: [issuer()], clockSkewSeconds: 61 })).to.equal(false);
      expect(compile()({ issuers: [issuer()], maxTokenBytes: 100 })).to.equal(false);
      expect(compile()({ issuers: [issuer()], maxTokenBytes: 70000 })).to.equal(false);
    });

    it('puts title and description on every property, and a default on every optional scalar one', () => {
      const check = (schema: Record<string, any>, path: string): void => {
        expect(schema['additionalProperties'], path).to.equal(false);
        const required: string[] = schema['required'] ?? [];
        for (const [name, property] of Object.entries(schema['properties'] as Record<string, Record<string, any>>)) {
          expect(property, `${path}/${name}`).to.include.keys('title', 'description');
          const optionalDefaulted = !required.includes(name) && !['jwksFile', 'jwksUrl', 'certificateFiles', 'requiredType'].includes(name);
          if (optionalDefaulted) expect(property, `${path}/${name}`).to.have.property('default');
          if (property['type'] === 'array' && property['items']?.['type'] === 'object') check(property['items'], `${path}/${name}[]`);
        }
      };
      check(configSchema as Record<string, any>, '');
    });
  });

  describe('create()', () => {
    const create = (config: Record<string, unknown>) =>
      createJwtTokenProcessor({
        config: config as unknown as JwtTokenProcessorConfig,
        logger: new RecordingLogger(),
        clock: new ManualClock(T0),
        stsIdentity: TEST_STS_IDENTITY,
      });
    const defaults = { audiences: [], clockSkewSeconds: 60, maxTokenBytes: 8192 };

    it('refuses a jwksUrl over http even when the schema was bypassed', async () => {
      const config = { ...defaults, issuers: [{ issuer: ISSUER, jwksUrl: 'http://idp.example.com/jwks', algorithms: ['RS256'], jwksCacheSeconds: 300, jwksTimeoutSeconds: 5 }] };
      expect((await rejection(create(config))).message).to.match(/is not https/);
    });

    it('refuses the same issuer twice', async () => {
      const one = { issuer: ISSUER, jwksFile: files.jwksFile, algorithms: ['RS256'] };
      expect((await rejection(createProcessor({ issuers: [one, one] }))).message).to.match(/listed twice/);
    });

    it('refuses a missing JWKS file', async () => {
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile: join(files.dir, 'missing.json'), algorithms: ['RS256'] }] }));
      expect((error as NodeJS.ErrnoException).code).to.equal('ENOENT');
    });

    it('refuses a JWKS file holding a private key', async () => {
      const jwksFile = join(files.dir, 'private.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [{ ...k.rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa-1' }] }));
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/keys\[0\] holds private or symmetric key material/);
    });

    it('refuses a JWKS file holding a symmetric key', async () => {
      const jwksFile = join(files.dir, 'oct.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }] }));
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/private or symmetric key material/);
    });

    it('refuses a JWKS file with no key usable for the issuer algorithms, and logs why each was skipped', async () => {
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile: files.ecJwksFile, algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/holds no key usable with RS256/);
    });

    it('skips unusable keys of a JWKS file and keeps the usable ones', async () => {
      const jwksFile = join(files.dir, 'mixed.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [publicJwk(k.rsa, { kid: 'enc', use: 'enc' }), publicJwk(k.ec, { kid: 'ec' }), publicJwk(k.rsa, { kid: 'rsa-1' })] }));
      const f = await createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] });
      const warnings = f.logger.records.filter((r) => r.level === 'warn').map((r) => JSON.stringify(r.fields));
      expect(warnings).to.have.length(2);
      expect(warnings[0]).to.match(/use \\"enc\\" is not sig/);
      expect(warnings[1]).to.match(/fits none of RS256/);
    });

    it('refuses a JWKS file with two keys of one kid', async () => {
      const jwksFile = join(files.dir, 'twice.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [publicJwk(k.rsa, { kid: 'a' }), publicJwk(k.attacker, { kid: 'a' })] }));
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/two keys with kid a/);
    });

    it('refuses a JWKS file with a duplicate member name', async () => {
      const jwksFile = join(files.dir, 'dup.json');
      await writeFile(jwksFile, '{"keys":[],"keys":[]}');
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/repeats the member "keys"/);
    });

    it('refuses a certificate file without a certificate', async () => {
      const certFile = join(files.dir, 'empty.pem');
      await writeFile(certFile, 'no certificate here\n');
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, certificateFiles: [certFile], algorithms: ['RS256'] }] }));
      expect(error.message).to.match(/holds no PEM certificate/);
    });

    it('refuses a certificate whose key fits none of the issuer algorithms', async () => {
      const error = await rejection(createProcessor({ issuers: [{ issuer: ISSUER, certificateFiles: [files.certFile], algorithms: ['ES256'] }] }));
      expect(error.message).to.match(/fits none of ES256/);
    });

    it('starts with the base config', async () => {
      const f = await createProcessor(baseConfig(files));
      expect(f.processor).to.respondTo('process');
    });
  });
});
