import { expect } from 'chai';
import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { decodeJwt, errors } from 'jose';
import {
  InvalidTimeRangeError,
  pluginBrand,
  RequestFailedError,
  ServerFailureError,
  TokenType,
  type SigningKey,
} from '@sts/sdk';
import { StaticSigningKeys } from '@sts/sdk/testing';
import definition from '../src/index.js';
import { RESERVED_CLAIMS } from '../src/build-claims.js';
import {
  configure,
  createGenerator,
  ecSigningKey,
  header,
  issueRequest,
  rsaSigningKey,
  signingKeyFrom,
  T0,
  verifyWithPublicKey,
} from './helpers/fixtures.js';

const T0_SECONDS = T0.getTime() / 1000;

/** Resolves to the rejection, or fails when the promise resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: Error) => error,
  );
}

describe('jwt-generator', () => {
  let rsa: SigningKey;
  let rsa2: SigningKey;
  let ec: SigningKey;

  before(() => {
    rsa = rsaSigningKey('rsa-key');
    rsa2 = rsaSigningKey('rsa-key-2');
    ec = ecSigningKey('ec-key');
  });

  describe('the plug-in definition', () => {
    it('is a branded token generator for the JWT, jwt-bearer grant and access token types', () => {
      expect(pluginBrand(definition)).to.deep.equal({ kind: 'token-generator', apiVersion: 1 });
      expect(definition.id).to.equal('jwt-generator');
      expect(definition.tokenTypes).to.deep.equal([TokenType.Jwt, TokenType.JwtBearerGrant, TokenType.AccessToken]);
      expect(Object.keys(definition.deps)).to.have.members(['keys', 'clock']);
    });

    it('applies the config defaults', () => {
      expect(configure({})).to.deep.equal({ algorithm: 'RS256', profile: 'jwt' });
    });

    it('rejects unknown config keys', () => {
      expect(() => configure({ alg: 'RS256' })).to.throw(/additional properties/);
    });

    it('rejects an algorithm outside RS256, PS256 and ES256', () => {
      for (const algorithm of ['HS256', 'none', 'RS384', 'EdDSA']) {
        expect(() => configure({ algorithm }), algorithm).to.throw(/allowed values/);
      }
    });

    it('rejects profile at+jwt without a client id', () => {
      expect(() => configure({ profile: 'at+jwt' })).to.throw(/clientId/);
    });
  });

  describe('issuing', () => {
    it('issues an RS256 JWT that verifies with a JWKS built from the public key alone', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const token = await generator.issue(issueRequest());
      const { payload, protectedHeader } = await verifyWithPublicKey(token.text!, rsa, 'RS256');
      expect(protectedHeader).to.deep.equal({ alg: 'RS256', typ: 'JWT', kid: 'rsa-key' });
      expect(payload).to.deep.equal({
        mail: 'joe@example.com',
        role: ['admin', 'user'],
        iss: 'https://sts.example.com/idp',
        sub: 'joe',
        aud: 'https://rp.example.com/api',
        iat: T0_SECONDS,
        nbf: T0_SECONDS,
        exp: T0_SECONDS + 3600,
        jti: token.id,
      });
    });

    it('returns the token as text with its jti as id, the requested token type and the lifetime', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const token = await generator.issue(issueRequest());
      expect(token.tokenType).to.equal(TokenType.Jwt);
      expect(token.id).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(token.created.getTime()).to.equal(T0.getTime());
      expect(token.expires.getTime()).to.equal(T0.getTime() + 3_600_000);
      expect(token).not.to.have.property('xml');
      expect(token).not.to.have.property('reference');
      expect(token.text).to.match(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    });

    it('gives every token a fresh jti', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const ids = new Set<string>();
      for (let i = 0; i < 20; i += 1) ids.add((await generator.issue(issueRequest())).id);
      expect(ids.size).to.equal(20);
    });

    it('issues a PS256 JWT that verifies with the public key', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]), { algorithm: 'PS256' });
      const token = await generator.issue(issueRequest());
      const { protectedHeader, payload } = await verifyWithPublicKey(token.text!, rsa, 'PS256');
      expect(protectedHeader.alg).to.equal('PS256');
      expect(payload.sub).to.equal('joe');
    });

    it('issues a PS256 JWT with an RSASSA-PSS-only key, verified by node:crypto with PSS and a 32-byte salt (RFC 7518 section 3.5)', async () => {
      const pss = signingKeyFrom('pss-key', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }));
      const generator = await createGenerator(new StaticSigningKeys([pss]), { algorithm: 'PS256' });
      const [head, body, signature] = (await generator.issue(issueRequest())).text!.split('.');
      const verifies = (saltLength: number) =>
        verify('sha256', Buffer.from(`${head}.${body}`), { key: pss.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, Buffer.from(signature!, 'base64url'));
      expect(verifies(32)).to.equal(true);
      expect(verifies(20)).to.equal(false);
      expect(header(`${head}.${body}.${signature}`)).to.deep.equal({ alg: 'PS256', typ: 'JWT', kid: 'pss-key' });
    });

    it('issues an ES256 JWT with an EC P-256 key that verifies with the public key', async () => {
      const generator = await createGenerator(new StaticSigningKeys([ec]), { algorithm: 'ES256' });
      const token = await generator.issue(issueRequest());
      const { protectedHeader, payload } = await verifyWithPublicKey(token.text!, ec, 'ES256');
      expect(protectedHeader).to.deep.equal({ alg: 'ES256', typ: 'JWT', kid: 'ec-key' });
      expect(payload.aud).to.equal('https://rp.example.com/api');
    });

    it('issues a token that does not verify with another key of the same kid', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const token = await generator.issue(issueRequest());
      const impostor = { ...rsa2, kid: rsa.kid };
      const error = await rejection(verifyWithPublicKey(token.text!, impostor, 'RS256'));
      expect(error).to.be.instanceOf(errors.JWSSignatureVerificationFailed);
    });

    it('writes typ at+jwt and the client_id claim with the RFC 9068 profile', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]), { profile: 'at+jwt', clientId: 'client-42' });
      const token = await generator.issue(issueRequest());
      const { protectedHeader, payload } = await verifyWithPublicKey(token.text!, rsa, 'RS256', { typ: 'at+jwt' });
      expect(protectedHeader.typ).to.equal('at+jwt');
      expect(payload.client_id).to.equal('client-42');
    });

    it('writes the OAuth client of the request as client_id, its scope as one string, and the actor as act (RFC 9068, RFC 8693 section 4.1)', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]), { profile: 'at+jwt', clientId: 'client-42' });
      const token = await generator.issue(issueRequest({ tokenType: TokenType.AccessToken, clientId: 'oauth-client', scope: ['read', 'write'], actor: { subject: 'svc', issuer: 'urn:x' } }));
      const { payload } = await verifyWithPublicKey(token.text!, rsa, 'RS256', { typ: 'at+jwt' });
      expect(payload).to.include({ client_id: 'oauth-client', scope: 'read write' });
      expect(payload['act']).to.deep.equal({ sub: 'svc', iss: 'urn:x' });
      expect(token.tokenType).to.equal(TokenType.AccessToken);
    });

    it('refuses an access token from an instance of the plain profile (RFC 9068 section 2.1: access tokens are at+jwt)', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      expect(await rejection(generator.issue(issueRequest({ tokenType: TokenType.AccessToken })))).to.be.instanceOf(RequestFailedError);
      const grant = await generator.issue(issueRequest({ tokenType: TokenType.JwtBearerGrant }));
      expect(grant.tokenType).to.equal(TokenType.JwtBearerGrant);
    });

    it('writes the client_id claim with the plain profile when a client id is configured', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]), { clientId: 'client-42' });
      const token = await generator.issue(issueRequest());
      expect(header(token.text!).typ).to.equal('JWT');
      expect(decodeJwt(token.text!).client_id).to.equal('client-42');
    });

    it('writes a one-value attribute as a string, a multi-value one as an array, and leaves out one without values', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const attributes = { mail: ['joe@example.com'], groups: ['a', 'b', 'c'], empty: [] };
      const token = await generator.issue(issueRequest({ attributes }));
      const { payload } = await verifyWithPublicKey(token.text!, rsa, 'RS256');
      expect(payload.mail).to.equal('joe@example.com');
      expect(payload.groups).to.deep.equal(['a', 'b', 'c']);
      expect(payload).not.to.have.property('empty');
    });

    it('writes an attribute named __proto__ as an ordinary claim', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const attributes = JSON.parse('{"__proto__": ["x"]}') as Record<string, string[]>;
      const token = await generator.issue(issueRequest({ attributes }));
      const payloadText = Buffer.from(token.text!.split('.')[1]!, 'base64url').toString('utf8');
      expect(payloadText).to.match(/^\{"__proto__":"x",/);
    });

    it('writes times as whole seconds, dropping the milliseconds', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const issuedAt = new Date(T0.getTime() + 999);
      const token = await generator.issue(issueRequest({ issuedAt, notBefore: issuedAt }));
      const payload = decodeJwt(token.text!);
      expect(payload.iat).to.equal(T0_SECONDS);
      expect(payload.nbf).to.equal(T0_SECONDS);
    });

    it('refuses every attribute that collides with a registered claim, naming it', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      expect([...RESERVED_CLAIMS]).to.have.members(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'typ', 'client_id', 'scope', 'act']);
      for (const name of RESERVED_CLAIMS) {
        const error = await rejection(generator.issue(issueRequest({ attributes: { mail: ['joe@example.com'], [name]: ['evil'] } })));
        expect(error, name).to.be.instanceOf(RequestFailedError);
        expect(error.message, name).to.contain(`"${name}"`);
      }
    });

    it('refuses an empty lifetime at whole-second precision', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const error = await rejection(generator.issue(issueRequest({ notOnOrAfter: new Date(T0.getTime() + 999) })));
      expect(error).to.be.instanceOf(InvalidTimeRangeError);
    });

    it('refuses a lifetime that is already over', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const past = new Date(T0.getTime() - 60_000);
      const error = await rejection(generator.issue(issueRequest({ notBefore: new Date(past.getTime() - 60_000), notOnOrAfter: past })));
      expect(error).to.be.instanceOf(InvalidTimeRangeError);
    });
  });

  describe('choosing the key', () => {
    it("signs with the connection's signingKeyId when the config names no kid", async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa, rsa2]));
      const token = await generator.issue(issueRequest({ signingKeyId: 'rsa-key-2' }));
      expect(header(token.text!).kid).to.equal('rsa-key-2');
      await verifyWithPublicKey(token.text!, rsa2, 'RS256');
    });

    it('signs with the active key when neither the config nor the connection names one', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa, rsa2]));
      const token = await generator.issue(issueRequest());
      expect(header(token.text!).kid).to.equal('rsa-key');
    });

    it("signs with the configured kid even when the connection names another key", async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa, rsa2]), { kid: 'rsa-key-2' });
      const token = await generator.issue(issueRequest({ signingKeyId: 'rsa-key' }));
      expect(header(token.text!).kid).to.equal('rsa-key-2');
      await verifyWithPublicKey(token.text!, rsa2, 'RS256');
    });

    it('refuses at issue time a connection key that cannot sign the algorithm', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa, ec]));
      const error = await rejection(generator.issue(issueRequest({ signingKeyId: 'ec-key' })));
      expect(error).to.be.instanceOf(ServerFailureError);
      expect(error.message).to.match(/RS256 needs an RSA key, the key is EC prime256v1/);
    });

    it('refuses at issue time a connection key that does not exist', async () => {
      const generator = await createGenerator(new StaticSigningKeys([rsa]));
      const error = await rejection(generator.issue(issueRequest({ signingKeyId: 'nope' })));
      expect(error).to.be.instanceOf(ServerFailureError);
      expect(error.message).to.match(/unknown signing key "nope"/);
    });
  });

  describe('refusing to start', () => {
    const cases: ReadonlyArray<[string, () => SigningKey, object, RegExp]> = [
      ['ES256 with an RSA key', () => rsa, { algorithm: 'ES256' }, /ES256 needs an EC P-256 key, the key is RSA 2048 bits/],
      ['ES256 with an EC P-384 key', () => ecSigningKey('p384', 'P-384'), { algorithm: 'ES256' }, /ES256 needs an EC P-256 key, the key is EC secp384r1/],
      ['RS256 with an EC key', () => ec, { algorithm: 'RS256' }, /RS256 needs an RSA key, the key is EC prime256v1/],
      ['PS256 with an EC key', () => ec, { algorithm: 'PS256' }, /PS256 needs an RSA key/],
      ['RS256 with a 1024-bit RSA key', () => rsaSigningKey('small', 1024), { algorithm: 'RS256' }, /at least 2048 bits, the key has 1024/],
    ];
    for (const [name, key, config, message] of cases) {
      it(`refuses ${name}`, async () => {
        const error = await rejection(createGenerator(new StaticSigningKeys([key()]), config));
        expect(error.message).to.match(message);
      });
    }

    it('checks the configured kid, not the active key', async () => {
      const error = await rejection(createGenerator(new StaticSigningKeys([rsa, ec]), { kid: 'ec-key' }));
      expect(error.message).to.match(/signing key ec-key cannot sign RS256/);
    });

    it('refuses a configured kid that is not a signing key', async () => {
      const error = await rejection(createGenerator(new StaticSigningKeys([rsa]), { kid: 'missing' }));
      expect(error.message).to.match(/unknown signing key/);
    });

    it('refuses profile at+jwt without a client id even when the schema was bypassed', async () => {
      const create = async () =>
        definition.create({
          config: { algorithm: 'RS256', profile: 'at+jwt' },
          instanceId: 'x',
          logger: undefined as never,
          keys: new StaticSigningKeys([rsa]),
          clock: { now: () => T0 },
        });
      const error = await rejection(create());
      expect(error.message).to.match(/needs clientId/);
    });
  });
});
