import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { jwtSecurityToken, StsClient } from '@sts/sdk/client';
import { TokenType } from '@sts/sdk';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoIssuerJwt } from '../helpers/demo-tokens.js';
import { pemFromX5c, xmlsecVerifyAssertion } from '../helpers/external-tools.js';

describe('e2e: JWT out and JWT in (/idp/sts.wst, demo partner)', () => {
  let t: TestSts;
  let jwks: JSONWebKeySet;
  before(async () => {
    t = await startTestSts();
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  });
  after(() => t.close());

  it('issues a JWT for TokenType urn:ietf:params:oauth:token-type:jwt that verifies with the JWKS alone', async () => {
    const r = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', tokenType: TokenType.Jwt });
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Jwt);
    const { payload, protectedHeader } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), {
      issuer: 'urn:example:sts',
      audience: 'urn:example:sp',
      currentDate: t.clock.now(),
    });
    expect(protectedHeader.alg).to.equal('RS256');
    expect(payload.sub).to.equal('joe');
    expect(payload['mail']).to.equal('joe@example.com');
    // The same kid with another key must not verify: the test can fail.
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const other = { keys: jwks.keys.map((k) => ({ ...k, n: otherKey.n, e: otherKey.e })) };
    await jwtVerify(r.tokenValue!, createLocalJWKSet(other as JSONWebKeySet), { currentDate: t.clock.now() }).then(
      () => expect.fail('verified with a wrong key'),
      (e: Error) => expect(e.name).to.equal('JWSSignatureVerificationFailed'),
    );
  });

  async function withJwt(jwt: string) {
    const r = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', token: jwtSecurityToken(jwt) });
    return { res: { status: r.httpStatus }, r };
  }

  it('accepts a JWT from the demo issuer in the Security header and issues a SAML 2.0 assertion about its subject', async () => {
    const { res, r } = await withJwt(await demoIssuerJwt(t.clock.now()));
    expect(res.status).to.equal(200);
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.token).to.include('>joe</saml:NameID>');
    const cert = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
    expect(xmlsecVerifyAssertion(r.token, cert).status).to.equal(0);
  });

  it('refuses the same JWT a second time (jti replay), issuing nothing', async () => {
    const jwt = await demoIssuerJwt(t.clock.now());
    expect((await withJwt(jwt)).r.ok).to.equal(true);
    const before = t.issuedCount();
    const { r } = await withJwt(jwt);
    if (r.ok) throw new Error('issued twice');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount()).to.equal(before);
  });

  for (const [name, make] of [
    ['expired', (now: Date) => demoIssuerJwt(new Date(now.getTime() - 3_600_000))],
    ['for another audience', (now: Date) => demoIssuerJwt(now, {}, 'urn:example:someone-else')],
    ['tampered', async (now: Date) => { const [h, p, s] = (await demoIssuerJwt(now)).split('.'); const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()); claims.sub = 'admin'; return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`; }],
    ['unsigned (alg none)', async (now: Date) => { const [, p] = (await demoIssuerJwt(now)).split('.'); return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`; }],
  ] as const) {
    it(`refuses a JWT that is ${name} with wst:InvalidSecurityToken, issuing nothing`, async () => {
      const before = t.issuedCount();
      const { r } = await withJwt(await make(t.clock.now()));
      if (r.ok) throw new Error('issued');
      expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
      expect(t.issuedCount()).to.equal(before);
    });
  }
});
