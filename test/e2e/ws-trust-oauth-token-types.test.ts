import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { StsClient } from '@sts/sdk/client';
import { TokenType } from '@sts/sdk';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { pemFromX5c, xmlsecVerifyAssertion } from '../helpers/external-tools.js';

/** PingFederate's STS OAuth integration (pingfederate-sts.md section 6.2): OAuth token types asked for in an RST. */
describe('e2e: OAuth token types inside WS-Trust (/idp/sts.wst)', () => {
  const AS = 'https://as.example.com/as/token.oauth2';
  let t: TestSts;
  let jwks: JSONWebKeySet;
  before(async () => {
    t = await startTestSts();
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  });
  after(() => t.close());

  const issue = (appliesTo: string, tokenType: string) =>
    new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo, username: 'joe', password: '2Federate', tokenType });

  it('TokenType access_token: an RFC 9068 access token in a BinarySecurityToken, verified with the JWKS alone', async () => {
    const r = await issue('urn:example:sp', TokenType.AccessToken);
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.AccessToken);
    const { payload, protectedHeader } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { issuer: 'urn:example:sts', audience: 'urn:example:sp', typ: 'at+jwt', currentDate: t.clock.now() });
    expect(protectedHeader.typ).to.equal('at+jwt');
    expect(payload).to.include({ sub: 'joe', client_id: 'ws-trust' });
    expect(payload.jti).to.be.a('string');
  });

  it('TokenType jwt-bearer: a JWT for an RFC 7523 grant whose audience is the AS named by AppliesTo', async () => {
    const r = await issue(AS, TokenType.JwtBearerGrant);
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.JwtBearerGrant);
    const { payload, protectedHeader } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { issuer: 'urn:example:sts', audience: AS, currentDate: t.clock.now() });
    expect(protectedHeader.typ).to.equal('JWT');
    // RFC 7523 section 3: iss, sub, aud, exp (and jti for replay protection at the AS).
    expect(payload).to.include({ sub: 'joe' });
    expect(payload.exp).to.be.a('number');
    expect(payload.jti).to.be.a('string');
  });

  it('TokenType saml2-bearer: a SAML 2.0 assertion for an RFC 7522 grant, audience and bearer Recipient the AS, verified by xmlsec1', async () => {
    const r = await issue(AS, TokenType.Saml2BearerGrant);
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Saml2BearerGrant);
    expect(r.token).to.include(`<saml:Audience>${AS}</saml:Audience>`);
    expect(r.token).to.include('Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"');
    expect(r.token).to.match(new RegExp(`<saml:SubjectConfirmationData [^>]*Recipient="${AS}"`));
    const cert = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
    expect(xmlsecVerifyAssertion(r.token, cert).status).to.equal(0);
    expect(xmlsecVerifyAssertion(r.token.replace('>joe<', '>eve<'), cert).status).to.not.equal(0);
  });

  it('refuses an OAuth token type the selected connection does not allow (wst:BadRequest), issuing nothing', async () => {
    const before = t.issuedCount();
    const r = await issue('urn:example:sp', TokenType.Saml2BearerGrant);
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('BadRequest');
    expect(t.issuedCount()).to.equal(before);
  });
});
