/**
 * The `x509` credential of buildIssueRequest / buildValidateRequest (sign-message.ts): a WSS 1.1 message
 * signature (section 8) with the certificate in a BinarySecurityToken (X.509 Token Profile 1.1 section 3.2),
 * checked with the SDK's own server-side verifier (verifyMessageSignature, the STS's acceptance rules), with
 * xmlsec1 (an independent XMLDSig implementation), with libxml2 for the shape, and with xmllint against the
 * official schemas.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import libxmljs from 'libxmljs2';
import {
  buildIssueRequest,
  buildValidateRequest,
  type BuiltSoapRequest,
  type IssueCredential,
  type SoapVersion,
  type TrustVersion,
} from '@sts/sdk/client';
import { NS, SignatureRejectedError, verifyMessageSignature, type VerifiedMessageSignature } from '@sts/sdk/xml';
import { xmlsecVerify, type XmlsecResult } from '@sts/sdk/testing';
import { REPO_ROOT } from '../../helpers/paths.js';
import { xmllintSchema } from '../../helpers/external-tools.js';

const NOW = new Date('2026-11-28T06:00:00.000Z');
const ENDPOINT = 'https://sts.example.com/idp/sts.wst';
// Spelled out here, independently of the SDK (X.509 Token Profile 1.1 section 3.1; WSS 1.0 section 6.3).
const X509V3 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SOAP_NS: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};
const TRUST_NS: Record<'1.3' | '2005', string> = {
  '1.3': 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  '2005': 'http://schemas.xmlsoap.org/ws/2005/02/trust',
};

const certificatePem = readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8');
const privateKeyPem = readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8');
const certificate = new X509Certificate(certificatePem);
const X509: IssueCredential = { kind: 'x509', certificatePem, privateKeyPem };
/** A self-contained target with a carriage return in its text, which only survives as a character reference. */
const TARGET = `<wsse:UsernameToken xmlns:wsse="${NS.wsse}"><wsse:Username>alice&#13;</wsse:Username></wsse:UsernameToken>`;

type Doc = libxmljs.Document;

function parse(body: string): Doc {
  const doc = libxmljs.parseXml(body, { nonet: true, noent: false, dtdload: false, recover: false });
  expect(doc.errors, 'parse errors').to.have.length(0);
  return doc;
}

function verify(body: string, soapVersion: SoapVersion): VerifiedMessageSignature {
  return verifyMessageSignature(body, { soapVersion, resolveKey: () => certificate.publicKey });
}

/**
 * `xmlsec1 --verify` with the certificate's key given explicitly (xmlsec1 does not resolve a
 * SecurityTokenReference, which is what our resolveKey does) and the wsu:Id of each signed part registered as
 * an ID.
 */
function xmlsec1Verify(body: string, soapNs: string): XmlsecResult {
  const parts = [[soapNs, 'Body'], [NS.wsu, 'Timestamp'], [NS.wsa, 'To'], [NS.wsa, 'Action']] as const;
  const idAttribute = parts.map(([namespaceUri, localName]) => ({ name: 'Id', namespaceUri, localName }));
  return xmlsecVerify({ xml: body, certificatePem, idAttribute });
}

function attribute(element: libxmljs.Element, name: string, namespace?: string): string | undefined {
  const found = element.attrs().find((a) => a.name() === name && (a.namespace()?.href() ?? undefined) === namespace);
  return found?.value();
}

const operations = {
  Issue: (soapVersion: SoapVersion, trustVersion: TrustVersion): BuiltSoapRequest =>
    buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', soapVersion, trustVersion, credential: X509, now: () => NOW }),
  Validate: (soapVersion: SoapVersion, trustVersion: TrustVersion): BuiltSoapRequest =>
    buildValidateRequest({ endpoint: ENDPOINT, target: TARGET, soapVersion, trustVersion, credential: X509, now: () => NOW }),
};

