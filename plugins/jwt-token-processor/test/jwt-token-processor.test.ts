import { sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { TokenType } from '@sts/sdk';
import {
  CERT_ISSUER,
  EC_ISSUER,
  baseConfig,
  createProcessor,
  expectRefused,
  publicJwk,
  removeFixtures,
  testKeys,
  writeFiles,
  type Files,
  type Fixture,
  type TestKeys,
} from './helpers/processor-fixture.js';
import { AUDIENCE, ISSUER, T0, T0_SECONDS, base64url, handSign, receivedToken, signJwt, validClaims } from './helpers/tokens.js';

describe('jwt-token-processor', () => {
  let k: TestKeys;
  let files: Files;
  let f: Fixture;

  before(async () => {
    k = await testKeys();
    files = await writeFiles(k);
  });
  beforeEach(async () => {
    f = await createProcessor(baseConfig(files));
  });
  after(removeFixtures);

  /** A valid token of ISSUER with one change to its claims or header. */
  const token = (changes: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> => signJwt(k.rsa.privateKey, changes, header);
  const accept = async (jwt: string, encoding: Parameters<typeof receivedToken>[1] = 'base64') => f.processor.process(receivedToken(jwt, encoding));
  const refuse = async (jwt: string, message: RegExp, encoding: Parameters<typeof receivedToken>[1] = 'base64') =>
    expectRefused(f.processor.process(receivedToken(jwt, encoding)), message);

  describe('accepting', () => {
    it('accepts a valid RS256 token sent as Base64Binary and returns its subject, claims, issuer, id and times', async () => {
      const result = await accept(await token({ jti: 'token-1' }));
      expect(result).to.deep.equal({
        subject: 'joe',
        attributes: { mail: ['joe@example.com'], groups: ['admins', 'users'] },
        authnInstant: T0,
        issuer: ISSUER,
        tokenId: 'token-1',
        expires: new Date(T0.getTime() + 3_600_000),
      });
    });

    it('reports the actor of a delegated token (RFC 8693 section 4.1 act), which is not an attribute', async () => {
      const result = await accept(await token({ act: { sub: 'service-a', iss: 'urn:example:other' } }));
      expect(result.actor).to.deep.equal({ subject: 'service-a', issuer: 'urn:example:other' });
      expect(result.attributes).to.not.have.property('act');
      expect((await accept(await token())).actor).to.equal(undefined);
    });

    it('accepts the compact JWT itself in a BinarySecurityToken without EncodingType', async () => {
      expect((await accept(await token(), 'raw')).subject).to.equal('joe');
    });

    it('accepts Base64Binary text broken over several lines', async () => {
      const text = Buffer.from(await token(), 'latin1').toString('base64').replace(/.{76}/g, '$&\r\n');
      const result = await accept('', { encodingType: receivedToken('x').element!.attributes['EncodingType']!, text });
      expect(result.subject).to.equal('joe');
    });

    it('accepts an ES256 token of an issuer with an EC P-256 key', async () => {
      const jwt = await signJwt(k.ec.privateKey, { iss: EC_ISSUER }, { alg: 'ES256', kid: 'ec-1' });
      expect((await accept(jwt)).issuer).to.equal(EC_ISSUER);
    });

    it('accepts every STS identity as audience, and an aud array that names one of them', async () => {
      expect((await accept(await token({ aud: 'https://sts.test/sp/sts.wst' }))).subject).to.equal('joe');
      expect((await accept(await token({ aud: ['https://other.example.com', AUDIENCE] }))).subject).to.equal('joe');
    });

    it('accepts a configured extra audience', async () => {
      f = await createProcessor({ ...baseConfig(files), audiences: ['https://extra.example.com'] });
      expect((await accept(await token({ aud: 'https://extra.example.com' }))).subject).to.equal('joe');
    });

    it('accepts exp, nbf and iat within the clock skew of 60 s', async () => {
      expect((await accept(await token({ exp: T0_SECONDS - 59 }))).subject).to.equal('joe');
      expect((await accept(await token({ nbf: T0_SECONDS + 60 }))).subject).to.equal('joe');
      expect((await accept(await token({ iat: T0_SECONDS + 60 }))).subject).to.equal('joe');
    });

    it('accepts a token without nbf and without jti, and then reports no token id', async () => {
      const result = await accept(await token({ nbf: undefined, jti: undefined }));
      expect(result).not.to.have.property('tokenId');
    });

    it('accepts a token without kid when the issuer has one key for its alg', async () => {
      expect((await accept(await token({}, { kid: undefined }))).subject).to.equal('joe');
    });

    it('tries each key of the issuer when the token has no kid, and accepts the one that verifies', async () => {
      const jwksFile = join(files.dir, 'two-keys.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [publicJwk(k.attacker), publicJwk(k.rsa)] }));
      f = await createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] });
      expect((await accept(await token({}, { kid: undefined }))).subject).to.equal('joe');
    });

    it('accepts a certificate issuer token whose kid is the SHA-1 or SHA-256 thumbprint, or that has no kid', async () => {
      for (const kid of [k.cert.x5t, k.cert.x5tS256, undefined]) {
        const jwt = await signJwt(k.cert.privateKey, { iss: CERT_ISSUER }, { kid });
        expect((await accept(jwt)).issuer, String(kid)).to.equal(CERT_ISSUER);
      }
    });

    it('accepts PS256 from an issuer that allows it', async () => {
      const jwt = await signJwt(k.cert.privateKey, { iss: CERT_ISSUER }, { alg: 'PS256', kid: k.cert.x5t });
      expect((await accept(jwt)).subject).to.equal('joe');
    });

    it('accepts the required typ, compared case-insensitively and with or without application/', async () => {
      f = await createProcessor({ ...baseConfig(files), requiredType: 'at+jwt' });
      expect((await accept(await token({}, { typ: 'at+jwt' }))).subject).to.equal('joe');
      expect((await accept(await token({}, { typ: 'application/AT+JWT' }))).subject).to.equal('joe');
    });

    it('turns numbers and booleans into strings, keeps arrays, and skips objects and null', async () => {
      const claims = { age: 42, admin: true, scores: [1, 'two', false], empty: [], address: { city: 'X' }, nothing: null, mixed: ['a', { b: 1 }] };
      const result = await accept(await token(claims));
      expect(result.attributes).to.deep.equal({
        mail: ['joe@example.com'],
        groups: ['admins', 'users'],
        age: ['42'],
        admin: ['true'],
        scores: ['1', 'two', 'false'],
        empty: [],
      });
      expect(f.logger.records.some((r) => r.level === 'debug' && JSON.stringify(r.fields).includes('address'))).to.equal(true);
    });

    it('never reports registered claims as attributes, and keeps client_id and other private claims', async () => {
      const result = await accept(await token({ client_id: 'app-1' }));
      expect(Object.keys(result.attributes)).to.have.members(['mail', 'groups', 'client_id']);
    });

    it('returns frozen attributes', async () => {
      const { attributes } = await accept(await token());
      expect(Object.isFrozen(attributes)).to.equal(true);
      expect(Object.isFrozen(attributes['groups'])).to.equal(true);
    });
  });

  describe('a token sent again (its decoded parts and verified keys are kept by its exact text)', () => {
    /** `jwt` with the character at `index` (counted from the end when negative) replaced by another. */
    const changeAt = (jwt: string, index: number): string => {
      const at = index < 0 ? jwt.length + index : index;
      return `${jwt.slice(0, at)}${jwt[at] === 'Q' ? 'R' : 'Q'}${jwt.slice(at + 1)}`;
    };

    // Without jti: a token with one is accepted once (the replay check), so only such a token is sent again.
    it('accepts the same token again with the same result, sent either way', async () => {
      const jwt = await token({ jti: undefined });
      const first = await accept(jwt);
      expect(await accept(jwt)).to.deep.equal(first);
      expect(await accept(jwt, 'raw')).to.deep.equal(first);
    });

    it('refuses a token it accepted before once it has expired: the claims are checked against the clock every time', async () => {
      const jwt = await token({ jti: undefined });
      await accept(jwt);
      f.clock.advance(3600 + 60);
      await refuse(jwt, /"exp" claim timestamp check failed/);
    });

    it('refuses a copy of an accepted token with one character of its signature or claims set changed', async () => {
      const jwt = await token({ jti: undefined });
      await accept(jwt);
      await refuse(changeAt(jwt, -100), /the JWT signature does not verify/);
      const [header, payload, signature] = jwt.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      await refuse(`${header}.${base64url(JSON.stringify({ ...claims, sub: 'admin' }))}.${signature}`, /the JWT signature does not verify/);
      expect((await accept(jwt)).subject).to.equal('joe');
    });

    it('still refuses the second use of a token with a jti (the replay check runs on every request)', async () => {
      const jwt = await token({ jti: 'kept' });
      await accept(jwt);
      await refuse(jwt, /already used \(replay\)/);
    });

    it('shares frozen claims between requests: nothing downstream can change them for the next one', async () => {
      const jwt = await token({ jti: undefined, act: { sub: 'service-a' } });
      await accept(jwt);
      const again = await accept(jwt);
      expect(again.actor).to.deep.equal({ subject: 'service-a' });
      expect(Object.isFrozen(again.attributes)).to.equal(true);
    });
  });

  describe('refusing a changed token', () => {
    it('refuses an act claim that is not an RFC 8693 actor object (no sub, a string, a numeric iss)', async () => {
      for (const act of [{ iss: 'x' }, 'service-a', { sub: 'a', iss: 7 }, { sub: '' }, null]) {
        await refuse(await token({ act }), /act claim is not an RFC 8693 actor object/);
      }
    });

    it('refuses an expired token (exp more than the skew ago)', async () => {
      await refuse(await token({ exp: T0_SECONDS - 61 }), /"exp" claim timestamp check failed/);
    });

    it('refuses a token that is not yet valid (nbf more than the skew ahead)', async () => {
      await refuse(await token({ nbf: T0_SECONDS + 61 }), /"nbf" claim timestamp check failed/);
    });

    it('refuses a token without iat', async () => {
      await refuse(await token({ iat: undefined }), /missing required "iat" claim/);
    });

    it('refuses a token whose iat is more than the skew in the future', async () => {
      await refuse(await token({ iat: T0_SECONDS + 61 }), /iat .* is in the future/);
    });

    it('refuses a token without exp', async () => {
      await refuse(await token({ exp: undefined }), /missing required "exp" claim/);
    });

    it('refuses a token whose exp is not a number', async () => {
      await refuse(await token({ exp: String(T0_SECONDS + 3600) }), /"exp" claim must be a number/);
    });

    it('refuses exp at exactly the skew ago (jose\'s rule: exp <= now - skew), and nbf or iat that are not numbers', async () => {
      await refuse(await token({ exp: T0_SECONDS - 60 }), /"exp" claim timestamp check failed/);
      await refuse(await token({ nbf: String(T0_SECONDS) }), /"nbf" claim must be a number/);
      await refuse(await token({ iat: null }), /"iat" claim must be a number/);
    });

    it('refuses an aud that is not a string or a non-empty array of strings', async () => {
      for (const aud of [42, [], [AUDIENCE, 7], { aud: AUDIENCE }]) {
        await refuse(await token({ aud }), /"aud" claim must be a string or a non-empty array of strings/);
      }
    });

    it('refuses a token without aud', async () => {
      await refuse(await token({ aud: undefined }), /missing required "aud" claim/);
    });

    it('refuses a token for another audience', async () => {
      await refuse(await token({ aud: 'https://other.example.com' }), /unexpected "aud" claim value/);
    });

    it('refuses a token without sub', async () => {
      await refuse(await token({ sub: undefined }), /missing required "sub" claim/);
    });

    it('refuses a token whose sub is empty or not a string', async () => {
      await refuse(await token({ sub: '' }), /sub is not a non-empty string/);
      await refuse(await token({ sub: 42 }), /sub is not a non-empty string/);
    });

    it('refuses a token used a second time (same iss and jti), and accepts another jti and a status-only check', async () => {
      const jwt = await token({ jti: 'once' });
      await accept(jwt);
      await refuse(jwt, /already used \(replay\)/);
      await accept(await token({ jti: 'twice' }));
      const status = await token({ jti: 'status' });
      for (let i = 0; i < 2; i++) await f.processor.process({ ...receivedToken(status, 'base64'), purpose: 'status' });
      await accept(status);
    });

    it('refuses a token whose jti is not a string', async () => {
      await refuse(await token({ jti: 7 }), /jti is not a string/);
    });

    it('refuses a token of an unknown issuer', async () => {
      await refuse(await token({ iss: 'https://evil.example.com' }), /issuer "https:\/\/evil.example.com" is not trusted/);
    });

    it('refuses a token without iss', async () => {
      await refuse(await token({ iss: undefined }), /no iss/);
    });

    it("refuses an alg the named issuer does not allow, even when another issuer's key made a valid signature", async () => {
      const jwt = await signJwt(k.ec.privateKey, { iss: ISSUER }, { alg: 'ES256', kid: 'ec-1' });
      await refuse(jwt, /alg ES256 is not allowed for issuer https:\/\/idp.example.com/);
    });

    it('refuses alg none (an unsecured JWT with an empty signature)', async () => {
      const jwt = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'rsa-1' }))}.${base64url(JSON.stringify(validClaims()))}.`;
      await refuse(jwt, /alg none is refused/);
    });

    it('refuses alg None in any letter case', async () => {
      const jwt = `${base64url(JSON.stringify({ alg: 'NoNe', typ: 'JWT' }))}.${base64url(JSON.stringify(validClaims()))}.`;
      await refuse(jwt, /alg none is refused/);
    });

    it("refuses HS256 signed with the issuer's public key PEM as the HMAC secret (RS/HS confusion)", async () => {
      const secret = k.rsa.publicKey.export({ format: 'pem', type: 'spki' });
      const jwt = handSign({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }, validClaims(), { secret });
      await refuse(jwt, /alg "HS256" is refused: HMAC/);
    });

    it('refuses an alg outside the issuer allow-list (PS256 when only RS256 is allowed)', async () => {
      await refuse(await token({}, { alg: 'PS256' }), /alg PS256 is not allowed for issuer/);
    });

    it('refuses an alg that no issuer may use (EdDSA)', async () => {
      const jwt = `${base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${base64url(JSON.stringify(validClaims()))}.AAAA`;
      await refuse(jwt, /alg "EdDSA" is not a supported signature algorithm/);
    });

    it('refuses an unknown kid', async () => {
      await refuse(await token({}, { kid: 'rsa-2' }), /issuer https:\/\/idp.example.com has no key with kid rsa-2/);
    });

    it('refuses a known kid whose key cannot verify the alg of the token', async () => {
      f = await createProcessor({ issuers: [{ issuer: ISSUER, jwksFile: files.ecJwksFile, algorithms: ['RS256', 'ES256'] }] });
      await refuse(await token({}, { kid: 'ec-1' }), /key ec-1 of issuer https:\/\/idp.example.com cannot verify RS256/);
    });

    it('refuses a kid that is a path', async () => {
      await refuse(await token({}, { kid: '../../x' }), /kid "..\/..\/x" is not a plain key identifier/);
    });

    it('refuses a kid that is not a string or is longer than 64 characters', async () => {
      await refuse(await token({}, { kid: 'a'.repeat(65) }), /is not a plain key identifier/);
      await refuse(await token({}, { kid: 1 }), /is not a plain key identifier/);
    });

    it('refuses a validly signed token with a jku header pointing elsewhere', async () => {
      await refuse(await token({}, { jku: 'https://evil.example.com/jwks.json' }), /header parameter jku is refused/);
    });

    it('refuses x5u and x5c headers', async () => {
      await refuse(await token({}, { x5u: 'https://evil.example.com/cert.pem' }), /header parameter x5u is refused/);
      const der = k.cert.certificatePem.replace(/-----[^-]+-----|\s/g, '');
      await refuse(await token({}, { x5c: [der] }), /header parameter x5c is refused/);
    });

    it('refuses a token carrying its own key in a jwk header, signed with that key', async () => {
      const jwk = k.attacker.publicKey.export({ format: 'jwk' });
      await refuse(await signJwt(k.attacker.privateKey, {}, { kid: undefined, jwk }), /header parameter jwk is refused/);
    });

    it('refuses a validly signed token with a crit header', async () => {
      const jwt = handSign({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1', crit: ['exp'] }, validClaims(), k.rsa.privateKey);
      await refuse(jwt, /header parameter crit is refused/);
    });

    it('refuses b64 and zip headers', async () => {
      await refuse(handSign({ alg: 'RS256', kid: 'rsa-1', b64: true }, validClaims(), k.rsa.privateKey), /header parameter b64 is refused/);
      await refuse(handSign({ alg: 'RS256', kid: 'rsa-1', zip: 'DEF' }, validClaims(), k.rsa.privateKey), /header parameter zip is refused/);
    });

    it('refuses a tampered claims set', async () => {
      const [header, , signature] = (await token()).split('.');
      const tampered = base64url(JSON.stringify({ ...validClaims(), sub: 'admin' }));
      await refuse(`${header}.${tampered}.${signature}`, /the JWT signature does not verify/);
    });

    it('refuses a token without kid that none of the issuer keys verifies', async () => {
      const jwksFile = join(files.dir, 'two-keys-2.json');
      await writeFile(jwksFile, JSON.stringify({ keys: [publicJwk(k.rsa), publicJwk(k.cert)] }));
      f = await createProcessor({ issuers: [{ issuer: ISSUER, jwksFile, algorithms: ['RS256'] }] });
      await refuse(await signJwt(k.attacker.privateKey, {}, { kid: undefined }), /the JWT signature does not verify/);
    });

    it('refuses a token signed by another key under the trusted kid', async () => {
      await refuse(await signJwt(k.attacker.privateKey), /the JWT signature does not verify/);
    });

    it('refuses a validly signed claims set with a duplicate sub member', async () => {
      const claims = JSON.stringify(validClaims()).replace(/^\{/, '{"sub":"admin",');
      const jwt = handSign({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1' }, claims, k.rsa.privateKey);
      await refuse(jwt, /claims set repeats the member "sub"/);
    });

    it('refuses a duplicate member spelled with a JSON escape', async () => {
      const claims = JSON.stringify(validClaims()).replace(/^\{/, '{"\\u0073ub":"admin",');
      const jwt = handSign({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1' }, claims, k.rsa.privateKey);
      await refuse(jwt, /claims set repeats the member "sub"/);
    });

    it('refuses a validly signed header with a duplicate member', async () => {
      const jwt = handSign('{"alg":"RS256","kid":"nope","kid":"rsa-1"}', validClaims(), k.rsa.privateKey);
      await refuse(jwt, /header repeats the member "kid"/);
    });

    it('refuses a JWE-shaped token of five parts', async () => {
      const jwe = `${base64url(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', zip: 'DEF' }))}.AAAA.AAAA.AAAA.AAAA`;
      await refuse(jwe, /is a JWE \(5 parts\)/);
    });

    it('refuses a token of four parts', async () => {
      await refuse(`${await token()}.AAAA`, /has 4 parts/);
    });

    it('refuses a header or claims set that is not a JSON object', async () => {
      await refuse(handSign('{"alg":"RS256","kid":"rsa-1"}', '["joe"]', k.rsa.privateKey), /claims set is not a JSON object/);
      await refuse(`${base64url('{"alg":"RS256",}')}.${base64url('{}')}.AAAA`, /header is not JSON/);
    });

    it('refuses a validly signed claims set that is not UTF-8', async () => {
      const claims = Buffer.concat([Buffer.from(JSON.stringify(validClaims()).replace(/"joe"/, '"jo')), Buffer.from([0xff, 0x22])]);
      const input = `${base64url(JSON.stringify({ alg: 'RS256', kid: 'rsa-1' }))}.${claims.toString('base64url')}`;
      const jwt = `${input}.${sign('sha256', Buffer.from(input), k.rsa.privateKey).toString('base64url')}`;
      await refuse(jwt, /claims set is not UTF-8/);
    });

    it('refuses a part that is not base64url', async () => {
      const [header, payload, signature] = (await token()).split('.');
      await refuse(`${header}.${payload}=.${signature}`, /claims set is not base64url/, 'raw');
    });

    it('refuses an over-size token', async () => {
      await refuse(await token({ padding: 'x'.repeat(6200) }), /the JWT is \d+ bytes, more than the 8192 allowed/);
      await refuse(await token({ padding: 'x'.repeat(6200) }), /more than the 8192 allowed/, 'raw');
    });

    it('refuses a token without the required typ, or with another typ', async () => {
      f = await createProcessor({ ...baseConfig(files), requiredType: 'at+jwt' });
      await refuse(await token(), /unexpected "typ" JWT header value/);
      await refuse(await token({}, { typ: undefined }), /unexpected "typ" JWT header value/);
    });

    it('refuses a token signed with an expired certificate of the issuer', async () => {
      f = await createProcessor({
        issuers: [{ issuer: CERT_ISSUER, certificateFiles: [files.expiredCertFile], algorithms: ['RS256'] }],
      });
      const jwt = await signJwt(k.expiredCert.privateKey, { iss: CERT_ISSUER }, { kid: undefined });
      await refuse(jwt, /outside its validity period/);
    });
  });

  describe('refusing the BinarySecurityToken', () => {
    it('refuses an EncodingType other than Base64Binary', async () => {
      const jwt = await token();
      await refuse(jwt, /EncodingType "[^"]*"(… \(\d+ characters\))? is not supported/, {
        encodingType: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#HexBinary',
        text: Buffer.from(jwt).toString('hex'),
      });
    });

    it('refuses Base64Binary text that is not base64', async () => {
      const encodingType = receivedToken('x').element!.attributes['EncodingType']!;
      await refuse('', /is not valid base64/, { encodingType, text: 'not*base64' });
    });

    it('refuses Base64Binary text that decodes to something other than a compact JWT', async () => {
      const encodingType = receivedToken('x').element!.attributes['EncodingType']!;
      await refuse('', /not a compact JWT/, { encodingType, text: Buffer.from(`${await token()} `).toString('base64') });
      const jwt = await token();
      // Each byte outside 0x21–0x7e, put in the middle of a valid token: DEL, a high byte, NUL, a tab.
      for (const byte of [0x7f, 0x80, 0xe9, 0x00, 0x09]) {
        const bytes = Buffer.concat([Buffer.from(jwt.slice(0, 20), 'latin1'), Buffer.from([byte]), Buffer.from(jwt.slice(20), 'latin1')]);
        await refuse('', /not a compact JWT \(non-ASCII or whitespace bytes\)/, { encodingType, text: bytes.toString('base64') });
      }
    });

    it('refuses another ValueType', async () => {
      await expectRefused(f.processor.process(receivedToken(await token(), 'base64', TokenType.X509v3)), /ValueType .* is not the JWT token type/);
    });

    it('refuses an empty BinarySecurityToken', async () => {
      await refuse('', /the BinarySecurityToken is empty/, 'raw');
    });
  });
});
