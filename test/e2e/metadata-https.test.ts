import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssueResponse } from '@sts/sdk/client';
import { REPO_ROOT } from '../helpers/paths.js';
import { MSAL_ACTION_13, msalPreferredEndpoint, msalRst } from '../helpers/msal-mex.js';
import { oneShotFetch, startStsProcess, type StsProcess } from '../helpers/sts-process.js';

/**
 * The whole Microsoft-client path against the real `sts start` with the Office 365 profile: MEX over the
 * HTTPS listener, addresses derived from it (no server.publicBaseUrl), then MSAL's RST to the address the MEX
 * gave, over TLS, with no endpoint given by hand.
 */
describe('e2e: MEX over the HTTPS listener with the Office 365 profile (real process)', function () {
  this.timeout(60_000);
  const profile = JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'office365.config.json'), 'utf8'));
  let sts: StsProcess;
  let httpsFetch: typeof fetch;
  before(async () => {
    sts = await startStsProcess({ workers: 1, tls: true, config: { ...profile, idpConnections: [], tokenMappings: [], oauth: {} } });
    httpsFetch = oneShotFetch(readFileSync(join(sts.keysDir, 'tls-cert.pem'), 'utf8'));
  });
  after(() => sts.stop());

  it('passes `sts config check --config demo/office365.config.json` as shipped', () => {
    const run = spawnSync(process.execPath, ['core/dist/main.js', 'config', 'check', '--config', 'demo/office365.config.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('config ok');
  });

  it('says in the banner where metadata addresses come from', () => {
    expect(sts.output()).to.contain(`metadata addresses: https://localhost:${sts.tlsPort} (from the HTTPS listener;`);
  });

  it('discovers the https endpoint from /pf/sts_mex.ping and gets a SAML 1.1 assertion for urn:federation:MicrosoftOnline there', async () => {
    const tls = `https://localhost:${sts.tlsPort}`;
    const mex = await (await httpsFetch(`${tls}/pf/sts_mex.ping?PartnerSpId=urn:federation:MicrosoftOnline`)).text();
    const endpoint = msalPreferredEndpoint(mex)!;
    expect(endpoint).to.deep.equal({ address: `${tls}/idp/sts.wst`, action: MSAL_ACTION_13 });
    const body = msalRst(endpoint, { username: 'joe', password: '2Federate', appliesTo: 'urn:federation:MicrosoftOnline', now: new Date(), messageId: randomUUID() });
    const res = await httpsFetch(endpoint.address, { method: 'POST', body, headers: { 'content-type': 'application/soap+xml; charset=utf-8', SOAPAction: endpoint.action } });
    const reply = parseIssueResponse(await res.text());
    if (!reply.ok) throw new Error(JSON.stringify(reply.fault));
    expect(reply.tokenType).to.equal('urn:oasis:names:tc:SAML:1.0:assertion');
    expect(reply.token).to.contain('<saml:Audience>urn:federation:MicrosoftOnline</saml:Audience>');
  });
});
