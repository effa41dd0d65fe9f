/**
 * OnBehalfOf (WS-Trust 1.3 section 9.3, 2005/02) and ActAs (WS-Trust 1.4) end to end, with the demo delegation
 * rule (demo/sts.config.json, README "Delegation (OnBehalfOf, ActAs) and claims"): a request signed with the
 * demo client certificate may ask for urn:example:sp on behalf of a UsernameToken of joe or an assertion of
 * the demo IdP. The issued token's subject is the delegated identity and the requester is its actor (SAML 2.0
 * Delegate, JWT act). Every negative test starts from a valid, freshly made request, changes one thing, and
 * asserts the fault and that nothing was issued.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import libxmljs from 'libxmljs2';
import { TokenType } from '@sts/sdk';
import { buildIssueRequest, jwtSecurityToken, usernameTokenXml, type IssueCredential, type IssueRequestOptions } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { demoConfig, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import type { ExchangeOutcome } from '@sts/core';
import { stsCertificatePem, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { expectIssued, expectRefused, lastRefusalReason } from '../helpers/expect-fault.js';
import { bodyText, send, type RawRequest } from '../helpers/issue-request.js';
import { demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { FIXTURES, REPO_ROOT, SHARED_XSD, tempDir } from '../helpers/paths.js';

const read = (...path: string[]) => readFileSync(join(REPO_ROOT, 'demo', ...path), 'utf8');
const DEMO_X509: IssueCredential = { kind: 'x509', certificatePem: read('x509', 'demo-client.pem'), privateKeyPem: read('x509', 'demo-client-key.pem') };
/** The demo client certificate's subject as the x509 processor reports it: the requester on the demo allow-list. */
const REQUESTER = 'CN=demo-client,OU=Clients,O=Example Demo,C=US';
const DELEGATION_NS = 'urn:oasis:names:tc:SAML:2.0:conditions:delegation';
const NSMAP = { saml: NS.saml2, del: DELEGATION_NS };
const WST14 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200802';

type DelegatedOptions = Partial<Pick<IssueRequestOptions, 'onBehalfOf' | 'actAs' | 'claims' | 'tokenType' | 'soapVersion' | 'trustVersion' | 'appliesTo'>> & {
  readonly credential?: IssueCredential;
};

/** An Issue request signed with the demo client key (unless `credential` says otherwise), at the test clock's time. */
function delegatedRequest(t: TestSts, options: DelegatedOptions): RawRequest {
  const { credential, ...rest } = options;
  const built = buildIssueRequest({ endpoint: t.endpoint, appliesTo: 'urn:example:sp', credential: credential ?? DEMO_X509, now: () => t.clock.now(), ...rest });
  return { body: built.body, contentType: built.contentType, headers: built.soapAction === undefined ? {} : { SOAPAction: built.soapAction } };
}

/** A UsernameToken of the demo user, PasswordDigest (so it carries a Nonce the STS accepts once). */
function joe(t: TestSts, overrides: { password?: string; created?: Date } = {}): string {
  return usernameTokenXml({ username: 'joe', password: overrides.password ?? '2Federate', passwordType: 'digest', created: overrides.created ?? t.clock.now() });
}

function text(doc: libxmljs.Document, xpath: string): string | undefined {
  return (doc.get(xpath, NSMAP) as libxmljs.Element | null)?.text();
}


/**
 * A driver schema: the shared kit's sts-all.xsd plus our schema of the SAML delegation Condition
 * (test/fixtures/xsd/saml-delegation-condition.xsd), so that xmllint checks the Delegate strictly too.
 */
function schemaWithDelegation(): string {
  const dir = tempDir('xsd');
  const delegation = join(dir, 'saml-delegation-condition.xsd');
  writeFileSync(delegation, readFileSync(join(FIXTURES, 'xsd', 'saml-delegation-condition.xsd'), 'utf8').replace('SAML_ASSERTION_XSD', join(dirname(SHARED_XSD), 'saml-schema-assertion-2.0.xsd')));
  const driver = join(dir, 'driver.xsd');
  writeFileSync(driver, `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:sts-all-delegation">
  <xs:import namespace="urn:oracle:sts-all" schemaLocation="${SHARED_XSD}"/>
  <xs:import namespace="${DELEGATION_NS}" schemaLocation="${delegation}"/>
</xs:schema>
`);
  return driver;
}

/** The demo config with the demo-sp connection changed by `change`. */
function withDemoSp(change: (sp: Record<string, any>) => Record<string, any>): Record<string, unknown> {
  const config = demoConfig();
  return { spConnections: config['spConnections'].map((sp: Record<string, any>) => (sp['id'] === 'demo-sp' ? change(sp) : sp)) };
}

