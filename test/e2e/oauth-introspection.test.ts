import { expect } from 'chai';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoIssuerJwt } from '../helpers/demo-tokens.js';
import { basic, DEMO_CLIENT, exchangeParams, tokenRequest, TokenTypeUri } from '../helpers/oauth-request.js';

describe('e2e: RFC 7662 introspection of the access tokens this STS issued (/as/introspect.oauth2)', () => {
  const PATH = '/as/introspect.oauth2';
  let t: TestSts;
  beforeEach(async () => {
    t = await startTestSts();
  });
  afterEach(() => t.close());

  async function accessToken(requested: string = TokenTypeUri.accessToken): Promise<string> {
    const r = await tokenRequest(t, exchangeParams(await demoIssuerJwt(t.clock.now()), TokenTypeUri.jwt, { requested_token_type: requested, scope: 'read' }));
    expect(r.status, r.text).to.equal(200);
    return r.json['access_token'];
  }
  const introspect = (token: string, authorization?: string | null) => tokenRequest(t, { token }, { path: PATH, ...(authorization === undefined ? {} : { authorization }) });

  it('answers active with the token\'s claims for an access token we issued, to an authenticated client', async () => {
    const r = await introspect(await accessToken());
    expect(r.status, r.text).to.equal(200);
    expect(r.headers.get('cache-control')).to.equal('no-store');
    expect(r.json).to.include({ active: true, client_id: DEMO_CLIENT.id, sub: 'joe', aud: 'urn:example:sp', iss: 'urn:example:sts', scope: 'read', token_type: 'Bearer' });
  });

  it('answers only active: false once the token has expired', async () => {
    const token = await accessToken();
    t.clock.advance(3601);
    const r = await introspect(token);
    expect(r.status).to.equal(200);
    expect(r.json).to.deep.equal({ active: false });
  });

  it('answers active: false for tokens that are not our access tokens: our plain JWT, another issuer\'s JWT, a tampered token, junk', async () => {
    const ours = await accessToken();
    const [h, p, s] = ours.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url'), s].join('.');
    for (const token of [await accessToken(TokenTypeUri.jwt), await demoIssuerJwt(t.clock.now()), tampered, 'not-a-token']) {
      const r = await introspect(token);
      expect(r.status).to.equal(200);
      expect(r.json, token.slice(0, 20)).to.deep.equal({ active: false });
    }
  });

  it('refuses a client that does not authenticate (invalid_client) and a request without token (invalid_request)', async () => {
    const token = await accessToken();
    const anonymous = await introspect(token, null);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.json['error']).to.equal('invalid_client');
    expect(anonymous.text).to.not.include(token);
    const wrong = await introspect(token, basic(DEMO_CLIENT.id, 'nope'));
    expect(wrong.status).to.equal(401);
    const missing = await tokenRequest(t, {}, { path: PATH });
    expect(missing.status).to.equal(400);
    expect(missing.json['error']).to.equal('invalid_request');
  });
});
