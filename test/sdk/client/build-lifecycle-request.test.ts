/**
 * buildRenewRequest / buildCancelRequest and buildIssueRequest's `renewing` (README "Renew and Cancel"): the
 * URIs spelled out independently of the SDK (WS-Trust 1.3 sections 8 and 10; WS-Trust 2005/02 sections 7
 * and 9), the target by reference and by value, and every shape valid against the shared schemas (xmllint).
 */
import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { buildCancelRequest, buildIssueRequest, buildRenewRequest, type IssueCredential, type TrustVersion } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { SAML2_ASSERTION } from './issue-replies.js';
import { xmllintSchema } from '../../helpers/external-tools.js';

const NOW = new Date('2026-11-28T06:00:00.000Z');
const ENDPOINT = 'https://sts.example.com/idp/sts.wst';
const JOE: IssueCredential = { kind: 'username', username: 'joe', password: 'secret' };

const EXPECTED: Record<TrustVersion, { ns: string; base: string }> = {
  '1.3': { ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512', base: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512' },
  '1.3-slash': { ns: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/', base: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512' },
  '2005': { ns: 'http://schemas.xmlsoap.org/ws/2005/02/trust', base: 'http://schemas.xmlsoap.org/ws/2005/02/trust' },
};

function text(doc: libxmljs.Document, xpath: string, ns: Record<string, string>): string {
  const element = doc.get(xpath, ns) as libxmljs.Element | null;
  expect(element, xpath).to.not.equal(null);
  return element!.text();
}

function parse(body: string): libxmljs.Document {
  const doc = libxmljs.parseXml(body, { nonet: true, noent: false, dtdload: false, recover: false });
  expect(doc.errors, 'parse errors').to.have.length(0);
  return doc;
}

describe('sdk client: buildRenewRequest and buildCancelRequest', () => {
  for (const trustVersion of ['1.3', '1.3-slash', '2005'] as const) {
    for (const [operation, build] of [['Renew', buildRenewRequest], ['Cancel', buildCancelRequest]] as const) {
      it(`${operation}, WS-Trust ${trustVersion}, by reference: Action, RequestType and a SecurityTokenReference to the ID; schema-valid`, () => {
        const built = build({ endpoint: ENDPOINT, trustVersion, target: { tokenId: '_abc123' }, credential: JOE, now: () => NOW });
        const { ns, base } = EXPECTED[trustVersion];
        expect(built.action).to.equal(`${base}/RST/${operation}`);
        const doc = parse(built.body);
        const x = { s: NS.soap12, wst: ns, wsse: NS.wsse, wsa: NS.wsa };
        expect(text(doc, '//wsa:Action', x)).to.equal(`${base}/RST/${operation}`);
        expect(text(doc, '/s:Envelope/s:Body/wst:RequestSecurityToken/wst:RequestType', x)).to.equal(`${base}/${operation}`);
        expect(text(doc, `/s:Envelope/s:Body/wst:RequestSecurityToken/wst:${operation}Target/wsse:SecurityTokenReference/wsse:KeyIdentifier`, x)).to.equal('_abc123');
        const lint = xmllintSchema(built.body);
        expect(lint.status, lint.output).to.equal(0);
      });
    }
  }

  it('by value: the token is inserted as it is', () => {
    const built = buildRenewRequest({ endpoint: ENDPOINT, target: SAML2_ASSERTION, credential: JOE, now: () => NOW });
    expect(built.body).to.include(`<wst:RenewTarget>${SAML2_ASSERTION}</wst:RenewTarget>`);
  });

  it('refuses a target that is not one well-formed element, and an ID that is not XML text', () => {
    expect(() => buildCancelRequest({ endpoint: ENDPOINT, target: '<a/><b/>', credential: JOE })).to.throw(TypeError);
    expect(() => buildCancelRequest({ endpoint: ENDPOINT, target: { tokenId: 'bad\u0000id' }, credential: JOE })).to.throw(TypeError);
  });

  it('buildIssueRequest({ renewing }) sends wst:Renewing with Allow and OK as given, and none without the option', () => {
    const renewable = buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', credential: JOE, renewing: { allow: true, ok: true }, now: () => NOW });
    expect(renewable.body).to.include('<wst:Renewing Allow="true" OK="true"/>');
    const lint = xmllintSchema(renewable.body);
    expect(lint.status, lint.output).to.equal(0);
    expect(buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', credential: JOE, renewing: {}, now: () => NOW }).body).to.include('<wst:Renewing/>');
    expect(buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', credential: JOE, now: () => NOW }).body).to.not.include('Renewing');
  });
});