describe('e2e: OnBehalfOf and ActAs (/idp/sts.wst, the demo delegation rule)', function () {
  this.timeout(60_000);
  let t: TestSts;
  let certPem: string;

  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  describe('issues for the delegated identity and records the requester as actor', () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      for (const trustVersion of ['1.3', '2005'] as const) {
        it(`OnBehalfOf a UsernameToken of joe → SAML 2.0 about joe with the requester as Delegate (SOAP ${soapVersion}, WS-Trust ${trustVersion})`, async () => {
          const request = delegatedRequest(t, { onBehalfOf: joe(t), soapVersion, trustVersion });
          const requestLint = xmllintSchema(bodyText(request));
          expect(requestLint.status, requestLint.output).to.equal(0);
          const r = await expectIssued(t, request);
          const doc = libxmljs.parseXml(r.token);
          expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal('joe');
          expect(text(doc, "/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate/saml:NameID")).to.equal(REQUESTER);
          expect(text(doc, "/saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='mail']/saml:AttributeValue")).to.equal('joe@example.com');
          const verified = xmlsecVerifyAssertion(r.token, certPem);
          expect(verified.verdict, verified.output).to.equal('OK');
        });
      }
    }

    it('answers with an RSTR that xmllint validates against the WS-Trust, SAML and delegation Condition schemas', async () => {
      const res = await send(t, delegatedRequest(t, { onBehalfOf: joe(t) }));
      expect(res.status, res.body).to.equal(200);
      expect(res.body).to.include('del:DelegationRestrictionType');
      const lint = xmllintSchema(res.body, schemaWithDelegation());
      expect(lint.status, lint.output).to.equal(0);
    });

    it('OnBehalfOf an assertion of the demo IdP → SAML 2.0 about alice, her attributes, the requester as Delegate', async () => {
      const r = await expectIssued(t, delegatedRequest(t, { onBehalfOf: await demoIdpAssertion(t.clock.now()) }));
      const doc = libxmljs.parseXml(r.token);
      expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal('alice');
      expect(text(doc, "/saml:Assertion/saml:AttributeStatement/saml:Attribute[@Name='mail']/saml:AttributeValue")).to.equal('alice@idp.example');
      expect(text(doc, '/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate/saml:NameID')).to.equal(REQUESTER);
      expect(xmlsecVerifyAssertion(r.token, certPem).verdict).to.equal('OK');
    });

    it('OnBehalfOf joe → a JWT with sub joe and act.sub the requester (RFC 8693 section 4.1)', async () => {
      const r = await expectIssued(t, delegatedRequest(t, { onBehalfOf: joe(t), tokenType: TokenType.Jwt }));
      const jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const { payload } = await jwtVerify(r.tokenValue!, createLocalJWKSet(jwks), { currentDate: t.clock.now() });
      expect(payload.sub).to.equal('joe');
      expect(payload['act']).to.deep.include({ sub: REQUESTER });
    });

    it('ActAs joe (wst14:ActAs) keeps both identities: subject joe, requester as Delegate', async () => {
      const request = delegatedRequest(t, { actAs: joe(t) });
      expect(bodyText(request)).to.include(`xmlns:wst14="${WST14}"`);
      const lint = xmllintSchema(bodyText(request));
      expect(lint.status, lint.output).to.equal(0);
      const r = await expectIssued(t, request);
      const doc = libxmljs.parseXml(r.token);
      expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal('joe');
      expect(text(doc, '/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate/saml:NameID')).to.equal(REQUESTER);
    });

    it('ActAs in a WS-Trust 2005/02 RST (as WIF sends it) keeps both identities too', async () => {
      const r = await expectIssued(t, delegatedRequest(t, { actAs: await demoIdpAssertion(t.clock.now()), trustVersion: '2005', soapVersion: '1.1' }));
      const doc = libxmljs.parseXml(r.token);
      expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal('alice');
      expect(text(doc, '/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate/saml:NameID')).to.equal(REQUESTER);
    });

    it('a request without delegation still issues for the requester itself, with no Delegate', async () => {
      const r = await expectIssued(t, delegatedRequest(t, {}));
      const doc = libxmljs.parseXml(r.token);
      expect(text(doc, '/saml:Assertion/saml:Subject/saml:NameID')).to.equal(REQUESTER);
      expect(doc.get('//del:Delegate', NSMAP)).to.not.exist;
    });
  });

  describe('refuses, and issues nothing', () => {
    it('an expired OnBehalfOf assertion (wst:InvalidSecurityToken)', async () => {
      const old = new Date(t.clock.now().getTime() - 60 * 60_000);
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: await demoIdpAssertion(old) }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
    });

    it('an OnBehalfOf UsernameToken whose Created is stale (its freshness rule applies)', async () => {
      const old = new Date(t.clock.now().getTime() - 60 * 60_000);
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: joe(t, { created: old }) }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(lastRefusalReason(t)).to.match(/created|fresh|old|stale/i);
    });

    it('a replayed OnBehalfOf UsernameToken (same Nonce) in a new, otherwise valid request', async () => {
      const token = joe(t);
      await expectIssued(t, delegatedRequest(t, { onBehalfOf: token }));
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: token }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(lastRefusalReason(t)).to.match(/nonce|replay/i);
    });

    it('an OnBehalfOf assertion signed by a key the demo IdP does not have (untrusted)', async () => {
      const forged = await demoIdpAssertion(t.clock.now(), { keyPem: read('x509', 'demo-client-key.pem'), certPem: read('x509', 'demo-client.pem') });
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: forged }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
    });

    it('an OnBehalfOf assertion whose signed content was changed after signing', async () => {
      const signed = await demoIdpAssertion(t.clock.now());
      const tampered = signed.replace('>alice<', '>admin<');
      expect(tampered).to.not.equal(signed);
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: tampered }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
    });

    it('an OnBehalfOf assertion for another audience (the audience rule applies)', async () => {
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: await demoIdpAssertion(t.clock.now(), { audience: 'urn:example:elsewhere' }) }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
      expect(lastRefusalReason(t)).to.match(/audience/);
    });

    it('an OnBehalfOf UsernameToken with a wrong password', async () => {
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: joe(t, { password: 'wrong' }) }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    });

    it('a requester not on the allow-list (joe by UsernameToken asks on behalf of the demo IdP user): wst:RequestFailed', async () => {
      const credential: IssueCredential = { kind: 'username', username: 'joe', password: '2Federate' };
      await expectRefused(t, delegatedRequest(t, { credential, onBehalfOf: await demoIdpAssertion(t.clock.now()) }), { soapVersion: '1.2', code: 'RequestFailed'});
      expect(lastRefusalReason(t)).to.match(/may not delegate/);
    });

    it('a connection without a delegation rule (urn:example:as … the demo AS partner): wst:RequestFailed', async () => {
      await expectRefused(t, delegatedRequest(t, { appliesTo: 'https://as.example.com/as/token.oauth2', onBehalfOf: joe(t), tokenType: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }), {
        soapVersion: '1.2',
        code: 'RequestFailed',
      });
      expect(lastRefusalReason(t)).to.match(/allows no delegation/);
    });

    it('a delegated subject not on the subjects list (a JWT of the demo JWT issuer): wst:RequestFailed', async () => {
      const jwt = jwtSecurityToken(await demoIssuerJwt(t.clock.now()));
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: jwt }), { soapVersion: '1.2', code: 'RequestFailed'});
      expect(lastRefusalReason(t)).to.match(/no delegation for subject/);
    });

    it('an unauthenticated requester (no credential in the Security header)', async () => {
      await expectRefused(t, delegatedRequest(t, { credential: { kind: 'none' }, onBehalfOf: joe(t) }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    });

    it('OnBehalfOf inside OnBehalfOf (nested): wst:InvalidRequest (the request schema already allows no such content)', async () => {
      const nested = `<wst:OnBehalfOf xmlns:wst="${NS.wst13}">${joe(t)}</wst:OnBehalfOf>`;
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: nested }), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('ActAs inside OnBehalfOf, and OnBehalfOf inside a token in ActAs (nested): wst:InvalidRequest', async () => {
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: `<wst14:ActAs xmlns:wst14="${WST14}">${joe(t)}</wst14:ActAs>` }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/nested delegation/);
      const wrapped = `<x:Wrapper xmlns:x="urn:example:wrapper"><wst:OnBehalfOf xmlns:wst="${NS.wst13}">${joe(t)}</wst:OnBehalfOf></x:Wrapper>`;
      await expectRefused(t, delegatedRequest(t, { actAs: wrapped }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/nested delegation/);
    });

    it('an OnBehalfOf assertion that itself carries a delegation (a Delegate condition)', async () => {
      const delegated = await demoIdpAssertion(t.clock.now(), { actor: 'someone-else' });
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: delegated }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
    });

    it('OnBehalfOf and ActAs in one request: wst:InvalidRequest', async () => {
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: joe(t), actAs: joe(t) }), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('SAML 1.1 for a delegation: it has no standard element for the actor (wst:RequestFailed)', async () => {
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: joe(t), tokenType: TokenType.Saml11 }), { soapVersion: '1.2', code: 'RequestFailed'});
    });

    it('an X.509 BinarySecurityToken in OnBehalfOf: a bare certificate proves nothing (refused by its processor)', async () => {
      const pem = read('x509', 'demo-client.pem').replace(/-----[^-]+-----|\s/g, '');
      const bst = `<wsse:BinarySecurityToken xmlns:wsse="${NS.wsse}" ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${pem}</wsse:BinarySecurityToken>`;
      await expectRefused(t, delegatedRequest(t, { onBehalfOf: bst }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(lastRefusalReason(t)).to.match(/no message to verify a signature over/);
    });
  });
});

