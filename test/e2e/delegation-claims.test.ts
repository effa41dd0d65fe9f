/**
 * wst:Claims (WS-Trust 1.3 section 4.1) in the identity dialect (http://schemas.xmlsoap.org/ws/2005/05/identity,
 * `ic:ClaimType Uri Optional`): the issued attributes are narrowed to the claims asked for, within the
 * connection's attribute contract (demo-sp's `claimTypes`, README "Delegation (OnBehalfOf, ActAs) and claims").
 * Negative tests start from a valid request, change one thing, and assert the fault and that nothing was issued.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { buildIssueRequest, buildValidateRequest, usernameTokenXml, type IssueCredential, type RequestedClaim } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { demoConfig, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { xmllintSchema } from '../helpers/external-tools.js';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { bodyText, editBody, type RawRequest } from '../helpers/issue-request.js';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { REPO_ROOT } from '../helpers/paths.js';

const IC = 'http://schemas.xmlsoap.org/ws/2005/05/identity';
const EMAIL = `${IC}/claims/emailaddress`;
const GIVEN_NAME = `${IC}/claims/givenname`;
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const UNKNOWN = `${IC}/claims/privatepersonalidentifier`;
const read = (...path: string[]) => readFileSync(join(REPO_ROOT, 'demo', ...path), 'utf8');
const DEMO_X509: IssueCredential = { kind: 'x509', certificatePem: read('x509', 'demo-client.pem'), privateKeyPem: read('x509', 'demo-client-key.pem') };
const JOE: IssueCredential = { kind: 'username', username: 'joe', password: '2Federate' };

function request(t: TestSts, claims: readonly RequestedClaim[] | undefined, extra: { credential?: IssueCredential; onBehalfOf?: string } = {}): RawRequest {
  const built = buildIssueRequest({
    endpoint: t.endpoint,
    appliesTo: 'urn:example:sp',
    credential: extra.credential ?? JOE,
    ...(claims === undefined ? {} : { claims }),
    ...(extra.onBehalfOf === undefined ? {} : { onBehalfOf: extra.onBehalfOf }),
    now: () => t.clock.now(),
  });
  return { body: built.body, contentType: built.contentType, headers: {} };
}

/** The Attribute names of an issued SAML 2.0 assertion, in order. */
function attributeNames(assertion: string): string[] {
  return libxmljs
    .parseXml(assertion)
    .find('/saml:Assertion/saml:AttributeStatement/saml:Attribute', { saml: NS.saml2 })
    .map((a) => (a as libxmljs.Element).attr('Name')!.value());
}

