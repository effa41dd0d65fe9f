import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { buildIssueRequest, parseIssueResponse, StsClient } from '@sts/sdk/client';
import { TokenType } from '@sts/sdk';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { SP_STS_PATH, TOKEN_TRANSLATOR_PATH, IDP_STS_PATH } from '@sts/core';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { jwtSecurityToken } from '@sts/sdk/client';
import { demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { pemFromX5c, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';

describe('e2e: SP STS (/sp/sts.wst) with the demo IdP connection, and the token translator (/pf/sts.wst)', () => {
  let t: TestSts;
  let jwks: JSONWebKeySet;
  let stsCert: string;
  before(async () => {
    t = await startTestSts();
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    stsCert = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
  });
  after(() => t.close());

  async function issueWith(path: string, tokenXml: string, appliesTo: string, tokenType?: string) {
    const req = buildIssueRequest({ endpoint: `${t.base}${path}`, appliesTo, credential: { kind: 'token', xml: tokenXml }, ...(tokenType ? { tokenType } : {}), now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, path);
    return { res, r: parseIssueResponse(res.body) };
  }

  it('SP STS: exchanges an assertion from the demo IdP for a local SAML 2.0 assertion, signed by us', async () => {
    const { res, r } = await issueWith(SP_STS_PATH, await demoIdpAssertion(t.clock.now()), 'urn:example:local-app');
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Saml20);
    expect(r.token).to.include('<saml:Issuer>urn:example:sts</saml:Issuer>');
    expect(r.token).to.include('>alice</saml:NameID>');
    expect(r.token).to.include('alice@idp.example');
    expect(xmlsecVerifyAssertion(r.token, stsCert).status).to.equal(0);
    expect(xmllintSchema(res.body).status).to.equal(0);
  });

  it('SP STS: issues a JWT when the request asks for one', async () => {
    const { r } = await issueWith(SP_STS_PATH, await demoIdpAssertion(t.clock.now()), 'urn:example:local-app', TokenType.Jwt);
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    const { payload } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { issuer: 'urn:example:sts', audience: 'urn:example:local-app', currentDate: t.clock.now() });
    expect(payload.sub).to.equal('alice');
  });

  it('SP STS: refuses the same bearer assertion twice (replay), issuing nothing the second time', async () => {
    const assertion = await demoIdpAssertion(t.clock.now());
    expect((await issueWith(SP_STS_PATH, assertion, 'urn:example:local-app')).r.ok).to.equal(true);
    const before = t.issuedCount();
    const { r } = await issueWith(SP_STS_PATH, assertion, 'urn:example:local-app');
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount()).to.equal(before);
  });

  it('SP STS: refuses an assertion signed by a key the IdP connection does not trust', async () => {
    const rogue = await createSelfSignedKey({ kid: 'rogue', subject: 'CN=Demo IdP signing (DEMO ONLY)' });
    const assertion = await demoIdpAssertion(t.clock.now(), { keyPem: rogue.privateKeyPem, certPem: rogue.certificatePem });
    const { r } = await issueWith(SP_STS_PATH, assertion, 'urn:example:local-app');
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
  });

  it('SP STS: refuses an assertion for another audience', async () => {
    const { r } = await issueWith(SP_STS_PATH, await demoIdpAssertion(t.clock.now(), { audience: 'urn:example:someone-else' }), 'urn:example:local-app');
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
  });

  it('SP STS: Validate reports a demo IdP assertion valid, and a tampered one invalid (HTTP 200, no token)', async () => {
    const client = new StsClient({ endpoint: `${t.base}${SP_STS_PATH}`, now: () => t.clock.now() });
    const valid = await client.validate({ target: await demoIdpAssertion(t.clock.now()) });
    if (!valid.ok) throw new Error(JSON.stringify(valid.fault));
    expect(valid.status.valid).to.equal(true);
    const tampered = (await demoIdpAssertion(t.clock.now())).replace('alice@idp.example', 'admin@idp.example');
    const invalid = await client.validate({ target: tampered });
    if (!invalid.ok) throw new Error(JSON.stringify(invalid.fault));
    expect(invalid.httpStatus).to.equal(200);
    expect(invalid.status.valid).to.equal(false);
  });

  it('SP STS: a status-only Validate does not consume a bearer assertion; an exchange does', async () => {
    const client = new StsClient({ endpoint: `${t.base}${SP_STS_PATH}`, now: () => t.clock.now() });
    const assertion = await demoIdpAssertion(t.clock.now());
    for (let i = 0; i < 2; i++) {
      const status = await client.validate({ target: assertion });
      expect(status.ok && status.status.valid, `status check ${i + 1}`).to.equal(true);
    }
    expect((await issueWith(SP_STS_PATH, assertion, 'urn:example:local-app')).r.ok).to.equal(true);
    expect((await issueWith(SP_STS_PATH, assertion, 'urn:example:local-app')).r.ok).to.equal(false);
  });

  for (const tokenType of [TokenType.Saml20, TokenType.Saml11]) {
    it(`IdP STS: a partner's Validate of a ${tokenType} assertion we issued to it reports valid; a tampered one invalid`, async () => {
      const sts = new StsClient({ endpoint: `${t.base}${IDP_STS_PATH}`, now: () => t.clock.now() });
      const issued = await sts.issue({ appliesTo: 'https://sp.example.com/app', username: 'joe', password: '2Federate', tokenType });
      if (!issued.ok) throw new Error('not issued');
      const valid = await sts.validate({ target: issued.token });
      if (!valid.ok) throw new Error(JSON.stringify(valid.fault));
      expect(valid.status.valid).to.equal(true);
      const tampered = await sts.validate({ target: issued.token.replace('joe@example.com', 'eve@example.com') });
      expect(tampered.ok && tampered.status.valid).to.equal(false);
    });
  }

  it('IdP STS: the same partner token cannot be exchanged by Validate (its audience is the partner, not us)', async () => {
    const sts = new StsClient({ endpoint: `${t.base}${IDP_STS_PATH}`, now: () => t.clock.now() });
    const issued = await sts.issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
    if (!issued.ok) throw new Error('not issued');
    const before = t.issuedCount();
    const exchange = await sts.validate({ target: issued.token, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' });
    if (exchange.ok) throw new Error('exchanged');
    expect(exchange.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount()).to.equal(before);
  });

  it('translator: refuses a token this STS issued for a partner (its audience is the partner, so it cannot be forwarded)', async () => {
    const issued = await new StsClient({ endpoint: `${t.base}${IDP_STS_PATH}`, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
    if (!issued.ok) throw new Error('not issued');
    const before = t.issuedCount();
    const { r } = await issueWith(TOKEN_TRANSLATOR_PATH, issued.token, 'urn:example:translated');
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount()).to.equal(before);
  });

  it('translator: exchanges a JWT from the demo issuer for a SAML 2.0 assertion (mapping jwt-to-saml)', async () => {
    const { r } = await issueWith(TOKEN_TRANSLATOR_PATH, jwtSecurityToken(await demoIssuerJwt(t.clock.now())), 'urn:example:translated');
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Saml20);
    expect(r.token).to.include('<saml:Audience>urn:example:translated</saml:Audience>');
    expect(xmlsecVerifyAssertion(r.token, stsCert).status).to.equal(0);
  });

  it('translator: exchanges a demo IdP assertion for a JWT (mapping saml-to-jwt)', async () => {
    const { r } = await issueWith(TOKEN_TRANSLATOR_PATH, await demoIdpAssertion(t.clock.now()), 'urn:example:translated');
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Jwt);
    const { payload } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { audience: 'urn:example:translated', currentDate: t.clock.now() });
    expect(payload['mail']).to.equal('alice@idp.example');
  });
});
