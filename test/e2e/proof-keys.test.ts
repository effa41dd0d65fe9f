/**
 * Proof keys (issue 10 part 2; WS-Trust 1.3 sections 4.4.3, 4.4.4 and 9.2) end to end on the demo profile,
 * each shape checked independently:
 * - SymmetricKey with client Entropy: P_SHA1 is recomputed here by openssl (TLS1-PRF with SHA-1) from both
 *   entropies and compared with the key node:crypto decrypts, with the relying party's private key
 *   (demo/sp/demo-sp-key.pem), from the assertion's holder-of-key KeyInfo EncryptedKey;
 * - SymmetricKey without Entropy: the RSTR's BinarySecret is that same decrypted key;
 * - PublicKey: the assertion's KeyInfo carries the UseKey's certificate or key value;
 * - every assertion still verifies with xmlsec1 and every RSTR validates with xmllint against sts-all.xsd.
 * Every refusal starts from a valid request, changes one thing, and asserts the fault and that nothing was issued.
 */
import { expect } from 'chai';
import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import libxmljs from 'libxmljs2';
import { buildIssueRequest, buildRenewRequest, StsClient, type IssueCredential } from '@sts/sdk/client';
import { runTool } from '@sts/sdk/testing';
import { el, NS, type XmlNode } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';
import { parseKernelConfig, StartupError, StartupErrorCode } from '@sts/core';
import { startTestSts, demoConfig, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem, xmllintSchema, xmlsecVerifyAssertion } from '../helpers/external-tools.js';
import { expectRefused, lastRefusalReason } from '../helpers/expect-fault.js';
import { send, type RawRequest } from '../helpers/issue-request.js';
import { REPO_ROOT } from '../helpers/paths.js';

