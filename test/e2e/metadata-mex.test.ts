import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Element } from 'libxmljs2';
import { xpathDocument } from '../helpers/elements-named.js';
import { SHARED_XSD } from '../helpers/paths.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { xmllintSchema } from '../helpers/external-tools.js';

const METADATA_XSD = resolve(SHARED_XSD, '..', 'metadata-all.xsd');
const PUBLIC = 'https://sts.example.test';
const NS = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soap: 'http://schemas.xmlsoap.org/wsdl/soap/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  sp: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  wst: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  wsa: 'http://www.w3.org/2005/08/addressing',
  mex: 'http://schemas.xmlsoap.org/ws/2004/09/mex',
  ic: 'http://schemas.xmlsoap.org/ws/2005/05/identity',
  s12: 'http://www.w3.org/2003/05/soap-envelope',
  s11: 'http://schemas.xmlsoap.org/soap/envelope/',
};
const TRANSFER_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
const GET_METADATA = 'http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Request';

function root(xml: string): Element {
  return xpathDocument(xml).root() as Element;
}

function texts(element: Element, xpath: string): string[] {
  return (element.find(xpath, NS) as Element[]).map((e) => e.text());
}

function attrs(element: Element, xpath: string, name: string): string[] {
  return (element.find(xpath, NS) as Element[]).map((e) => e.attr(name)!.value());
}