describe('e2e: wst:Claims narrows the issued attributes (identity dialect, demo-sp claimTypes)', function () {
  this.timeout(60_000);
  let t: TestSts;

  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  it('without Claims the whole contract is issued (the baseline)', async () => {
    const r = await expectIssued(t, request(t, undefined));
    expect(attributeNames(r.token)).to.deep.equal(['mail', 'givenName', 'sn', 'role', 'displayName']);
  });

  it('issues only the claims asked for, in contract order; the request validates against the WS-Trust schema', async () => {
    const req = request(t, [{ uri: ROLE }, { uri: EMAIL }]);
    expect(bodyText(req)).to.include(`Dialect="${IC}"`);
    const lint = xmllintSchema(bodyText(req));
    expect(lint.status, lint.output).to.equal(0);
    const r = await expectIssued(t, req);
    expect(attributeNames(r.token)).to.deep.equal(['mail', 'role']);
  });

  it('a ClaimType may name a contract attribute directly (displayName)', async () => {
    const r = await expectIssued(t, request(t, [{ uri: 'displayName' }]));
    expect(attributeNames(r.token)).to.deep.equal(['displayName']);
  });

  it('ignores an optional claim the connection cannot issue', async () => {
    const r = await expectIssued(t, request(t, [{ uri: GIVEN_NAME }, { uri: UNKNOWN, optional: true }]));
    expect(attributeNames(r.token)).to.deep.equal(['givenName']);
  });

  it('narrows a delegated token too: OnBehalfOf the demo IdP user, asking for the e-mail address only', async () => {
    const r = await expectIssued(t, request(t, [{ uri: EMAIL }], { credential: DEMO_X509, onBehalfOf: await demoIdpAssertion(t.clock.now()) }));
    expect(attributeNames(r.token)).to.deep.equal(['mail']);
  });

  describe('refuses, and issues nothing', () => {
    it('a required claim the connection cannot issue: wst:InvalidRequest', async () => {
      await expectRefused(t, request(t, [{ uri: EMAIL }, { uri: UNKNOWN }]), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('a required claim without a value for this subject (the demo IdP user has no given name): wst:RequestFailed', async () => {
      const onBehalfOf = await demoIdpAssertion(t.clock.now());
      await expectRefused(t, request(t, [{ uri: GIVEN_NAME }], { credential: DEMO_X509, onBehalfOf }), { soapVersion: '1.2', code: 'RequestFailed' });
    });

    it('an unknown Claims dialect: wst:InvalidRequest', async () => {
      const req = editBody(request(t, [{ uri: EMAIL }]), `Dialect="${IC}"`, 'Dialect="http://docs.oasis-open.org/wsfed/authorization/200706/authclaims"');
      await expectRefused(t, req, { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('Claims without a Dialect: wst:InvalidRequest', async () => {
      await expectRefused(t, editBody(request(t, [{ uri: EMAIL }]), ` Dialect="${IC}"`, ''), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('a ClaimType whose Optional is not an xs:boolean: wst:InvalidRequest', async () => {
      await expectRefused(t, editBody(request(t, [{ uri: EMAIL, optional: true }]), 'Optional="true"', 'Optional="maybe"'), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('an element other than ic:ClaimType in identity Claims: wst:InvalidRequest', async () => {
      await expectRefused(t, editBody(request(t, [{ uri: EMAIL }]), '<ic:ClaimType ', '<ic:Claim '), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('two Claims elements: wst:InvalidRequest', async () => {
      const req = request(t, [{ uri: EMAIL }]);
      const claims = /<wst:Claims[^]*?<\/wst:Claims>/.exec(bodyText(req))![0];
      await expectRefused(t, editBody(req, claims, claims + claims), { soapVersion: '1.2', code: 'InvalidRequest' });
    });

    it('Claims or OnBehalfOf in a Validate request: wst:BadRequest', async () => {
      const built = buildValidateRequest({ endpoint: t.endpoint, credential: { kind: 'none' }, target: usernameTokenXml({ username: 'joe', password: '2Federate' }), now: () => t.clock.now() });
      const validate: RawRequest = { body: built.body, contentType: built.contentType, headers: {} };
      const withClaims = editBody(validate, '</wst:RequestSecurityToken>', `<wst:Claims xmlns:ic="${IC}" Dialect="${IC}"><ic:ClaimType Uri="${EMAIL}"/></wst:Claims></wst:RequestSecurityToken>`);
      await expectRefused(t, withClaims, { soapVersion: '1.2', code: 'BadRequest' });
    });
  });
});

describe('boot: delegation and claim type references', function () {
  this.timeout(60_000);
  const bootWith = (change: (sp: Record<string, any>) => void) => {
    const config = demoConfig();
    change(config['spConnections'][0]);
    return startTestSts({ config: { spConnections: config['spConnections'] } }).then(() => new Error('started'), (e: unknown) => e as Error);
  };

  it('refuses to start when a delegation requester names a processor instance plugins.json does not list', async () => {
    const error = await bootWith((sp) => (sp['delegation'].requesters[0].processor = 'kerberos'));
    expect(error.message).to.match(/STS_ERR_CONNECTION_INVALID: \/spConnections\/0\/delegation\/requesters\/0\/processor: instance 'kerberos' is not in .*plugins\.json/);
  });

  it('refuses to start when a delegation subject names a processor instance plugins.json does not list', async () => {
    const error = await bootWith((sp) => (sp['delegation'].subjects[1].processor = 'saml-out'));
    expect(error.message).to.match(/STS_ERR_CONNECTION_INVALID: \/spConnections\/0\/delegation\/subjects\/1\/processor: instance 'saml-out' is not in/);
  });

  it('refuses to start when a claim type names an attribute the contract does not have', async () => {
    const error = await bootWith((sp) => (sp['claimTypes'][0].attribute = 'email'));
    expect(error.message).to.match(/STS_ERR_CONNECTION_INVALID: \/spConnections\/0\/claimTypes\/0\/attribute: 'email' is not in the connection's attributeContract/);
  });

  it('refuses to start with a delegation block without requesters (schema)', async () => {
    const error = await bootWith((sp) => (sp['delegation'].requesters = []));
    expect(error.message).to.match(/STS_ERR_CONFIG_INVALID/);
  });
});