const WST13 = NS.wst13;
const WST05 = NS.wst2005;
const KEY_TYPE = {
  '1.3': { symmetric: `${WST13}/SymmetricKey`, public: `${WST13}/PublicKey`, bearer: `${WST13}/Bearer`, psha1: `${WST13}/CK/PSHA1`, nonce: `${WST13}/Nonce`, ns: WST13 },
  '2005': { symmetric: `${WST05}/SymmetricKey`, public: `${WST05}/PublicKey`, bearer: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey', psha1: `${WST05}/CK/PSHA1`, nonce: `${WST05}/Nonce`, ns: WST05 },
} as const;
type TrustVersion = keyof typeof KEY_TYPE;

const SP_KEY = readFileSync(join(REPO_ROOT, 'demo', 'sp', 'demo-sp-key.pem'), 'utf8');
const DEMO_X509 = {
  certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'),
  privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8'),
};
const NSMAP = { saml: NS.saml2, saml1: NS.saml1, ds: NS.ds, xenc: 'http://www.w3.org/2001/04/xmlenc#', dsig11: 'http://www.w3.org/2009/xmldsig11#' };

interface RequestOptions {
  readonly trustVersion?: TrustVersion;
  readonly keyType?: string | null;
  readonly rstElements?: readonly XmlNode[];
  readonly credential?: IssueCredential;
  readonly appliesTo?: string;
  readonly tokenType?: string;
}

function request(t: TestSts, options: RequestOptions = {}): RawRequest {
  const built = buildIssueRequest({
    endpoint: t.endpoint,
    appliesTo: options.appliesTo ?? 'urn:example:sp',
    soapVersion: '1.2',
    trustVersion: options.trustVersion ?? '1.3',
    credential: options.credential ?? { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' },
    ...(options.keyType === undefined ? {} : { keyType: options.keyType }),
    ...(options.tokenType === undefined ? {} : { tokenType: options.tokenType }),
    ...(options.rstElements === undefined ? {} : { rstElements: options.rstElements }),
    now: () => t.clock.now(),
  });
  return { body: built.body, contentType: built.contentType, headers: {} };
}

const entropy = (bytes: Uint8Array) => el('wst:Entropy', {}, [el('wst:BinarySecret', { Type: `${WST13}/Nonce` }, [Buffer.from(bytes).toString('base64')])]);
const entropyText = (text: string, type?: string) => el('wst:Entropy', {}, [el('wst:BinarySecret', type === undefined ? {} : { Type: type }, [text])]);
const keySize = (bits: number) => el('wst:KeySize', {}, [String(bits)]);
const computedKeyAlgorithm = (uri: string) => el('wst:ComputedKeyAlgorithm', {}, [uri]);
const useKey = (...children: XmlNode[]) => el('wst:UseKey', {}, children);
const x509Data = (pem: string) =>
  el('ds:KeyInfo', { xmlns: { ds: NS.ds } }, [el('ds:X509Data', {}, [el('ds:X509Certificate', {}, [pem.replace(/-----[^-]+-----|\s/g, '')])])]);
function rsaKeyValue(key: KeyObject): XmlNode {
  const jwk = key.export({ format: 'jwk' });
  const b64 = (v: string) => Buffer.from(v, 'base64url').toString('base64');
  return el('ds:KeyValue', { xmlns: { ds: NS.ds } }, [el('ds:RSAKeyValue', {}, [el('ds:Modulus', {}, [b64(jwk.n!)]), el('ds:Exponent', {}, [b64(jwk.e!)])])]);
}
function ecKeyValue(key: KeyObject): XmlNode {
  const jwk = key.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  return el('ds:KeyValue', { xmlns: { ds: NS.ds } }, [
    el('dsig11:ECKeyValue', { xmlns: { dsig11: NSMAP.dsig11 } }, [el('dsig11:NamedCurve', { URI: 'urn:oid:1.2.840.10045.3.1.7' }), el('dsig11:PublicKey', {}, [point.toString('base64')])]),
  ]);
}
const strTo = (id: string) =>
  el('wsse:SecurityTokenReference', {}, [el('wsse:Reference', { URI: `#${id}`, ValueType: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3' })]);

/** The RSTR, parsed: what the tests read of it. */
interface Reply {
  readonly body: string;
  readonly doc: libxmljs.Document;
  readonly ns: string;
  text(xpath: string): string | undefined;
  /** The token inside RequestedSecurityToken, serialized. */
  readonly token: string;
}

async function issued(t: TestSts, raw: RawRequest, trustVersion: TrustVersion = '1.3'): Promise<Reply> {
  const before = t.issuedCount();
  const res = await send(t, raw);
  const reason = (t.logger.records.at(-1)?.fields as { reason?: string } | undefined)?.reason;
  expect(res.status, `${res.body}\n${reason ?? ''}`).to.equal(200);
  expect(t.issuedCount()).to.equal(before + 1);
  const lint = xmllintSchema(res.body);
  expect(lint.status, lint.output).to.equal(0);
  const doc = libxmljs.parseXml(res.body);
  const ns = KEY_TYPE[trustVersion].ns;
  const map = { ...NSMAP, wst: ns };
  const tokenElement = doc.get('//wst:RequestedSecurityToken/*', map) as libxmljs.Element;
  return {
    body: res.body,
    doc,
    ns,
    text: (xpath) => (doc.get(xpath, map) as libxmljs.Element | null)?.text(),
    token: tokenElement.toString(),
  };
}

/** The proof key decrypted from the assertion's holder-of-key EncryptedKey with the relying party's private key. */
function decryptedProofKey(reply: Reply, saml: '2.0' | '1.1'): Buffer {
  const path = saml === '2.0'
    ? '//saml:SubjectConfirmation[@Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"]/saml:SubjectConfirmationData/ds:KeyInfo/xenc:EncryptedKey/xenc:CipherData/xenc:CipherValue'
    : '//saml1:SubjectConfirmation[saml1:ConfirmationMethod="urn:oasis:names:tc:SAML:1.0:cm:holder-of-key"]/ds:KeyInfo/xenc:EncryptedKey/xenc:CipherData/xenc:CipherValue';
  const cipher = reply.text(path);
  expect(cipher, 'the holder-of-key EncryptedKey').to.be.a('string');
  return privateDecrypt({ key: SP_KEY, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(cipher!, 'base64'));
}

/** P_SHA1(secret, seed) by openssl (TLS1-PRF with digest SHA1 is P_SHA1 alone), independent of our code. */
function opensslPSha1(secret: Uint8Array, seed: Uint8Array, bytes: number): Buffer {
  const r = runTool('openssl', ['kdf', '-keylen', String(bytes), '-kdfopt', 'digest:SHA1', '-kdfopt', `hexsecret:${Buffer.from(secret).toString('hex')}`, '-kdfopt', `hexseed:${Buffer.from(seed).toString('hex')}`, 'TLS1-PRF']);
  expect(r.status, r.output).to.equal(0);
  return Buffer.from(r.output.trim().replace(/:/g, ''), 'hex');
}


describe('e2e: proof keys (KeyType SymmetricKey and PublicKey)', () => {
  let t: TestSts;
  let certPem: string;
  before(async () => {
    t = await startTestSts();
    certPem = await stsCertificatePem(t);
  });
  after(() => t.close());

  describe('SymmetricKey', () => {
    for (const trustVersion of ['1.3', '2005'] as const) {
      for (const [tokenType, saml] of [[TokenType.Saml20, '2.0'], [TokenType.Saml11, '1.1']] as const) {
        it(`with client Entropy: ComputedKey P_SHA1 whose key the assertion carries for the RP (WS-Trust ${trustVersion}, SAML ${saml})`, async () => {
          const uris = KEY_TYPE[trustVersion];
          const clientEntropy = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
          const raw = request(t, {
            trustVersion, tokenType, keyType: uris.symmetric,
            rstElements: [keySize(256), el('wst:Entropy', {}, [el('wst:BinarySecret', { Type: uris.nonce }, [clientEntropy.toString('base64')])]), computedKeyAlgorithm(uris.psha1)],
          });
          const reply = await issued(t, raw, trustVersion);
          expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeyType')).to.equal(uris.symmetric);
          expect(reply.text('//wst:RequestedProofToken/wst:ComputedKey')).to.equal(uris.psha1);
          expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeySize')).to.equal('256');
          const serverEntropy = Buffer.from(reply.text('//wst:RequestSecurityTokenResponse/wst:Entropy/wst:BinarySecret')!, 'base64');
          expect(serverEntropy).to.have.length(32);
          const expected = opensslPSha1(clientEntropy, serverEntropy, 32);
          const fromAssertion = decryptedProofKey(reply, saml);
          expect(fromAssertion.toString('hex')).to.equal(expected.toString('hex'));
          const verified = xmlsecVerifyAssertion(reply.token, certPem, saml);
          expect(verified.status, verified.output).to.equal(0);
        });
      }
    }

    it('a WCF-shaped request (peer-sts.md scenario 20: Entropy, PSHA1 and SecondaryParameters with algorithm hints) gets ComputedKey', async () => {
      const uris = KEY_TYPE['1.3'];
      const clientEntropy = Buffer.alloc(32, 7);
      const secondary = el('wst:SecondaryParameters', {}, [
        el('wst:TokenType', {}, [TokenType.Saml11Profile]),
        el('wst:KeyType', {}, [uris.symmetric]),
        el('wst:KeySize', {}, ['256']),
        el('wst:KeyWrapAlgorithm', {}, ['http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p']),
        el('wst:EncryptWith', {}, ['http://www.w3.org/2001/04/xmlenc#aes256-cbc']),
        el('wst:SignWith', {}, ['http://www.w3.org/2000/09/xmldsig#hmac-sha1']),
        el('wst:CanonicalizationAlgorithm', {}, ['http://www.w3.org/2001/10/xml-exc-c14n#']),
        el('wst:EncryptionAlgorithm', {}, ['http://www.w3.org/2001/04/xmlenc#aes256-cbc']),
      ]);
      const raw = request(t, { keyType: uris.symmetric, rstElements: [keySize(256), entropy(clientEntropy), computedKeyAlgorithm(uris.psha1), secondary] });
      const reply = await issued(t, raw);
      const serverEntropy = Buffer.from(reply.text('//wst:RequestSecurityTokenResponse/wst:Entropy/wst:BinarySecret')!, 'base64');
      expect(decryptedProofKey(reply, '2.0').equals(opensslPSha1(clientEntropy, serverEntropy, 32))).to.equal(true);
      // SecondaryParameters is not used: the token type is the request's own (none: the connection default, SAML 2.0).
      expect(reply.text('//wst:RequestSecurityTokenResponse/wst:TokenType')).to.equal(TokenType.Saml20);
    });

    it('without Entropy: the key itself as RequestedProofToken/BinarySecret, the same key the assertion carries (KeySize 128)', async () => {
      const reply = await issued(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, rstElements: [keySize(128)] }));
      const secret = Buffer.from(reply.text('//wst:RequestedProofToken/wst:BinarySecret')!, 'base64');
      expect(secret).to.have.length(16);
      expect(decryptedProofKey(reply, '2.0').equals(secret)).to.equal(true);
      expect(reply.text('//wst:RequestSecurityTokenResponse/wst:Entropy')).to.equal(undefined);
      const verified = xmlsecVerifyAssertion(reply.token, certPem);
      expect(verified.status, verified.output).to.equal(0);
      // The check can fail: another proof key breaks the STS's signature.
      const other = reply.token.replace(/(<xenc:CipherValue>)([A-Za-z0-9+/])/, (_m, a: string, c: string) => `${a}${c === 'A' ? 'B' : 'A'}`);
      expect(other).not.to.equal(reply.token);
      expect(xmlsecVerifyAssertion(other, certPem).status).not.to.equal(0);
    });

    it('a partner\'s status-only Validate of the holder-of-key assertion we issued reports valid (SAML 2.0 and 1.1)', async () => {
      for (const tokenType of [TokenType.Saml20, TokenType.Saml11]) {
        const reply = await issued(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, tokenType }));
        const status = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).validate({ target: reply.token });
        if (!status.ok) throw new Error(JSON.stringify(status.fault));
        expect(status.status.valid, tokenType).to.equal(true);
      }
    });

    it('a JWT cannot carry the proof key: refused with wst:RequestFailed rather than answered with a bearer token', async () => {
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, tokenType: TokenType.Jwt }), { soapVersion: '1.2', code: 'RequestFailed' });
      expect(lastRefusalReason(t)).to.match(/cannot bind a proof key/);
    });

    const refusals: [string, RequestOptions, RegExp][] = [
      ['KeySize below 128', { rstElements: [keySize(64)] }, /KeySize 64 is outside 128 to 512/],
      ['KeySize above 512', { rstElements: [keySize(1024)] }, /KeySize 1024 is outside 128 to 512/],
      ['KeySize not whole bytes', { rstElements: [keySize(130)] }, /not whole bytes/],
      ['Entropy of 8 bytes (64 bits)', { rstElements: [entropy(Buffer.alloc(8, 1))] }, /Entropy of 64 bits is outside/],
      ['Entropy of 80 bytes (640 bits)', { rstElements: [entropy(Buffer.alloc(80, 1))] }, /Entropy of 640 bits is outside/],
      ['Entropy that is not base64', { rstElements: [entropyText('not*base64!', `${WST13}/Nonce`)] }, /schema|not base64/],
      ['Entropy of type SymmetricKey (only a Nonce)', { rstElements: [entropyText(Buffer.alloc(32, 1).toString('base64'), `${WST13}/SymmetricKey`)] }, /only a Nonce/],
      ['ComputedKeyAlgorithm other than P_SHA1', { rstElements: [entropy(Buffer.alloc(32, 1)), computedKeyAlgorithm('urn:example:ck:other')] }, /not supported \(P_SHA1 only\)/],
      ['UseKey in a SymmetricKey request', { rstElements: [useKey(x509Data(DEMO_X509.certificatePem))] }, /UseKey belongs to a PublicKey request/],
    ];
    for (const [what, options, reason] of refusals) {
      it(`refuses ${what} with wst:InvalidRequest, issuing nothing`, async () => {
        await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, ...options }), { soapVersion: '1.2', code: 'InvalidRequest' });
        expect(lastRefusalReason(t)).to.match(reason);
      });
    }

    it('refuses SymmetricKey for a connection that does not allow it (no encryption certificate: demo-as) with wst:BadRequest', async () => {
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, appliesTo: 'https://as.example.com/as/token.oauth2' }), { soapVersion: '1.2', code: 'BadRequest' });
      expect(lastRefusalReason(t)).to.match(/demo-as does not allow key type symmetric/);
    });
  });

  it('refuses an unknown KeyType with wst:InvalidRequest, issuing nothing', async () => {
    await expectRefused(t, request(t, { keyType: `${WST13}/NoSuchKey` }), { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(lastRefusalReason(t)).to.match(/KeyType .* is unknown/);
  });

  it('a request naming no KeyType gets the connection default (bearer for urn:example:sp)', async () => {
    const reply = await issued(t, request(t, { keyType: null }));
    expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeyType')).to.equal(KEY_TYPE['1.3'].bearer);
    expect(reply.text('//wst:RequestedProofToken')).to.equal(undefined);
    expect(reply.doc.get('//saml:SubjectConfirmation[@Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"]', NSMAP) ?? null).not.to.equal(null);
    expect(reply.doc.get('//ds:KeyInfo[not(ancestor::ds:Signature)]', NSMAP) ?? null).to.equal(null);
  });

  describe('PublicKey with UseKey', () => {
    const signedBy = (tokenId?: string): IssueCredential => ({ kind: 'x509', ...DEMO_X509, ...(tokenId === undefined ? {} : { tokenId }) });

    for (const trustVersion of ['1.3', '2005'] as const) {
      it(`UseKey referring to the signing BinarySecurityToken: the assertion's holder-of-key KeyInfo is that certificate (WS-Trust ${trustVersion})`, async () => {
        const raw = request(t, { trustVersion, keyType: KEY_TYPE[trustVersion].public, credential: signedBy('X509-usekey'), rstElements: [useKey(strTo('X509-usekey'))] });
        const reply = await issued(t, raw, trustVersion);
        expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeyType')).to.equal(KEY_TYPE[trustVersion].public);
        expect(reply.text('//wst:RequestedProofToken')).to.equal(undefined);
        const inAssertion = reply.text('//saml:SubjectConfirmation[@Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"]/saml:SubjectConfirmationData/ds:KeyInfo/ds:X509Data/ds:X509Certificate');
        expect(inAssertion).to.equal(DEMO_X509.certificatePem.replace(/-----[^-]+-----|\s/g, ''));
        const verified = xmlsecVerifyAssertion(reply.token, certPem);
        expect(verified.status, verified.output).to.equal(0);
      });
    }

    it('UseKey with the signer\'s certificate inline (ds:KeyInfo/X509Data), SAML 1.1', async () => {
      const raw = request(t, { keyType: KEY_TYPE['1.3'].public, tokenType: TokenType.Saml11, credential: signedBy(), rstElements: [useKey(x509Data(DEMO_X509.certificatePem))] });
      const reply = await issued(t, raw);
      expect(reply.text('//saml1:SubjectConfirmation[saml1:ConfirmationMethod="urn:oasis:names:tc:SAML:1.0:cm:holder-of-key"]/ds:KeyInfo/ds:X509Data/ds:X509Certificate')).to.be.a('string');
      const verified = xmlsecVerifyAssertion(reply.token, certPem, '1.1');
      expect(verified.status, verified.output).to.equal(0);
    });

    it('refuses a signed request whose UseKey is another key than the signer\'s with wst:FailedAuthentication', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].public, credential: signedBy(), rstElements: [useKey(rsaKeyValue(other))] }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(lastRefusalReason(t)).to.match(/not the key that signed the request/);
    });

    it('refuses an unsigned request with UseKey (the connection requires proof of possession) with wst:BadRequest', async () => {
      const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].public, rstElements: [useKey(rsaKeyValue(key))] }), { soapVersion: '1.2', code: 'BadRequest' });
      expect(lastRefusalReason(t)).to.match(/requires proof of possession/);
    });

    it('refuses a UseKey that refers to a token not in the message with wst:InvalidRequest', async () => {
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].public, credential: signedBy('X509-present'), rstElements: [useKey(strTo('X509-absent'))] }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/not a token in the message/);
    });

    it('refuses a weak (1024-bit) RSA UseKey with wst:InvalidRequest', async () => {
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].public, credential: signedBy(), rstElements: [useKey(rsaKeyValue(weak))] }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/weak or unsupported key \(rsa 1024\)/);
    });

    it('refuses PublicKey, signed and with the signer\'s UseKey, for a connection that allows bearer only (demo-as) with wst:BadRequest', async () => {
      const raw = request(t, { keyType: KEY_TYPE['1.3'].public, appliesTo: 'https://as.example.com/as/token.oauth2', credential: signedBy('X509-as'), rstElements: [useKey(strTo('X509-as'))] });
      await expectRefused(t, raw, { soapVersion: '1.2', code: 'BadRequest' });
      expect(lastRefusalReason(t)).to.match(/demo-as does not allow key type public/);
    });

    it('refuses PublicKey without a UseKey with wst:InvalidRequest', async () => {
      await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].public, credential: signedBy() }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/needs a UseKey/);
    });
  });
});