describe('e2e: a delegated token that is itself delegated (JWT act) is refused', function () {
  this.timeout(60_000);
  let t: TestSts;

  before(async () => {
    // The demo rule plus JWTs of the demo JWT issuer as delegated subjects.
    t = await startTestSts({
      config: withDemoSp((sp) => ({ ...sp, delegation: { ...sp['delegation'], subjects: [...sp['delegation'].subjects, { processor: 'jwt-in' }] } })),
    });
  });
  after(() => t.close());

  it('issues OnBehalfOf a JWT of the demo JWT issuer (the valid starting point)', async () => {
    const r = await expectIssued(t, delegatedRequest(t, { onBehalfOf: jwtSecurityToken(await demoIssuerJwt(t.clock.now())) }));
    expect(libxmljs.parseXml(r.token).get('//saml:Subject/saml:NameID', NSMAP)?.toString()).to.include('joe');
  });

  it('refuses OnBehalfOf a JWT with an act claim (a delegation chain): wst:RequestFailed', async () => {
    const jwt = await demoIssuerJwt(t.clock.now(), { act: { sub: 'intermediary' } });
    await expectRefused(t, delegatedRequest(t, { onBehalfOf: jwtSecurityToken(jwt) }), { soapVersion: '1.2', code: 'RequestFailed'});
    expect(lastRefusalReason(t)).to.match(/itself carries a delegation/);
  });

  it('refuses a replayed OnBehalfOf JWT (same jti)', async () => {
    const jwt = jwtSecurityToken(await demoIssuerJwt(t.clock.now()));
    await expectIssued(t, delegatedRequest(t, { onBehalfOf: jwt }));
    await expectRefused(t, delegatedRequest(t, { onBehalfOf: jwt }), { soapVersion: '1.2', code: 'InvalidSecurityToken' });
  });
});