/** A SOAP metadata request: WS-Transfer Get (empty Body) or MEX GetMetadata with the given children. */
function mexRequest(version: '1.1' | '1.2', action: string, body: string, to: string): { body: string; contentType: string; headers: Record<string, string> } {
  const s = version === '1.1' ? NS.s11 : NS.s12;
  const xml = `<s:Envelope xmlns:s="${s}" xmlns:wsa="${NS.wsa}"><s:Header><wsa:Action s:mustUnderstand="1">${action}</wsa:Action><wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID><wsa:To s:mustUnderstand="1">${to}</wsa:To></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  return version === '1.1'
    ? { body: xml, contentType: 'text/xml; charset=utf-8', headers: { soapaction: `"${action}"` } }
    : { body: xml, contentType: `application/soap+xml; charset=utf-8; action="${action}"`, headers: {} };
}

const getMetadata = (children = '') => `<mex:GetMetadata xmlns:mex="${NS.mex}">${children}</mex:GetMetadata>`;

describe('e2e: metadata face (WSDL, WS-SecurityPolicy, WS-MetadataExchange; issue 10 part 1)', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts({ publicBaseUrl: PUBLIC })));
  after(() => t.close());

  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${t.base}${path}`, init);
    return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', allow: res.headers.get('allow') };
  };

  it('serves the MEX for a partner at PingFederate\'s path: wsdl:definitions, SOAP 1.2 bindings only, schema-valid', async () => {
    const res = await get('/pf/sts_mex.ping?PartnerSpId=urn:example:sp');
    expect(res.status).to.equal(200);
    expect(res.contentType).to.match(/^text\/xml/);
    const doc = root(res.body);
    expect(doc.name()).to.equal('definitions');
    expect(doc.namespace()?.href()).to.equal(NS.wsdl);
    const bindings = doc.find('wsdl:binding', NS) as Element[];
    expect(bindings.length).to.be.greaterThan(0);
    for (const b of bindings) {
      expect(b.get('soap12:binding', NS), b.attr('name')!.value()).to.be.ok;
      expect(b.get('soap:binding', NS)).to.not.be.ok;
    }
    // The demo partner allows the username and X.509 processors: usernamemixed and certificatemixed, 1.3 and 2005.
    expect(attrs(doc, 'wsdl:service/wsdl:port', 'name').sort()).to.deep.equal([
      'CertificateWSTrustBinding_IWSTrust13Sync', 'CertificateWSTrustBinding_IWSTrustFeb2005Sync',
      'UserNameWSTrustBinding_IWSTrust13Sync', 'UserNameWSTrustBinding_IWSTrustFeb2005Sync',
    ]);
    expect(new Set(texts(doc, 'wsdl:service/wsdl:port/wsa:EndpointReference/wsa:Address'))).to.deep.equal(new Set([`${PUBLIC}/idp/sts.wst`]));
    const check = xmllintSchema(res.body, METADATA_XSD);
    expect(check.status, check.output).to.equal(0);
  });

  it('lists the partner\'s token type, key type and claims in an RST template', async () => {
    const doc = root((await get('/pf/sts_mex.ping?PartnerSpId=urn:example:sp')).body);
    const template = doc.get('wsp:Policy/wsp:ExactlyOne/wsp:All/sp:IssuedToken/sp:RequestSecurityTokenTemplate', NS) as Element;
    expect(texts(template, 'wst:TokenType')).to.deep.equal(['urn:oasis:names:tc:SAML:2.0:assertion']);
    expect(texts(template, 'wst:KeyType')).to.deep.equal([`${NS.wst}/Bearer`]);
    expect(attrs(template, 'wst:Claims/ic:ClaimType', 'Uri')).to.deep.equal(['mail', 'givenName', 'sn', 'role', 'displayName']);
    // One policy alternative per key type the demo partner allows (proofKeys.allowed), its default (Bearer) first.
    expect(texts(doc, 'wsp:Policy/wsp:ExactlyOne/wsp:All/sp:IssuedToken/sp:RequestSecurityTokenTemplate/wst:KeyType')).to.deep.equal(
      [`${NS.wst}/Bearer`, `${NS.wst}/SymmetricKey`, `${NS.wst}/PublicKey`],
    );
    expect(texts(doc, 'wsp:Policy/wsp:ExactlyOne/wsp:All/sp:IssuedToken/sp:Issuer/wsa:Address')).to.deep.equal(Array(3).fill(`${PUBLIC}/idp/sts.wst`));
  });

  it('names the same document through every partner service id of the connection (base-url ones included)', async () => {
    const a = await get('/pf/sts_mex.ping?PartnerSpId=urn:example:sp');
    const b = await get(`/pf/sts_mex.ping?PartnerSpId=${encodeURIComponent('https://sp.example.com/app')}`);
    expect(b.status).to.equal(200);
    expect(b.body).to.equal(a.body);
  });

  it('serves /idp/sts.wst/mex without a partner: no template, and the SP STS issued-token ports', async () => {
    const res = await get('/idp/sts.wst/mex');
    expect(res.status).to.equal(200);
    const doc = root(res.body);
    expect(doc.find('//sp:RequestSecurityTokenTemplate/wst:TokenType', NS)).to.have.length(0);
    expect(texts(doc, "wsdl:service/wsdl:port[starts-with(@name, 'IssuedToken')]/wsa:EndpointReference/wsa:Address")).to.deep.equal([
      `${PUBLIC}/sp/sts.wst`, `${PUBLIC}/sp/sts.wst`,
    ]);
    const check = xmllintSchema(res.body, METADATA_XSD);
    expect(check.status, check.output).to.equal(0);
  });

  for (const path of ['/idp/sts.wst', '/sp/sts.wst', '/pf/sts.wst']) {
    it(`GET ${path}?wsdl gives a WSDL with SOAP 1.1 and 1.2 bindings and ports, schema-valid`, async () => {
      const res = await get(`${path}?wsdl`);
      expect(res.status).to.equal(200);
      const doc = root(res.body);
      const names = attrs(doc, 'wsdl:binding', 'name');
      expect(names.filter((n) => n.endsWith('_Soap11'))).to.have.length(names.length / 2);
      expect(doc.find('wsdl:binding/soap:binding', NS)).to.have.length(names.length / 2);
      expect(doc.find('wsdl:binding/soap12:binding', NS)).to.have.length(names.length / 2);
      expect(doc.find('wsdl:service/wsdl:port/soap:address', NS).length).to.equal(doc.find('wsdl:service/wsdl:port/soap12:address', NS).length);
      const check = xmllintSchema(res.body, METADATA_XSD);
      expect(check.status, check.output).to.equal(0);
    });
  }

  for (const version of ['1.1', '1.2'] as const) {
    for (const [what, action, body] of [['WS-Transfer Get', TRANSFER_GET, ''], ['GetMetadata', GET_METADATA, getMetadata(`<mex:Dialect>${NS.wsdl}</mex:Dialect>`)]] as const) {
      it(`answers a SOAP ${version} ${what} POSTed to /idp/sts.wst with mex:Metadata holding the MEX WSDL (envelope schema-valid)`, async () => {
        const req = mexRequest(version, action, body, `${t.base}/idp/sts.wst`);
        const res = await t.post(req.body, req.contentType, req.headers, '/idp/sts.wst?PartnerSpId=urn:example:sp');
        expect(res.status, res.body).to.equal(200);
        const env = root(res.body);
        const s = version === '1.1' ? 's11' : 's12';
        const defs = env.get(`${s}:Body/mex:Metadata/mex:MetadataSection[@Dialect='${NS.wsdl}']/wsdl:definitions`, NS) as Element | undefined;
        expect(defs).to.be.ok;
        expect(defs!.find('wsdl:binding/soap:binding', NS)).to.have.length(0);
        expect(texts(env, `${s}:Header/wsa:Action`)).to.deep.equal([action === TRANSFER_GET ? `${TRANSFER_GET}Response` : 'http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Response']);
        expect(env.find(`${s}:Header/wsa:RelatesTo`, NS)).to.have.length(1);
        const check = xmllintSchema(res.body, METADATA_XSD);
        expect(check.status, check.output).to.equal(0);
        expect(t.issuedCount()).to.equal(0);
      });
    }
  }

  for (const path of ['/sp/sts.wst', '/pf/sts.wst']) {
    it(`answers a GetMetadata POSTed to ${path} too (the same front door and action map)`, async () => {
      const req = mexRequest('1.2', GET_METADATA, getMetadata(), `${t.base}${path}`);
      const res = await t.post(req.body, req.contentType, req.headers, path);
      expect(res.status, res.body).to.equal(200);
      expect(root(res.body).find('s12:Body/mex:Metadata/mex:MetadataSection/wsdl:definitions', NS)).to.have.length(1);
    });
  }

  it('still answers an RST on the same endpoint as before (the action decides)', async () => {
    const req = mexRequest('1.2', `${NS.wst}/RST/Issue`, `<wst:RequestSecurityToken xmlns:wst="${NS.wst}"><wst:RequestType>${NS.wst}/Issue</wst:RequestType></wst:RequestSecurityToken>`, `${t.base}/idp/sts.wst`);
    const res = await t.post(req.body, req.contentType, req.headers);
    // No credential: the RST path's own refusal, not metadata.
    expect(res.body).to.contain('wst:InvalidRequest');
    expect(res.body).to.not.contain('mex:Metadata');
  });

  describe('bad input', () => {
    it('refuses an unknown PartnerSpId with 404 (GET)', async () => {
      const res = await get('/pf/sts_mex.ping?PartnerSpId=urn:example:unknown');
      expect(res.status).to.equal(404);
      expect(res.body).to.equal('no metadata for this partner\n');
      expect((await get('/idp/sts.wst/mex?PartnerSpId=urn:example:unknown')).status).to.equal(404);
      expect((await get('/idp/sts.wst?wsdl&PartnerSpId=urn:example:unknown')).status).to.equal(404);
    });

    it('refuses PingFederate\'s path without a PartnerSpId, or with two, with 400', async () => {
      expect((await get('/pf/sts_mex.ping')).status).to.equal(400);
      expect((await get('/pf/sts_mex.ping?PartnerSpId=urn:example:sp&PartnerSpId=urn:example:sp')).status).to.equal(400);
      expect((await get('/pf/sts_mex.ping?PartnerSpId=')).status).to.equal(400);
    });

    it('refuses a wrong method with 405', async () => {
      const post = await get('/pf/sts_mex.ping?PartnerSpId=urn:example:sp', { method: 'POST', body: 'x' });
      expect(post.status).to.equal(405);
      expect((await get('/idp/sts.wst/mex', { method: 'DELETE' })).status).to.equal(405);
      const plainGet = await get('/idp/sts.wst');
      expect(plainGet.status).to.equal(405);
      expect(plainGet.allow).to.equal('POST');
    });

    for (const version of ['1.1', '1.2'] as const) {
      it(`answers a SOAP ${version} GetMetadata with a bad Dialect with the mex:UnsupportedMetadata fault`, async () => {
        const good = mexRequest(version, GET_METADATA, getMetadata(`<mex:Dialect>${NS.wsdl}</mex:Dialect>`), `${t.base}/idp/sts.wst`);
        expect((await t.post(good.body, good.contentType, good.headers)).status).to.equal(200);
        const bad = mexRequest(version, GET_METADATA, getMetadata('<mex:Dialect>http://www.w3.org/2001/XMLSchema</mex:Dialect>'), `${t.base}/idp/sts.wst`);
        const res = await t.post(bad.body, bad.contentType, bad.headers);
        expect(res.status).to.equal(version === '1.1' ? 500 : 400);
        const env = root(res.body);
        const code = version === '1.1'
          ? texts(env, 's11:Body/s11:Fault/faultcode')
          : texts(env, 's12:Body/s12:Fault/s12:Code/s12:Subcode/s12:Value');
        expect(code).to.deep.equal(['mex:UnsupportedMetadata']);
        expect(res.body).to.not.contain('wsdl:definitions');
        expect(t.issuedCount()).to.equal(0);
      });
    }

    it('answers a GetMetadata for an unknown PartnerSpId with mex:UnsupportedMetadata', async () => {
      const req = mexRequest('1.2', GET_METADATA, getMetadata(), `${t.base}/idp/sts.wst`);
      const res = await t.post(req.body, req.contentType, req.headers, '/idp/sts.wst?PartnerSpId=urn:example:unknown');
      expect(res.body).to.contain('mex:UnsupportedMetadata');
      expect(res.body).to.not.contain('wsdl:definitions');
    });

    it('refuses a WS-Transfer Get with a Body child, and a GetMetadata with unknown children, as wst:InvalidRequest', async () => {
      const withBody = mexRequest('1.2', TRANSFER_GET, getMetadata(), `${t.base}/idp/sts.wst`);
      expect((await t.post(withBody.body, withBody.contentType, withBody.headers)).body).to.contain('wst:InvalidRequest');
      const extra = mexRequest('1.2', GET_METADATA, getMetadata(`<mex:Identifier>urn:x</mex:Identifier><mex:Dialect>${NS.wsdl}</mex:Dialect>`), `${t.base}/idp/sts.wst`);
      const res = await t.post(extra.body, extra.contentType, extra.headers);
      expect(res.body).to.contain('wst:InvalidRequest');
      expect(res.body).to.not.contain('wsdl:definitions');
    });

    it('still refuses an RST-less empty Body on the RST path', async () => {
      const req = mexRequest('1.2', `${NS.wst}/RST/Issue`, '', `${t.base}/idp/sts.wst`);
      const res = await t.post(req.body, req.contentType, req.headers);
      expect(res.body).to.contain('wst:InvalidRequest');
      expect(t.issuedCount()).to.equal(0);
    });
  });
});