describe('e2e: proof-key policy per connection', () => {
  let t: TestSts;
  before(async () => {
    const config = demoConfig();
    const sp = config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp');
    sp.proofKeys = { allowed: ['symmetric', 'public'], default: 'symmetric', allowUnsignedUseKey: true, keySize: { min: 128, max: 256, default: 128 } };
    t = await startTestSts({ config: { spConnections: config['spConnections'] } });
  });
  after(() => t.close());

  it('no KeyType: the connection default (SymmetricKey, its default KeySize 128)', async () => {
    const reply = await issued(t, request(t, { keyType: null }));
    expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeyType')).to.equal(KEY_TYPE['1.3'].symmetric);
    expect(Buffer.from(reply.text('//wst:RequestedProofToken/wst:BinarySecret')!, 'base64')).to.have.length(16);
  });

  it('refuses Bearer when the connection does not allow bearer at all, with wst:BadRequest', async () => {
    await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].bearer }), { soapVersion: '1.2', code: 'BadRequest' });
    expect(lastRefusalReason(t)).to.match(/does not allow key type bearer/);
  });

  it('refuses KeySize 512 above the connection\'s configured maximum (256)', async () => {
    await expectRefused(t, request(t, { keyType: KEY_TYPE['1.3'].symmetric, rstElements: [keySize(512)] }), { soapVersion: '1.2', code: 'InvalidRequest' });
  });

  it('allowUnsignedUseKey: an unsigned request gets its RSA or EC (P-256) key value in the holder-of-key KeyInfo', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const rsaReply = await issued(t, request(t, { keyType: KEY_TYPE['1.3'].public, rstElements: [useKey(rsaKeyValue(rsa))] }));
    const modulus = rsaReply.text('//saml:SubjectConfirmationData/ds:KeyInfo/ds:KeyValue/ds:RSAKeyValue/ds:Modulus');
    expect(modulus).to.equal(Buffer.from(rsa.export({ format: 'jwk' }).n!, 'base64url').toString('base64'));
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const ecReply = await issued(t, request(t, { keyType: KEY_TYPE['1.3'].public, rstElements: [useKey(ecKeyValue(ec))] }));
    const point = Buffer.from(ecReply.text('//saml:SubjectConfirmationData/ds:KeyInfo/ds:KeyValue/dsig11:ECKeyValue/dsig11:PublicKey')!, 'base64');
    const jwk = ec.export({ format: 'jwk' });
    expect(createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' }).export({ format: 'jwk' })).to.deep.equal(jwk);
  });
});