describe('e2e: a connection that allows OnBehalfOf but not ActAs', function () {
  this.timeout(60_000);
  let t: TestSts;

  before(async () => {
    t = await startTestSts({ config: withDemoSp((sp) => ({ ...sp, delegation: { ...sp['delegation'], actAs: false } })) });
  });
  after(() => t.close());

  it('issues OnBehalfOf', async () => {
    await expectIssued(t, delegatedRequest(t, { onBehalfOf: joe(t) }));
  });

  it('refuses ActAs with wst:RequestFailed', async () => {
    await expectRefused(t, delegatedRequest(t, { actAs: joe(t) }), { soapVersion: '1.2', code: 'RequestFailed'});
    expect(lastRefusalReason(t)).to.match(/does not allow act-as/);
  });
});

describe('e2e: a delegation is reported with its actor (exchange outcome: audit log and server log)', function () {
  this.timeout(60_000);
  let t: TestSts;
  const outcomes: ExchangeOutcome[] = [];

  before(async () => {
    t = await startTestSts({ exchangeObservers: [(o) => outcomes.push(o)] });
  });
  after(() => t.close());

  it('an issued delegation names the subject, the kind and the requester as actor', async () => {
    await expectIssued(t, delegatedRequest(t, { actAs: joe(t) }));
    expect(outcomes.at(-1)).to.include({ subject: 'joe', delegation: 'act-as', actor: REQUESTER, processorId: 'username', callerProcessorId: 'x509' });
    const issued = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'token.issued').at(-1)!.fields;
    expect(issued).to.include({ subject: 'joe', delegation: 'act-as', actor: REQUESTER });
  });

  it('a refused delegation still names the requester that asked', async () => {
    await expectRefused(t, delegatedRequest(t, { onBehalfOf: joe(t, { password: 'wrong' }) }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    expect(outcomes.at(-1)).to.include({ delegation: 'on-behalf-of', actor: REQUESTER, fault: 'FailedAuthentication' });
  });

  it('a request without delegation has neither', async () => {
    await expectIssued(t, delegatedRequest(t, {}));
    expect(outcomes.at(-1)).to.not.have.any.keys('delegation', 'actor');
  });
});
