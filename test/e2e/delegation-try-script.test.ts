/**
 * `node demo/try.mjs issue --on-behalf-of …` / `--act-as …` / `--claim …` against the in-process test STS: the
 * demo delegation rule as the README's "Delegation (OnBehalfOf, ActAs) and claims" section shows it.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { tryScript } from '../helpers/try-script.js';

const REQUESTER = 'CN=demo-client,OU=Clients,O=Example Demo,C=US';


describe('demo/try.mjs: --on-behalf-of, --act-as and --claim', function () {
  this.timeout(60_000);
  let t: TestSts;
  let env: Record<string, string>;

  before(async () => {
    t = await startTestSts();
    env = { STS_URL: t.base };
  });
  after(() => t.close());

  it('--help lists the delegation options', async () => {
    const r = await tryScript(['--help'], env);
    expect(r.stdout).to.include('--on-behalf-of username|idp').and.include('--act-as').and.include('--claim URI');
  });

  it('issue --on-behalf-of username: signed with the demo client certificate, a SAML 2.0 assertion about joe with the client as Delegate', async () => {
    const r = await tryScript(['issue', '--on-behalf-of', 'username'], env);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.match(/<saml:NameID[^>]*>joe<\/saml:NameID>/);
    expect(r.stdout).to.include('del:Delegate').and.include(`>${REQUESTER}</saml:NameID></del:Delegate>`);
  });

  it('issue --on-behalf-of idp --token-type jwt: a JWT about alice with act.sub the client', async () => {
    const r = await tryScript(['issue', '--on-behalf-of', 'idp', '--token-type', 'jwt'], env);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    const claims = decodeJwt(r.stdout.trim());
    expect(claims.sub).to.equal('alice');
    expect(claims['act']).to.deep.include({ sub: REQUESTER });
  });

  it('issue --act-as username --claim emailaddress: only the mail attribute', async () => {
    const r = await tryScript(['issue', '--act-as', 'username', '--claim', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'], env);
    expect(r.status, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.include('Name="mail"').and.not.include('Name="givenName"');
  });

  it('issue --on-behalf-of idp --as username: joe may not delegate, so the fault is printed and the exit code is 1', async () => {
    const r = await tryScript(['issue', '--on-behalf-of', 'idp', '--as', 'username'], env);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.include('RequestFailed');
  });

  it('an unknown delegated token prints the usage and exits 2', async () => {
    const r = await tryScript(['issue', '--on-behalf-of', 'mallory'], env);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include('unknown delegated token mallory');
  });
});