describe('proofKeys config: coded startup errors', () => {
  function withDemoSp(proofKeys: object): Record<string, unknown> {
    const config = demoConfig();
    config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp').proofKeys = proofKeys;
    return config;
  }
  const cases: [string, object, RegExp][] = [
    ['a default that is not allowed', { allowed: ['symmetric'], default: 'bearer' }, /proofKeys\/default: bearer is not in proofKeys.allowed/],
    ['a key-size default outside its bounds', { keySize: { min: 256, default: 128, max: 512 } }, /proofKeys\/keySize: needs min <= default <= max/],
    ['a key size that is not whole bytes', { keySize: { min: 130, default: 256, max: 512 } }, /each a multiple of 8/],
    ['an unknown key type', { allowed: ['bearer', 'secret'] }, /STS_ERR_CONFIG_INVALID/],
  ];
  for (const [what, proofKeys, message] of cases) {
    it(`refuses ${what} with STS_ERR_CONFIG_INVALID`, () => {
      expect(() => parseKernelConfig(withDemoSp(proofKeys), 'sts.config.json')).to.throw(StartupError, message).with.property('code', StartupErrorCode.CONFIG_INVALID);
    });
  }
});

describe('proof keys and Renew: a holder-of-key token is never renewed into a bearer token', () => {
  let t: TestSts;
  before(async () => {
    const config = demoConfig();
    const sp = config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp');
    sp.proofKeys = { allowed: ['bearer', 'symmetric'], default: 'symmetric' };
    t = await startTestSts({ config: { spConnections: config['spConnections'] } });
  });
  after(() => t.close());

  it('refuses Renewing with KeyType SymmetricKey with wst:InvalidRequest, issuing nothing', async () => {
    const raw = request(t, { keyType: KEY_TYPE['1.3'].symmetric, rstElements: [el('wst:Renewing', {})] });
    await expectRefused(t, raw, { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(lastRefusalReason(t)).to.match(/holder-of-key token is not renewable/);
  });

  it('a connection-default holder-of-key token asked Renewing is stored as not renewable: its Renew is refused (wst:UnableToRenew)', async () => {
    const reply = await issued(t, request(t, { keyType: null, rstElements: [el('wst:Renewing', {})] }));
    expect(reply.text('//wst:RequestSecurityTokenResponse/wst:KeyType')).to.equal(KEY_TYPE['1.3'].symmetric);
    const id = /ID="([^"]+)"/.exec(reply.token)![1]!;
    const built = buildRenewRequest({ endpoint: t.endpoint, target: { tokenId: id }, credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' }, now: () => t.clock.now() });
    await expectRefused(t, { body: built.body, contentType: built.contentType, headers: {} }, { soapVersion: '1.2', code: 'UnableToRenew' });
    expect(lastRefusalReason(t)).to.match(/not issued renewable/);
  });
});