describe('the x509 credential (a signed request)', () => {
  for (const [operation, build] of Object.entries(operations)) {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      for (const trustVersion of ['1.3', '2005'] as const) {
        describe(`${operation}, SOAP ${soapVersion}, WS-Trust ${trustVersion}`, () => {
          const ns = { s: SOAP_NS[soapVersion], wsa: NS.wsa, wsse: NS.wsse, wsu: NS.wsu, ds: NS.ds, wst: TRUST_NS[trustVersion] };
          const security = '/s:Envelope/s:Header/wsse:Security';
          let built: BuiltSoapRequest;
          let doc: Doc;
          before(() => {
            built = build(soapVersion, trustVersion);
            doc = parse(built.body);
          });

          it("verifies with the SDK's verifyMessageSignature and the certificate's key, covering Body, Timestamp, wsa:To and wsa:Action", () => {
            const verified = verify(built.body, soapVersion);
            expect(verified.signedParts).to.deep.equal(['Body', 'Timestamp', 'To', 'Action']);
            expect(verified.timestampCreated).to.equal('2026-11-28T06:00:00.000Z');
            const bst = doc.get<libxmljs.Element>(`${security}/wsse:BinarySecurityToken`, ns)!;
            expect(verified.bstId).to.equal(attribute(bst, 'Id', NS.wsu));
          });

          it('holds Timestamp, BinarySecurityToken and Signature in the Security header, in that order, and no UsernameToken', () => {
            const children = doc.find<libxmljs.Element>(`${security}/*`, ns).map((e) => `${e.namespace()?.href()} ${e.name()}`);
            expect(children).to.deep.equal([`${NS.wsu} Timestamp`, `${NS.wsse} BinarySecurityToken`, `${NS.ds} Signature`]);
          });

          it("carries the certificate's DER in an X509v3 Base64Binary BinarySecurityToken with a wsu:Id", () => {
            const bst = doc.get<libxmljs.Element>(`${security}/wsse:BinarySecurityToken`, ns)!;
            expect(attribute(bst, 'ValueType')).to.equal(X509V3);
            expect(attribute(bst, 'EncodingType')).to.equal(BASE64_BINARY);
            expect(attribute(bst, 'Id', NS.wsu)).to.match(/^[A-Za-z_][A-Za-z0-9._-]*$/);
            expect(Buffer.from(bst.text(), 'base64').equals(certificate.raw)).to.equal(true);
          });

          it('signs with RSA-SHA256 and exclusive c14n, one exc-c14n transform and a SHA-256 digest per reference, by wsu:Id', () => {
            const signedInfo = `${security}/ds:Signature/ds:SignedInfo`;
            expect(attribute(doc.get<libxmljs.Element>(`${signedInfo}/ds:CanonicalizationMethod`, ns)!, 'Algorithm')).to.equal(EXC_C14N);
            expect(attribute(doc.get<libxmljs.Element>(`${signedInfo}/ds:SignatureMethod`, ns)!, 'Algorithm')).to.equal(RSA_SHA256);
            const references = doc.find<libxmljs.Element>(`${signedInfo}/ds:Reference`, ns);
            const targets = ['/s:Envelope/s:Body', `${security}/wsu:Timestamp`, '/s:Envelope/s:Header/wsa:To', '/s:Envelope/s:Header/wsa:Action'];
            expect(references.map((r) => attribute(r, 'URI'))).to.deep.equal(targets.map((xpath) => `#${attribute(doc.get<libxmljs.Element>(xpath, ns)!, 'Id', NS.wsu)}`));
            for (const reference of references) {
              expect(reference.find<libxmljs.Element>('ds:Transforms/ds:Transform', ns).map((t) => attribute(t, 'Algorithm'))).to.deep.equal([EXC_C14N]);
              expect(attribute(reference.get<libxmljs.Element>('ds:DigestMethod', ns)!, 'Algorithm')).to.equal(SHA256);
            }
          });

          it('has a KeyInfo of one SecurityTokenReference holding one X509v3 Reference to the BinarySecurityToken', () => {
            const keyInfo = doc.find<libxmljs.Element>(`${security}/ds:Signature/ds:KeyInfo/*`, ns);
            expect(keyInfo.map((e) => `${e.namespace()?.href()} ${e.name()}`)).to.deep.equal([`${NS.wsse} SecurityTokenReference`]);
            const references = keyInfo[0]!.find<libxmljs.Element>('*', ns);
            expect(references.map((e) => `${e.namespace()?.href()} ${e.name()}`)).to.deep.equal([`${NS.wsse} Reference`]);
            const bst = doc.get<libxmljs.Element>(`${security}/wsse:BinarySecurityToken`, ns)!;
            expect(attribute(references[0]!, 'URI')).to.equal(`#${attribute(bst, 'Id', NS.wsu)}`);
            expect(attribute(references[0]!, 'ValueType')).to.equal(X509V3);
          });

          it('fails verification when the Body is changed after signing', () => {
            const tampered = operation === 'Issue'
              ? built.body.replace('>urn:example:sp<', '>urn:example:evil<')
              : built.body.replace('>alice&#13;<', '>mallory&#13;<');
            expect(tampered).to.not.equal(built.body);
            expect(() => verify(tampered, soapVersion)).to.throw(SignatureRejectedError, /digest|verif/i);
          });

          if (trustVersion === '1.3') {
            it('validates against the SOAP, WS-Addressing, WS-Security, XML Signature and WS-Trust 1.3 schemas', () => {
              const { status, output } = xmllintSchema(built.body);
              expect(status, output).to.equal(0);
            });
          }
        });
      }
    }
  }

  for (const soapVersion of ['1.1', '1.2'] as const) {
    it(`is verified by xmlsec1 too, an independent XMLDSig implementation, with the certificate's key (SOAP ${soapVersion})`, function () {
      // xmlsec1 is a test requirement (README, .ci/run): a missing tool fails, it does not skip.
      expect(spawnSync('xmlsec1', ['--version']).status, 'xmlsec1 must be installed').to.equal(0);
      const built = operations.Issue(soapVersion, '1.3');
      const verdict = xmlsec1Verify(built.body, SOAP_NS[soapVersion]);
      expect(verdict.status, verdict.output).to.equal(0);
      expect(verdict.output).to.match(/SignedInfo References \(ok\/all\): 4\/4/);
      expect(xmlsec1Verify(built.body.replace('>urn:example:sp<', '>urn:example:evil<'), SOAP_NS[soapVersion]).status).to.not.equal(0);
    });
  }

  it('keeps a character reference in a Validate target, so the carriage return it stands for stays signed', () => {
    const built = operations.Validate('1.2', '1.3');
    expect(built.body).to.include(TARGET);
    expect(verify(built.body, '1.2').signedParts).to.include('Body');
  });

  it('fails verification with a key other than the certificate\'s', () => {
    const built = operations.Issue('1.2', '1.3');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => verifyMessageSignature(built.body, { soapVersion: '1.2', resolveKey: () => other })).to.throw(SignatureRejectedError);
  });

  it('signs each request anew: two requests differ in their IDs, Timestamp and signature', () => {
    const first = operations.Issue('1.2', '1.3').body;
    const second = operations.Issue('1.2', '1.3').body;
    const value = (body: string) => /<ds:SignatureValue>([^<]+)</.exec(body)![1];
    expect(value(first)).to.not.equal(value(second));
  });

  it('keeps the unsigned shape for the other credentials: no wsu:Id on Body, wsa:To or wsa:Action', () => {
    const body = buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', credential: { kind: 'username', username: 'joe', password: 'x' }, now: () => NOW }).body;
    expect(body).to.include('<s:Body>');
    expect(body).to.not.match(/<wsa:(To|Action)[^>]*wsu:Id/);
    expect(body).to.not.include('ds:Signature');
  });

  describe('refusals', () => {
    const issueWith = (credential: IssueCredential, extra: Record<string, unknown> = {}) => () =>
      buildIssueRequest({ endpoint: ENDPOINT, appliesTo: 'urn:example:sp', credential, now: () => NOW, ...extra });
    const otherRsaKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const ecKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

    it('refuses a private key that is not the certificate\'s with a TypeError', () => {
      expect(issueWith({ kind: 'x509', certificatePem, privateKeyPem: otherRsaKeyPem })).to.throw(TypeError, /not the key of the certificate/);
    });

    it('refuses the same mismatch in buildValidateRequest', () => {
      expect(() => buildValidateRequest({ endpoint: ENDPOINT, target: TARGET, credential: { kind: 'x509', certificatePem, privateKeyPem: otherRsaKeyPem } }))
        .to.throw(TypeError, /not the key of the certificate/);
    });

    it('refuses a key that is not RSA, since the signature is RSA-SHA256', () => {
      expect(issueWith({ kind: 'x509', certificatePem, privateKeyPem: ecKeyPem })).to.throw(TypeError, /ec key.*RSA/);
    });

    it('refuses text that is not a PEM certificate or not a PEM private key', () => {
      expect(issueWith({ kind: 'x509', certificatePem: 'not a certificate', privateKeyPem })).to.throw(TypeError, /certificatePem/);
      expect(issueWith({ kind: 'x509', certificatePem, privateKeyPem: certificatePem })).to.throw(TypeError, /privateKeyPem/);
      expect(issueWith({ kind: 'x509', certificatePem: undefined as unknown as string, privateKeyPem })).to.throw(TypeError, /certificatePem/);
    });

    it('refuses to sign without a Timestamp, which the signature must cover', () => {
      expect(issueWith(X509, { timestamp: false })).to.throw(TypeError, /Timestamp/);
    });

    it('refuses an unknown credential kind rather than sending no credential', () => {
      expect(issueWith({ kind: 'x509 ' } as unknown as IssueCredential)).to.throw(TypeError, /unknown credential kind/);
    });
  });
});

describe('client: a token credential', () => {
  it('puts the given token element into wsse:Security as-is, after the Timestamp', async () => {
    const { buildIssueRequest: build, jwtSecurityToken } = await import('@sts/sdk/client');
    const token = jwtSecurityToken('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqb2UifQ.c2ln');
    const req = build({ endpoint: 'http://127.0.0.1:9/idp/sts.wst', appliesTo: 'urn:example:sp', credential: { kind: 'token', xml: token } });
    expect(req.body).to.include(`</wsu:Timestamp>${token}</wsse:Security>`);
  });

  it('refuses a token that is not one well-formed element, and a value that is not a compact JWT', async () => {
    const { buildIssueRequest: build, jwtSecurityToken } = await import('@sts/sdk/client');
    for (const xml of ['<a><b></a>', 'text', '<?xml version="1.0"?><a/>', '<p:a/>']) {
      expect(() => build({ endpoint: 'http://127.0.0.1:9/idp/sts.wst', appliesTo: 'urn:x', credential: { kind: 'token', xml } }), xml).to.throw(TypeError);
    }
    expect(() => jwtSecurityToken('not a jwt')).to.throw(TypeError);
  });
});
