/**
 * The SDK client's OnBehalfOf, ActAs and Claims options (sdk/src/client/delegation-elements.ts): where they go,
 * in which namespace, escaped, and checked like any caller-supplied token; each request validates against the
 * official WS-Trust 1.3 / 1.4 schemas.
 */
import { expect } from 'chai';
import libxmljs from 'libxmljs2';
import { buildIssueRequest, usernameTokenXml, type IssueRequestOptions } from '@sts/sdk/client';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import { xmllintSchema } from '../../helpers/external-tools.js';

const NOW = new Date('2026-11-28T06:00:00.000Z');
const WST14 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200802';
const IC = 'http://schemas.xmlsoap.org/ws/2005/05/identity';
const NSMAP = { wst: NS.wst13, wst05: NS.wst2005, wst14: WST14, ic: IC, wsse: NS.wsse, wsu: NS.wsu };
const base: IssueRequestOptions = { endpoint: 'https://sts.example.com/sts', appliesTo: 'urn:example:sp', credential: { kind: 'none' }, now: () => NOW };

function body(options: Partial<IssueRequestOptions>): libxmljs.Document {
  const built = buildIssueRequest({ ...base, ...options });
  const lint = xmllintSchema(built.body);
  expect(lint.status, lint.output).to.equal(0);
  return libxmljs.parseXml(built.body);
}

describe('sdk client: OnBehalfOf, ActAs and Claims in an Issue request', () => {
  const joe = usernameTokenXml({ username: 'joe', password: '2Federate', passwordType: 'digest', created: NOW });

  it('usernameTokenXml is a standalone UsernameToken; digest brings a Nonce and Created', () => {
    const doc = libxmljs.parseXml(joe);
    expect(doc.root()!.namespace()!.href()).to.equal(NS.wsse);
    expect((doc.get('/wsse:UsernameToken/wsse:Password', NSMAP) as libxmljs.Element).attr('Type')!.value()).to.equal(UsernameTokenUri.passwordDigest);
    expect(doc.get('/wsse:UsernameToken/wsse:Nonce', NSMAP)).to.exist;
    expect((doc.get('/wsse:UsernameToken/wsu:Created', NSMAP) as libxmljs.Element).text()).to.equal('2026-11-28T06:00:00.000Z');
  });

  it('puts the token in wst:OnBehalfOf of the RST, in the request\'s trust namespace (1.3 and 2005/02)', () => {
    expect(body({ onBehalfOf: joe }).get('//wst:RequestSecurityToken/wst:OnBehalfOf/wsse:UsernameToken/wsse:Username', NSMAP)).to.exist;
    expect(body({ onBehalfOf: joe, trustVersion: '2005' }).get('//wst05:RequestSecurityToken/wst05:OnBehalfOf/wsse:UsernameToken', NSMAP)).to.exist;
  });

  it('puts the token in wst14:ActAs (WS-Trust 1.4 namespace)', () => {
    expect(body({ actAs: joe }).get('//wst:RequestSecurityToken/wst14:ActAs/wsse:UsernameToken', NSMAP)).to.exist;
  });

  it('writes identity-dialect Claims with escaped Uri values and Optional only when given', () => {
    const doc = body({ claims: [{ uri: 'urn:a&b' }, { uri: `${IC}/claims/emailaddress`, optional: true }] });
    const claims = doc.get('//wst:RequestSecurityToken/wst:Claims', NSMAP) as libxmljs.Element;
    expect(claims.attr('Dialect')!.value()).to.equal(IC);
    const types = doc.find('//wst:Claims/ic:ClaimType', NSMAP) as libxmljs.Element[];
    expect(types.map((c) => [c.attr('Uri')!.value(), c.attr('Optional')?.value()])).to.deep.equal([
      ['urn:a&b', undefined],
      [`${IC}/claims/emailaddress`, 'true'],
    ]);
  });

  it('refuses a token that is not one well-formed element (TypeError), as for any caller token', () => {
    expect(() => buildIssueRequest({ ...base, onBehalfOf: '<a><b></a>' })).to.throw(TypeError, /onBehalfOf/);
    expect(() => buildIssueRequest({ ...base, actAs: 'joe' })).to.throw(TypeError, /actAs/);
  });
});
