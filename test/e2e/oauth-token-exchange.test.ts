import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoAccessToken, demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { pemFromX5c, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { basic, DEMO_CLIENT, exchangeParams, Grant, tokenRequest, TokenTypeUri } from '../helpers/oauth-request.js';

describe('e2e: OAuth token endpoint, every grant and token type the demo enables', () => {
  let t: TestSts;
  let jwks: JSONWebKeySet;
  let cert: string;
  before(async () => {
    t = await startTestSts();
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    cert = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
  });
  after(() => t.close());

  const subjects: [string, string, () => Promise<string>, string][] = [
    ['a demo-issuer JWT', TokenTypeUri.jwt, () => demoIssuerJwt(t.clock.now()), 'joe'],
    ['a demo-AS access token (oauth-bearer processor)', TokenTypeUri.accessToken, () => demoAccessToken(t.clock.now()), 'joe'],
    ['a demo-IdP SAML 2.0 assertion', TokenTypeUri.saml2, async () => Buffer.from(await demoIdpAssertion(t.clock.now())).toString('base64url'), 'alice'],
  ];

  for (const [name, subjectType, subjectToken, subject] of subjects) {
    describe(`token exchange of ${name}`, () => {
      it('issues an RFC 9068 access token by default that verifies with the JWKS alone', async () => {
        const r = await tokenRequest(t, exchangeParams(await subjectToken(), subjectType, { scope: 'read' }));
        expect(r.status, r.text).to.equal(200);
        expect(r.headers.get('cache-control')).to.equal('no-store');
        expect(r.json).to.include({ issued_token_type: TokenTypeUri.accessToken, token_type: 'Bearer', scope: 'read' });
        expect(r.json['expires_in']).to.be.within(3500, 3600);
        const { payload, protectedHeader } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), {
          issuer: 'urn:example:sts', audience: 'urn:example:sp', typ: 'at+jwt', currentDate: t.clock.now(),
        });
        expect(protectedHeader.typ).to.equal('at+jwt');
        expect(payload).to.include({ sub: subject, client_id: DEMO_CLIENT.id, scope: 'read' });
        expect(payload.jti).to.be.a('string');
      });

      it('issues a JWT (N_A) that verifies with the JWKS alone', async () => {
        const r = await tokenRequest(t, exchangeParams(await subjectToken(), subjectType, { requested_token_type: TokenTypeUri.jwt }));
        expect(r.status, r.text).to.equal(200);
        expect(r.json).to.include({ issued_token_type: TokenTypeUri.jwt, token_type: 'N_A' });
        expect(decodeProtectedHeader(r.json['access_token']).typ).to.equal('JWT');
        const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { issuer: 'urn:example:sts', audience: 'urn:example:sp', currentDate: t.clock.now() });
        expect(payload.sub).to.equal(subject);
      });

      for (const [label, type, version, ns] of [
        ['SAML 2.0', TokenTypeUri.saml2, '2.0', 'urn:oasis:names:tc:SAML:2.0:assertion'],
        ['SAML 1.1', TokenTypeUri.saml1, '1.1', 'urn:oasis:names:tc:SAML:1.0:assertion'],
      ] as const) {
        it(`issues a ${label} assertion, base64url-encoded, that xmlsec1 verifies with the published certificate`, async () => {
          const r = await tokenRequest(t, exchangeParams(await subjectToken(), subjectType, { requested_token_type: type }));
          expect(r.status, r.text).to.equal(200);
          expect(r.json).to.include({ issued_token_type: type, token_type: 'N_A' });
          expect(r.json['access_token']).to.match(/^[A-Za-z0-9_-]+$/);
          const xml = Buffer.from(r.json['access_token'], 'base64url').toString('utf8');
          expect(xml).to.include(ns).and.include(`>${subject}</`).and.include('urn:example:sp');
          expect(xmlsecVerifyAssertion(xml, cert, version).status).to.equal(0);
          // A tampered twin must fail: the check can fail.
          expect(xmlsecVerifyAssertion(xml.replace(`>${subject}</`, '>mallory</'), cert, version).status).to.not.equal(0);
        });
      }
    });
  }

  it('takes client_secret_post as well as client_secret_basic', async () => {
    const r = await tokenRequest(t, { ...exchangeParams(await demoIssuerJwt(t.clock.now()), TokenTypeUri.jwt), client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret }, { authorization: null });
    expect(r.status, r.text).to.equal(200);
    expect(r.json['token_type']).to.equal('Bearer');
  });

  it('selects the connection by resource as it does by audience (base-url partner id)', async () => {
    const params = exchangeParams(await demoIssuerJwt(t.clock.now()), TokenTypeUri.jwt, { requested_token_type: TokenTypeUri.jwt });
    delete (params as Record<string, string>)['audience'];
    const r = await tokenRequest(t, { ...params, resource: 'https://sp.example.com/api/orders' });
    expect(r.status, r.text).to.equal(200);
    const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { audience: 'https://sp.example.com/api/orders', currentDate: t.clock.now() });
    expect(payload.sub).to.equal('joe');
  });

  it('jwt-bearer grant (RFC 7523): a demo-issuer JWT naming the token endpoint as audience in, an access token out', async () => {
    const assertion = await demoIssuerJwt(t.clock.now(), {}, `${t.base}/as/token.oauth2`);
    const r = await tokenRequest(t, { grant_type: Grant.jwtBearer, assertion, scope: 'read write' });
    expect(r.status, r.text).to.equal(200);
    expect(r.json).to.include({ issued_token_type: TokenTypeUri.accessToken, token_type: 'Bearer', scope: 'read write' });
    const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { audience: 'urn:example:sp', typ: 'at+jwt', currentDate: t.clock.now() });
    expect(payload).to.include({ sub: 'joe', client_id: DEMO_CLIENT.id, scope: 'read write' });
  });

  it('saml2-bearer grant (RFC 7522): a demo-IdP assertion in, an access token out', async () => {
    const assertion = Buffer.from(await demoIdpAssertion(t.clock.now(), { audience: `${t.base}/as/token.oauth2` })).toString('base64url');
    const r = await tokenRequest(t, { grant_type: Grant.saml2Bearer, assertion }, { authorization: basic(DEMO_CLIENT.id, DEMO_CLIENT.secret) });
    expect(r.status, r.text).to.equal(200);
    expect(r.json).to.include({ issued_token_type: TokenTypeUri.accessToken, token_type: 'Bearer' });
    expect(r.json).to.not.have.property('scope');
    const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { audience: 'urn:example:sp', typ: 'at+jwt', currentDate: t.clock.now() });
    expect(payload).to.include({ sub: 'alice', client_id: DEMO_CLIENT.id });
  });

  it('publishes RFC 8414 metadata naming the token endpoint, grants, auth methods and the JWKS', async () => {
    const res = await fetch(`${t.base}/.well-known/oauth-authorization-server`);
    expect(res.status).to.equal(200);
    const m = (await res.json()) as Record<string, unknown>;
    expect(m).to.include({ issuer: t.base, token_endpoint: `${t.base}/as/token.oauth2`, jwks_uri: `${t.base}/.well-known/jwks.json` });
    expect(m['grant_types_supported']).to.have.members([Grant.tokenExchange, Grant.jwtBearer, Grant.saml2Bearer]);
    expect(m['token_endpoint_auth_methods_supported']).to.have.members(['client_secret_basic', 'client_secret_post']);
    expect(m['introspection_endpoint']).to.equal(`${t.base}/as/introspect.oauth2`);
  });
});
