import { createHmac, createPrivateKey, createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { demoConfig, demoInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { basic, DEMO_CLIENT, exchangeParams, Grant, tokenRequest, TokenTypeUri, type OAuthResponse } from '../helpers/oauth-request.js';
import { tempDir } from '../helpers/paths.js';
import { pemFromX5c, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { NS, parseUntrustedXml, type XmlDomElement } from '@sts/sdk/xml';
import type { Element } from 'libxmljs2';
import { xpathDocument } from '../helpers/elements-named.js';


/** OASIS SAML V2.0 Condition for Delegation Restriction, section 2. */
const DELEGATION_NS = 'urn:oasis:names:tc:SAML:2.0:conditions:delegation';
const SECRET_HASH = demoConfig()['oauth'].clients[0].secretHash as string;
const clientKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The demo's oauth config plus a client allowed token exchange only, two private_key_jwt clients (JWKS, PEM certificate), and a delegation policy. */
function oauthConfig(jwksFile: string, certificateFile: string) {
  const oauth = structuredClone(demoConfig()['oauth']);
  const [policy] = oauth.tokenExchangePolicies;
  oauth.tokenExchangePolicies.push({ ...policy, id: 'delegation', actorTokens: [{ tokenType: TokenTypeUri.jwt, processor: 'jwt-in' }] });
  oauth.clients.push(
    { clientId: 'exchange-only', authMethods: ['client_secret_basic'], secretHash: SECRET_HASH, grantTypes: [Grant.tokenExchange], policy: 'demo-exchange' },
    { clientId: 'key-client', authMethods: ['private_key_jwt'], jwksFile, grantTypes: [Grant.tokenExchange], policy: 'demo-exchange' },
    { clientId: 'cert-client', authMethods: ['private_key_jwt'], certificateFile, grantTypes: [Grant.tokenExchange], policy: 'demo-exchange' },
    { clientId: 'delegating', authMethods: ['client_secret_basic'], secretHash: SECRET_HASH, grantTypes: [Grant.tokenExchange], policy: 'delegation' },
  );
  return oauth;
}

describe('e2e: OAuth token endpoint bad input (RFC 6749 section 5.2; nothing issued, no token echoed)', () => {
  let t: TestSts;
  let dir: string;
  let jwks: JSONWebKeySet;
  let certClientKey: KeyObject;
  before(async () => {
    dir = tempDir('oauth-keys');
    const jwksFile = join(dir, 'key-client.jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...clientKey.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] }));
    const certClient = await createSelfSignedKey({ kid: 'cert-client', subject: 'CN=cert-client' });
    certClientKey = createPrivateKey(certClient.privateKeyPem);
    const certificateFile = join(dir, 'cert-client.pem');
    writeFileSync(certificateFile, certClient.certificatePem);
    t = await startTestSts({ config: { oauth: oauthConfig(jwksFile, certificateFile) } });
    jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  });
  after(() => t.close());

  const jwt = () => demoIssuerJwt(t.clock.now());

  /** Sends the request, expects the error, and checks that nothing was issued and nothing secret came back. */
  async function refused(send: () => Promise<OAuthResponse>, error: string, status = 400, secrets: string[] = []): Promise<OAuthResponse> {
    const before = t.issuedCount();
    const r = await send();
    expect(r.status, r.text).to.equal(status);
    expect(r.json['error'], r.text).to.equal(error);
    expect(r.json['error_description']).to.be.a('string');
    expect(r.headers.get('cache-control')).to.equal('no-store');
    expect(r.headers.get('content-type')).to.match(/^application\/json/);
    expect(r.json).to.not.have.property('access_token');
    for (const secret of [DEMO_CLIENT.secret, ...secrets]) expect(r.text).to.not.include(secret);
    expect(t.issuedCount()).to.equal(before);
    return r;
  }

  it('the valid request each case starts from is served', async () => {
    const r = await tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt));
    expect(r.status, r.text).to.equal(200);
  });

  describe('client authentication', () => {
    it('unknown client with Basic: invalid_client, 401 with a Basic challenge', async () => {
      const r = await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt), { authorization: basic('nobody', DEMO_CLIENT.secret) }), 'invalid_client', 401);
      expect(r.headers.get('www-authenticate')).to.match(/^Basic /);
    });

    it('wrong secret with Basic: invalid_client, 401 with a Basic challenge', async () => {
      const r = await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt), { authorization: basic(DEMO_CLIENT.id, 'demo-secreT') }), 'invalid_client', 401, ['demo-secreT']);
      expect(r.headers.get('www-authenticate')).to.match(/^Basic /);
    });

    it('wrong secret in the body: invalid_client, 401', async () => {
      await refused(async () => tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), client_id: DEMO_CLIENT.id, client_secret: 'wrong-one' }, { authorization: null }), 'invalid_client', 401, ['wrong-one']);
    });

    it('after a success kept by the verified-credential cache, a wrong secret (Basic or in the body) and the secret under an unknown id are still refused', async () => {
      for (let i = 0; i < 2; i++) expect((await tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt))).status).to.equal(200);
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt), { authorization: basic(DEMO_CLIENT.id, `${DEMO_CLIENT.secret}x`) }), 'invalid_client', 401, [`${DEMO_CLIENT.secret}x`]);
      await refused(async () => tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), client_id: DEMO_CLIENT.id, client_secret: '' }, { authorization: null }), 'invalid_client', 401);
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt), { authorization: basic(`${DEMO_CLIENT.id}2`, DEMO_CLIENT.secret) }), 'invalid_client', 401);
    });

    it('no client authentication: invalid_client', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt), { authorization: null }), 'invalid_client', 401);
    });

    it('two authentication methods at once: invalid_request', async () => {
      await refused(async () => tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret }), 'invalid_request');
    });

    it('a client not allowed the grant: unauthorized_client', async () => {
      const assertion = await demoIssuerJwt(t.clock.now(), {}, `${t.base}/as/token.oauth2`);
      await refused(() => tokenRequest(t, { grant_type: Grant.jwtBearer, assertion }, { authorization: basic('exchange-only', DEMO_CLIENT.secret) }), 'unauthorized_client');
    });
  });

  describe('private_key_jwt (RFC 7523 section 2.2)', () => {
    const endpoint = () => `${t.base}/as/token.oauth2`;
    function clientAssertion(change: { aud?: string; exp?: number; jti?: string } = {}) {
      const now = Math.floor(t.clock.now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('key-client')
        .setSubject('key-client')
        .setAudience(change.aud ?? endpoint())
        .setIssuedAt(now)
        .setExpirationTime(change.exp ?? now + 120)
        .setJti(change.jti ?? randomUUID())
        .sign(clientKey.privateKey);
    }
    const withAssertion = async (assertion: string) =>
      tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }, { authorization: null });

    it('authenticates a client with a fresh assertion signed by its key', async () => {
      const r = await withAssertion(await clientAssertion());
      expect(r.status, r.text).to.equal(200);
      const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { currentDate: t.clock.now() });
      expect(payload['client_id']).to.equal('key-client');
    });

    it('refuses the same assertion twice (jti replay): invalid_client', async () => {
      const assertion = await clientAssertion();
      expect((await withAssertion(assertion)).status).to.equal(200);
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an expired assertion: invalid_client', async () => {
      const assertion = await clientAssertion({ exp: Math.floor(t.clock.now().getTime() / 1000) - 120 });
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an assertion that lives longer than allowed: invalid_client', async () => {
      const assertion = await clientAssertion({ exp: Math.floor(t.clock.now().getTime() / 1000) + 3600 });
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an assertion for another audience: invalid_client', async () => {
      const assertion = await clientAssertion({ aud: 'https://elsewhere.example/as/token.oauth2' });
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an assertion signed by another key: invalid_client', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('key-client').setSubject('key-client')
        .setAudience(endpoint()).setIssuedAt(now).setExpirationTime(now + 60).setJti(randomUUID()).sign(other.privateKey);
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    /** A client assertion as raw JSON segments, so a test can repeat a member, signed with `key`. */
    function rawAssertion(claims: string, key: KeyObject = clientKey.privateKey): string {
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
      const input = `${header}.${Buffer.from(claims).toString('base64url')}`;
      return `${input}.${createSign('sha256').update(input).sign(key).toString('base64url')}`;
    }
    const claimsJson = (aud: string, extra = '') => {
      const now = Math.floor(t.clock.now().getTime() / 1000);
      return `{"iss":"key-client","sub":"key-client","aud":${JSON.stringify(aud)},"iat":${now},"exp":${now + 120},"jti":"${randomUUID()}"${extra}}`;
    };

    it('a hand-built assertion without repeated members is served (the valid start of the next cases)', async () => {
      const r = await withAssertion(rawAssertion(claimsJson(endpoint())));
      expect(r.status, r.text).to.equal(200);
    });

    it('refuses an assertion whose claims repeat aud (RFC 7519 section 4; security-rules 3.4): invalid_client', async () => {
      // JSON.parse keeps the last aud, so without the check this would pass with the second value.
      const assertion = rawAssertion(claimsJson('https://elsewhere.example/token', `,"aud":${JSON.stringify(endpoint())}`));
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an assertion whose claims repeat sub, even with the same value: invalid_client', async () => {
      const assertion = rawAssertion(claimsJson(endpoint(), ',"sub":"key-client"'));
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    /** The hand-built valid assertion with its header's alg changed and signed (or not) accordingly. */
    function assertionWithAlg(alg: string, sign: (input: string) => string): string {
      const header = Buffer.from(JSON.stringify({ alg, kid: 'k1' })).toString('base64url');
      const input = `${header}.${Buffer.from(claimsJson(endpoint())).toString('base64url')}`;
      return `${input}.${sign(input)}`;
    }

    it('refuses an unsigned assertion (alg none; security-rules 3.4): invalid_client', async () => {
      const assertion = assertionWithAlg('none', () => '');
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    it('refuses an assertion MACed with the client\'s public key (HS256 key confusion; security-rules 3.4): invalid_client', async () => {
      const publicPem = clientKey.publicKey.export({ type: 'spki', format: 'pem' });
      const assertion = assertionWithAlg('HS256', (input) => createHmac('sha256', publicPem).update(input).digest('base64url'));
      await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
    });

    describe('a client configured with a PEM certificate (certificateFile)', () => {
      function certAssertion(key: KeyObject) {
        const now = Math.floor(t.clock.now().getTime() / 1000);
        return new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('cert-client').setSubject('cert-client')
          .setAudience(endpoint()).setIssuedAt(now).setExpirationTime(now + 60).setJti(randomUUID()).sign(key);
      }

      it('authenticates an assertion signed with the certificate\'s key and issues for that client', async () => {
        const r = await withAssertion(await certAssertion(certClientKey));
        expect(r.status, r.text).to.equal(200);
        const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { currentDate: t.clock.now() });
        expect(payload['client_id']).to.equal('cert-client');
      });

      it('refuses an assertion signed by another key: invalid_client', async () => {
        const assertion = await certAssertion(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
        await refused(() => withAssertion(assertion), 'invalid_client', 401, [assertion]);
      });
    });
  });

  describe('grant and parameters', () => {
    it('an unknown grant type: unsupported_grant_type', async () => {
      await refused(async () => tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), grant_type: 'password' }), 'unsupported_grant_type');
    });

    for (const name of ['grant_type', 'subject_token', 'subject_token_type']) {
      it(`a missing ${name}: invalid_request`, async () => {
        const params: Record<string, string> = exchangeParams(await jwt(), TokenTypeUri.jwt);
        delete params[name];
        await refused(() => tokenRequest(t, params), 'invalid_request');
      });
    }

    it('a repeated parameter: invalid_request', async () => {
      const token = await jwt();
      const pairs = Object.entries(exchangeParams(token, TokenTypeUri.jwt));
      await refused(() => tokenRequest(t, [...pairs, ['audience', 'urn:example:sp']]), 'invalid_request', 400, [token]);
    });

    it('a body that is not application/x-www-form-urlencoded: invalid_request, 415', async () => {
      const token = await jwt();
      await refused(() => tokenRequest(t, {}, { contentType: 'application/json', body: JSON.stringify(exchangeParams(token, TokenTypeUri.jwt)) }), 'invalid_request', 415, [token]);
    });

    it('an oversize body: invalid_request, 413', async () => {
      await refused(async () => tokenRequest(t, { ...exchangeParams(await jwt(), TokenTypeUri.jwt), padding: 'x'.repeat(300_000) }), 'invalid_request', 413);
    });

    it('a scope the client may not have: invalid_scope', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { scope: 'read admin' })), 'invalid_scope');
    });

    it('an audience that selects no connection: invalid_target', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { audience: 'urn:example:unknown' })), 'invalid_target');
    });

    it('a resource that selects no connection: invalid_target', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { resource: 'https://unknown.example.com/api' })), 'invalid_target');
    });

    it('a requested_token_type no generator serves: invalid_request', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { requested_token_type: 'urn:ietf:params:oauth:token-type:id_token' })), 'invalid_request');
    });

    it('a subject_token_type the policy does not take: invalid_request', async () => {
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), 'urn:ietf:params:oauth:token-type:id_token')), 'invalid_request');
    });

    it('an actor token when the policy allows no delegation: invalid_request', async () => {
      const actor = await jwt();
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { actor_token: actor, actor_token_type: TokenTypeUri.jwt })), 'invalid_request', 400, [actor]);
    });
  });

  describe('the subject token (invalid_grant)', () => {
    it('expired', async () => {
      const token = await demoIssuerJwt(new Date(t.clock.now().getTime() - 30 * 60_000));
      await refused(() => tokenRequest(t, exchangeParams(token, TokenTypeUri.jwt)), 'invalid_grant', 400, [token]);
    });

    it('from an untrusted key', async () => {
      const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'demo-issuer-1', typ: 'JWT' }).setIssuer('urn:example:jwt-issuer').setSubject('joe')
        .setAudience('urn:example:sts').setIssuedAt(now).setExpirationTime(now + 300).setJti(randomUUID()).sign(key.privateKey);
      await refused(() => tokenRequest(t, exchangeParams(token, TokenTypeUri.jwt)), 'invalid_grant', 400, [token]);
    });

    it('replayed', async () => {
      const token = await jwt();
      expect((await tokenRequest(t, exchangeParams(token, TokenTypeUri.jwt))).status).to.equal(200);
      await refused(() => tokenRequest(t, exchangeParams(token, TokenTypeUri.jwt)), 'invalid_grant', 400, [token]);
    });

    it('of another type than declared (a JWT declared saml2, a SAML assertion declared jwt)', async () => {
      const token = await jwt();
      await refused(() => tokenRequest(t, exchangeParams(token, TokenTypeUri.saml2)), 'invalid_grant', 400, [token]);
      const saml = Buffer.from(await demoIdpAssertion(t.clock.now())).toString('base64url');
      await refused(() => tokenRequest(t, exchangeParams(saml, TokenTypeUri.jwt)), 'invalid_grant', 400, [saml]);
    });

    it('tampered (one claim changed, signature kept)', async () => {
      const [h, p, s] = (await jwt()).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const token = [h, Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url'), s].join('.');
      await refused(() => tokenRequest(t, exchangeParams(token, TokenTypeUri.jwt)), 'invalid_grant', 400, [token]);
    });

    it('a tampered SAML assertion', async () => {
      const xml = (await demoIdpAssertion(t.clock.now())).replace('>alice<', '>admin<');
      const saml = Buffer.from(xml).toString('base64url');
      await refused(() => tokenRequest(t, exchangeParams(saml, TokenTypeUri.saml2)), 'invalid_grant', 400, [saml]);
    });

    it('a jwt-bearer assertion for another audience', async () => {
      const assertion = await demoIssuerJwt(t.clock.now(), {}, 'https://elsewhere.example/token');
      await refused(() => tokenRequest(t, { grant_type: Grant.jwtBearer, assertion }), 'invalid_grant', 400, [assertion]);
    });
  });

  describe('delegation where the policy allows it', () => {
    it('records the actor as the act claim of a JWT (RFC 8693 section 4.1)', async () => {
      const actor = await jwt();
      const r = await tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { actor_token: actor, actor_token_type: TokenTypeUri.jwt }), { authorization: basic('delegating', DEMO_CLIENT.secret) });
      expect(r.status, r.text).to.equal(200);
      const { payload } = await jwtVerify(r.json['access_token'], createLocalJWKSet(jwks), { currentDate: t.clock.now() });
      expect(payload['act']).to.deep.equal({ sub: 'joe', iss: 'urn:example:jwt-issuer' });
    });

    /** alice (a demo IdP SAML assertion) is the subject, joe (a demo issuer JWT) the actor. */
    const delegation = async (requested: string) => ({
      subject: Buffer.from(await demoIdpAssertion(t.clock.now())).toString('base64url'),
      actor: await jwt(),
      requested,
    });
    const delegate = async (d: { subject: string; actor: string; requested: string }, client = 'delegating') =>
      tokenRequest(t, exchangeParams(d.subject, TokenTypeUri.saml2, { actor_token: d.actor, actor_token_type: TokenTypeUri.jwt, requested_token_type: d.requested }), { authorization: basic(client, DEMO_CLIENT.secret) });

    it('records the actor as the Delegate of a SAML 2.0 delegation Condition, signed (OASIS SAML V2.0 Condition for Delegation Restriction)', async () => {
      const r = await delegate(await delegation(TokenTypeUri.saml2));
      expect(r.status, r.text).to.equal(200);
      expect(r.json).to.include({ issued_token_type: TokenTypeUri.saml2, token_type: 'N_A' });
      const xml = Buffer.from(r.json['access_token'], 'base64url').toString('utf8');
      parseUntrustedXml(xml);
      const doc = xpathDocument(xml);
      const ns = { saml: NS.saml2, del: DELEGATION_NS, xsi: NS.xsi };
      expect(doc.get<Element>('/saml:Assertion/saml:Subject/saml:NameID', ns)!.text()).to.equal('alice');
      const condition = doc.get<Element>('/saml:Assertion/saml:Conditions/saml:Condition', ns)!;
      expect(condition.attr('type')!.value()).to.equal('del:DelegationRestrictionType');
      const delegates = doc.find<Element>('/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate', ns);
      expect(delegates).to.have.length(1);
      expect(delegates[0]!.get<Element>('saml:NameID', ns)!.text()).to.equal('joe');
      expect(Date.parse(delegates[0]!.attr('DelegationInstant')!.value())).to.equal(Math.floor(t.clock.now().getTime() / 1000) * 1000);
      const cert = pemFromX5c((jwks.keys[0] as { x5c: string[] }).x5c[0]!);
      const verified = xmlsecVerifyAssertion(xml, cert);
      expect(verified.verdict, verified.output).to.equal('OK');
      // The Delegate's name and the namespace binding its xsi:type value depends on are both signed.
      expect(xmlsecVerifyAssertion(xml.replace('>joe</saml:NameID></del:Delegate>', '>mallory</saml:NameID></del:Delegate>'), cert).verdict).to.equal('FAIL');
      const moved = xml
        .replace(`<saml:Condition xmlns:del="${DELEGATION_NS}"`, '<saml:Condition xmlns:del="urn:example:evil"')
        .replace('<del:Delegate ', `<del:Delegate xmlns:del="${DELEGATION_NS}" `);
      expect(moved).to.not.equal(xml);
      expect(xmlsecVerifyAssertion(moved, cert).verdict).to.equal('FAIL');
      // ../shared/xsd has no schema for the delegation namespace: the rest of the assertion is validated.
      const lint = xmllintSchema(xml.replace(/<saml:Condition [^>]*>.*<\/saml:Condition>/, ''));
      expect(lint.status, lint.output).to.equal(0);
    });

    it('refuses a SAML 1.1 token for a delegation (SAML 1.1 has no standard delegate element): invalid_grant, nothing issued', async () => {
      const d = await delegation(TokenTypeUri.saml1);
      await refused(() => delegate(d), 'invalid_grant', 400, [d.actor, d.subject]);
      const log = t.logger.records.filter((l) => (l.fields as { event?: string }).event === 'request.refused').at(-1);
      expect(JSON.stringify(log?.fields)).to.match(/SAML 1\.1 has no standard element to record the actor/);
    });

    it('a policy without actorTokens still refuses an actor for SAML 2.0: invalid_request, nothing issued', async () => {
      const d = await delegation(TokenTypeUri.saml2);
      await refused(() => delegate(d, DEMO_CLIENT.id), 'invalid_request', 400, [d.actor, d.subject]);
    });

    it('refuses an actor_token without actor_token_type: invalid_request', async () => {
      const actor = await jwt();
      await refused(async () => tokenRequest(t, exchangeParams(await jwt(), TokenTypeUri.jwt, { actor_token: actor }), { authorization: basic('delegating', DEMO_CLIENT.secret) }), 'invalid_request', 400, [actor]);
    });
  });

  it('a requested_token_type whose generator is disabled in plugins.json: the STS starts, the request gets invalid_request, nothing issued', async () => {
    const off = await startTestSts({ instances: demoInstances().map((i) => (i['id'] === 'saml11' ? { ...i, enabled: false } : i)) });
    try {
      const token = await demoIssuerJwt(off.clock.now());
      const r = await tokenRequest(off, exchangeParams(token, TokenTypeUri.jwt, { requested_token_type: TokenTypeUri.saml1 }));
      expect(r.status).to.equal(400);
      expect(r.json['error']).to.equal('invalid_request');
      expect(r.text).to.not.include(token);
      expect(off.issuedCount()).to.equal(0);
      const log = off.logger.records.find((l) => (l.fields as { event?: string }).event === 'request.refused');
      expect((log?.fields as { reason?: string }).reason).to.match(/token generator instance 'saml11' is disabled/);
    } finally {
      await off.close();
    }
  });
});
