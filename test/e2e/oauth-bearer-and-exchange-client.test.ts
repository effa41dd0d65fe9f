import { expect } from 'chai';
import { accessTokenSecurityToken, exchangeToken, jwtSecurityToken, StsClient } from '@sts/sdk/client';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoAccessToken, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { stsCertificatePem, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { DEMO_CLIENT, TokenTypeUri } from '../helpers/oauth-request.js';

describe('e2e: OAuth access tokens in (oauth-bearer processor) and exchangeToken() out', () => {
  let t: TestSts;
  let cert: string;
  before(async () => {
    t = await startTestSts();
    cert = await stsCertificatePem(t);
  });
  after(() => t.close());

  const issueWith = (token: string) => new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', token });

  it('WS-Trust: an access token of the demo AS as a validate_bearer BinarySecurityToken gets a SAML 2.0 assertion', async () => {
    const r = await issueWith(accessTokenSecurityToken(await demoAccessToken(t.clock.now())));
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.token).to.include('>joe</saml:NameID>');
    expect(xmlsecVerifyAssertion(r.token, cert).status).to.equal(0);
  });

  it('WS-Trust: a JWT that is not typed at+jwt is refused as an access token (wst:InvalidSecurityToken), nothing issued', async () => {
    const before = t.issuedCount();
    const r = await issueWith(accessTokenSecurityToken(await demoIssuerJwt(t.clock.now())));
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(t.issuedCount()).to.equal(before);
    // The same JWT in its own token type still works: the processors are told apart by ValueType.
    expect((await issueWith(jwtSecurityToken(await demoIssuerJwt(t.clock.now())))).ok).to.equal(true);
  });

  it('exchangeToken(): an access token exchanged for a SAML 2.0 assertion (client_secret_basic) and a JWT (client_secret_post)', async () => {
    const common = { tokenEndpoint: `${t.base}/as/token.oauth2`, subjectTokenType: TokenTypeUri.accessToken, audience: 'urn:example:sp' };
    const saml = await exchangeToken({ ...common, client: { id: DEMO_CLIENT.id, secret: DEMO_CLIENT.secret }, subjectToken: await demoAccessToken(t.clock.now()), requestedTokenType: TokenTypeUri.saml2 });
    if (!saml.ok) throw new Error(JSON.stringify(saml));
    expect(saml).to.include({ issuedTokenType: TokenTypeUri.saml2, tokenType: 'N_A' });
    expect(xmlsecVerifyAssertion(Buffer.from(saml.accessToken, 'base64url').toString('utf8'), cert).status).to.equal(0);

    const jwt = await exchangeToken({ ...common, client: { id: DEMO_CLIENT.id, secret: DEMO_CLIENT.secret, method: 'client_secret_post' }, subjectToken: await demoAccessToken(t.clock.now()), requestedTokenType: TokenTypeUri.jwt, scope: ['read'] });
    if (!jwt.ok) throw new Error(JSON.stringify(jwt));
    expect(jwt).to.include({ issuedTokenType: TokenTypeUri.jwt, tokenType: 'N_A', scope: 'read' });
    expect(jwt.expiresIn).to.be.a('number');
  });

  it('exchangeToken(): an RFC 6749 error comes back as an answer, not an exception', async () => {
    const r = await exchangeToken({ tokenEndpoint: `${t.base}/as/token.oauth2`, client: { id: DEMO_CLIENT.id, secret: 'wrong' }, subjectToken: 'x', subjectTokenType: TokenTypeUri.jwt });
    expect(r).to.deep.include({ ok: false, httpStatus: 401, error: 'invalid_client' });
  });
});
