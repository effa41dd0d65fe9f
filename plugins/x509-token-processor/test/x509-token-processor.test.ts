import { createHash, createPublicKey } from 'node:crypto';
import { expect } from 'chai';
import { CA_DN_RFC4514, CLIENT_DN_RFC4514, issued, NOW, testPki, type TestCertificate, type TestPki } from './helpers/test-pki.js';
import { createFixture, expectRefused, removeFixtures, type Fixture } from './helpers/processor-fixture.js';
import { receivedToken } from './helpers/received-token.js';
import { BST_ID, RSA_SHA1, SHA1, signedRequest, strToBst, type SignedRequestOptions } from './helpers/signed-request.js';
import {
  addHeader,
  addSecondSecurityHeader,
  duplicateBodyId,
  foreignIdWithBodyValue,
  moveBodyIntoHeader,
  moveTimestampOutOfSecurity,
  removeSignature,
  setBstAttribute,
  setBstText,
  changeMessageId,
  respellSignatureValue,
  tamperBody,
  tamperSignatureValue,
} from './helpers/mutate-request.js';
import { MESSAGE_REPLAY_NAMESPACE } from '../src/index.js';

describe('x509-token-processor', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let f: Fixture;

  /** A valid request signed by `who` (default the CA-issued client) with one option changed. */
  const request = (changes: Partial<SignedRequestOptions> = {}, who: TestCertificate = pki.client): string =>
    signedRequest({ certificate: who.der, signingKey: who.privateKey, ...changes });

  before(async () => {
    pki = await testPki();
  });
  beforeEach(async () => {
    f = await createFixture();
  });
  afterEach(removeFixtures);

  describe('accepting', () => {
    it('accepts a SOAP 1.1 request signed over Body and Timestamp with a CA-issued certificate', async () => {
      const result = await f.processor.process(receivedToken(request()));
      expect(result.subject).to.equal(CLIENT_DN_RFC4514);
      expect(result.authnContext).to.equal('urn:oasis:names:tc:SAML:2.0:ac:classes:X509');
      expect(result.authnInstant?.getTime()).to.equal(NOW.getTime());
    });

    it('accepts the same request in SOAP 1.2', async () => {
      const result = await f.processor.process(receivedToken(request({ soapVersion: '1.2' }), { soapVersion: '1.2' }));
      expect(result.subject).to.equal(CLIENT_DN_RFC4514);
    });

    it('returns the subject and issuer DNs, every RDN, the alternative names, serial and fingerprint as attributes', async () => {
      const { attributes } = await f.processor.process(receivedToken(request()));
      expect(attributes).to.deep.equal({
        subjectDN: [CLIENT_DN_RFC4514],
        issuerDN: [CA_DN_RFC4514],
        C: ['DE'],
        O: ['Example Corp'],
        OU: ['Engineering', 'STS'],
        CN: ['Alice Example'],
        email: ['alice@example.com'],
        dns: ['alice.example.com'],
        upn: ['alice@corp.example.com'],
        serialNumber: ['0A1B2C3D'],
        sha256Fingerprint: [(await import('node:crypto')).createHash('sha256').update(pki.client.der).digest('hex')],
      });
    });

    it('returns frozen attributes that a caller cannot change', async () => {
      const { attributes } = await f.processor.process(receivedToken(request()));
      expect(Object.isFrozen(attributes)).to.equal(true);
      expect(Object.isFrozen(attributes['OU'])).to.equal(true);
    });

    it('accepts a signature that also covers wsa:To, wsa:Action, wsa:MessageID and the BinarySecurityToken, and logs the parts', async () => {
      const xml = request({ references: ['Body-id', 'TS-id', 'To-id', 'Action-id', 'MessageID-id', BST_ID] });
      expect((await f.processor.process(receivedToken(xml))).subject).to.equal(CLIENT_DN_RFC4514);
      const record = f.logger.records.find((r) => r.message?.includes('accepted'));
      expect(record?.fields).to.deep.include({ signedParts: ['Body', 'Timestamp', 'To', 'Action', 'MessageID', 'BinarySecurityToken'] });
    });

    it('accepts a self-signed certificate that is a trust anchor when allowSelfSigned is true', async () => {
      f = await createFixture({ allowSelfSigned: true }, [pki.selfSigned]);
      const result = await f.processor.process(receivedToken(request({}, pki.selfSigned)));
      expect(result.subject).to.equal('CN=Self Signed Alice,O=Example Corp,C=DE');
      expect(result.attributes['issuerDN']).to.deep.equal(['CN=Self Signed Alice,O=Example Corp,C=DE']);
    });

    it('accepts a certificate whose subject and issuer DNs match the configured patterns', async () => {
      f = await createFixture({ subjectDnPattern: 'CN=[^,]+,OU=STS,.*', issuerDnPattern: 'CN=Example Test CA,O=Example Corp,C=DE' });
      expect((await f.processor.process(receivedToken(request()))).subject).to.equal(CLIENT_DN_RFC4514);
    });

    it('accepts a certificate on the first and last second of its validity period', async () => {
      const notBefore = pki.client.certificate.notBefore;
      f.clock.set(notBefore);
      expect((await f.processor.process(receivedToken(request()))).subject).to.equal(CLIENT_DN_RFC4514);
      f.clock.set(pki.client.certificate.notAfter);
      expect((await f.processor.process(receivedToken(request()))).subject).to.equal(CLIENT_DN_RFC4514);
    });
  });

  describe('the message', () => {
    it('refuses a token handed over without the message (token.message absent)', async () => {
      await expectRefused(f.processor.process(receivedToken(request(), { withoutMessage: true })), /no message to verify a signature over/);
    });

    it('refuses a request without a ds:Signature', async () => {
      await expectRefused(f.processor.process(receivedToken(removeSignature(request()))), /0 × ds:Signature/);
    });

    it('refuses a message whose SOAP version is not the one the kernel reported', async () => {
      const token = receivedToken(request());
      await expectRefused(f.processor.process({ ...token, message: { xml: token.message!.xml, soapVersion: '1.2' } }), /not a SOAP .* Envelope/);
    });

    it('refuses a second wsse:Security header', async () => {
      await expectRefused(f.processor.process(receivedToken(addSecondSecurityHeader(request()))), /2 × wsse:Security header/);
    });
  });

  describe('the BinarySecurityToken', () => {
    it('refuses an EncodingType other than Base64Binary', async () => {
      const xml = setBstAttribute(request(), 'EncodingType', 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#HexBinary');
      await expectRefused(f.processor.process(receivedToken(xml)), /EncodingType .* is not Base64Binary/);
    });

    it('refuses content that is not strict base64', async () => {
      const xml = setBstText(request(), `${pki.client.der.toString('base64')}!`);
      await expectRefused(f.processor.process(receivedToken(xml)), /not valid base64/);
    });

    it('refuses base64 that is not a DER certificate', async () => {
      const xml = setBstText(request(), Buffer.from('not a certificate').toString('base64'));
      await expectRefused(f.processor.process(receivedToken(xml)), /does not hold a DER X.509 certificate/);
    });

    it('refuses bytes after the certificate', async () => {
      const xml = setBstText(request(), Buffer.concat([pki.client.der, Buffer.from([0])]).toString('base64'));
      await expectRefused(f.processor.process(receivedToken(xml)), /bytes after the certificate|does not hold/);
    });
  });

  describe('the certificate', () => {
    it('refuses a self-signed certificate that is not a trust anchor', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.selfSigned))), /is not issued by a trust anchor/);
    });

    it('refuses a self-signed certificate that is a trust anchor while allowSelfSigned is false', async () => {
      f = await createFixture({}, [pki.selfSigned]);
      await expectRefused(f.processor.process(receivedToken(request({}, pki.selfSigned))), /is itself a trust anchor; set allowSelfSigned/);
    });

    it('refuses a CA certificate presented as a client certificate while allowSelfSigned is false', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.ca))), /is itself a trust anchor/);
    });

    it('refuses an expired certificate', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.expired))), /expired at/);
    });

    it('refuses a certificate one second after its notAfter', async () => {
      f.clock.set(new Date(pki.client.certificate.notAfter.getTime() + 1000));
      await expectRefused(f.processor.process(receivedToken(request())), /expired at/);
    });

    it('checks the time again for a certificate it has already accepted (the facts read from it are kept, not the verdict)', async () => {
      const first = await f.processor.process(receivedToken(request()));
      f.clock.set(new Date(pki.client.certificate.notAfter.getTime() + 1000));
      await expectRefused(f.processor.process(receivedToken(request())), /expired at/);
      f.clock.set(pki.client.certificate.notAfter);
      const again = await f.processor.process(receivedToken(request()));
      expect(again.attributes).to.deep.equal(first.attributes);
      expect(again.subject).to.equal(first.subject);
    });

    it('refuses a certificate before its notBefore', async () => {
      f.clock.set(new Date(pki.client.certificate.notBefore.getTime() - 1000));
      await expectRefused(f.processor.process(receivedToken(request())), /is not valid before/);
    });

    it('refuses a certificate issued by another CA', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.foreign))), /is not issued by a trust anchor \(issuer "CN=Example Test CA,O=Evil Corp,C=DE"\)/);
    });

    it("refuses a certificate that names the trusted CA as issuer but is signed by another CA's key", async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.impostor))), /is not issued by a trust anchor \(issuer "CN=Example Test CA,O=Example Corp,C=DE"\)/);
    });

    it('refuses an RSA key of 1024 bits', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.weak))), /RSA key of 1024 bits; at least 2048/);
    });

    it('refuses a certificate the CA signed with SHA-1', async () => {
      await expectRefused(f.processor.process(receivedToken(request({}, pki.sha1Signed))), /signed with algorithm 1\.2\.840\.113549\.1\.1\.5, which is not allowed/);
    });

    it('refuses a certificate issued by a trust anchor outside its validity period', async () => {
      f = await createFixture({}, [pki.ca, pki.expiredCa]);
      await expectRefused(f.processor.process(receivedToken(request({}, pki.clientOfExpiredCa))), /outside its validity period/);
      expect(f.logger.records.some((r) => r.level === 'warn' && r.message?.includes('outside its validity period'))).to.equal(true);
    });

    it('refuses a subject DN that does not match subjectDnPattern', async () => {
      f = await createFixture({ subjectDnPattern: 'CN=Bob Example,.*' });
      await expectRefused(f.processor.process(receivedToken(request())), /subject DN does not match subjectDnPattern/);
    });

    it('anchors subjectDnPattern: a pattern matching only part of the DN is refused', async () => {
      f = await createFixture({ subjectDnPattern: 'CN=Alice Example' });
      await expectRefused(f.processor.process(receivedToken(request())), /subject DN does not match subjectDnPattern/);
    });

    it('refuses an issuer DN that does not match issuerDnPattern', async () => {
      f = await createFixture({ issuerDnPattern: 'CN=Other CA,.*' });
      await expectRefused(f.processor.process(receivedToken(request())), /issuer DN .* does not match issuerDnPattern/);
    });
  });

  describe('a certificate seen before (parsed once, CertificateCache)', () => {
    it('is checked against the clock on every request: accepted, then refused one second after its notAfter', async () => {
      await f.processor.process(receivedToken(request()));
      f.clock.set(new Date(pki.client.certificate.notAfter.getTime() + 1000));
      await expectRefused(f.processor.process(receivedToken(request({ created: new Date(pki.client.certificate.notAfter.getTime()) }))), /expired at/);
    });

    it('is found by its token text, and a text one character away is still decoded and refused', async () => {
      const first = await f.processor.process(receivedToken(request()));
      const again = await f.processor.process(receivedToken(request({ created: new Date(NOW.getTime() + 1000) })));
      expect(again.subject).to.equal(first.subject);
      const text = pki.client.der.toString('base64');
      await expectRefused(f.processor.process(receivedToken(setBstText(request(), `${text}!`))), /not valid base64/);
      await expectRefused(f.processor.process(receivedToken(setBstText(request(), `${text.slice(0, -8)}AAAAAAAA`))), /does not hold|bytes after|verification|not issued/);
    });

    it('is refused by a processor whose anchors did not issue it, though another processor accepted it', async () => {
      await f.processor.process(receivedToken(request()));
      const other = await createFixture({}, [pki.otherCa]);
      await expectRefused(other.processor.process(receivedToken(request())), /is not issued by a trust anchor/);
    });
  });

  describe('the message signature', () => {
    it('refuses a signature that does not cover the Body', async () => {
      await expectRefused(f.processor.process(receivedToken(request({ references: ['TS-id'] }))), /does not cover the Body/);
    });

    it('refuses a signature that does not cover the Timestamp', async () => {
      await expectRefused(f.processor.process(receivedToken(request({ references: ['Body-id'] }))), /does not cover the Timestamp/);
    });

    it('refuses a Body changed after signing', async () => {
      await expectRefused(f.processor.process(receivedToken(tamperBody(request()))), /verification: .*digest/);
    });

    it('refuses a changed SignatureValue', async () => {
      await expectRefused(f.processor.process(receivedToken(tamperSignatureValue(request()))), /verification/);
    });

    it('refuses the signed Body moved into a header wrapper with a new Body in its place (XSW)', async () => {
      await expectRefused(f.processor.process(receivedToken(moveBodyIntoHeader(request()))), /#Body-id is not the wsu:Id of the Body/);
    });

    it('refuses the signed Timestamp moved out of our Security header', async () => {
      await expectRefused(f.processor.process(receivedToken(moveTimestampOutOfSecurity(request()))), /#TS-id is not the wsu:Id of the Body, our Timestamp/);
    });

    it('refuses a reference to an element that is not a signable part (the RequestSecurityToken)', async () => {
      const xml = request({ rstId: true, references: ['Body-id', 'TS-id', 'RST-id'] });
      await expectRefused(f.processor.process(receivedToken(xml)), /#RST-id is not the wsu:Id/);
    });

    it('refuses a duplicate wsu:Id', async () => {
      await expectRefused(f.processor.process(receivedToken(duplicateBodyId(request()))), /ID "Body-id" is carried by both/);
    });

    it("refuses an Id attribute in a foreign namespace carrying the Body's ID", async () => {
      await expectRefused(f.processor.process(receivedToken(foreignIdWithBodyValue(request()))), /ID "Body-id" is carried by both .*urn:evil/);
    });

    it('refuses a Body whose Id is in a foreign namespace, though xml-crypto would verify it', async () => {
      const xml = request({ bodyIdNamespace: 'urn:evil' });
      await expectRefused(f.processor.process(receivedToken(xml)), /carried by \{urn:evil\}Id, not wsu:Id/);
    });

    it('refuses a signature made with rsa-sha1', async () => {
      await expectRefused(f.processor.process(receivedToken(request({ signatureAlgorithm: RSA_SHA1 }))), /signature-method: .*rsa-sha1 is not allowed/);
    });

    it('refuses SHA-1 digests', async () => {
      await expectRefused(f.processor.process(receivedToken(request({ digestAlgorithm: SHA1 }))), /digest-method: .*sha1 is not allowed/);
    });

    it('refuses a SecurityTokenReference to another BinarySecurityToken (the attacker signs with a second BST)', async () => {
      const xml = request({ secondCertificate: pki.attacker.der, keyInfo: strToBst('X509-other'), signingKey: pki.attacker.privateKey });
      await expectRefused(f.processor.process(receivedToken(xml, { bstId: BST_ID })), /names "X509-other", not this token/);
    });

    it('refuses a KeyInfo holding a KeyValue instead of a SecurityTokenReference', async () => {
      const modulus = pki.client.privateKey.export({ format: 'jwk' }).n!;
      const keyValue = `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${Buffer.from(modulus, 'base64url').toString('base64')}</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>`;
      await expectRefused(f.processor.process(receivedToken(request({ keyInfo: keyValue }))), /key-info: ds:KeyInfo must hold exactly one wsse:SecurityTokenReference/);
    });

    it('refuses a SecurityTokenReference with a KeyIdentifier instead of a Reference', async () => {
      const keyInfo = `<wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1">AAAA</wsse:KeyIdentifier></wsse:SecurityTokenReference>`;
      await expectRefused(f.processor.process(receivedToken(request({ keyInfo }))), /exactly one wsse:Reference/);
    });

    it("refuses a signature made with the attacker's key over the victim's certificate", async () => {
      await expectRefused(f.processor.process(receivedToken(request({ signingKey: pki.attacker.privateKey }))), /verification/);
    });

    it('refuses a request with an extra unsigned header, when the extra header repeats wsa:To', async () => {
      const xml = addHeader(request({ references: ['Body-id', 'TS-id', 'To-id'] }), `<wsa:To>https://evil.example/</wsa:To>`);
      await expectRefused(f.processor.process(receivedToken(xml)), /2 wsa:To headers/);
    });
  });

  // security-rules.md section 1 row 26 and section 6.1 "Message replay cache" (WSS4J testMessageReplay).
  describe('message replay', () => {
    /** Records what the processor writes to the state store. */
    function recordWrites(): { namespace: string; key: string; ttlSeconds: number }[] {
      const writes: { namespace: string; key: string; ttlSeconds: number }[] = [];
      const putIfAbsent = f.stateStore.putIfAbsent.bind(f.stateStore);
      f.stateStore.putIfAbsent = async (namespace, key, ttlSeconds) => {
        writes.push({ namespace, key, ttlSeconds });
        return await putIfAbsent(namespace, key, ttlSeconds);
      };
      return writes;
    }

    it('refuses the same signed request a second time', async () => {
      const xml = request();
      expect((await f.processor.process(receivedToken(xml))).subject).to.equal(CLIENT_DN_RFC4514);
      await expectRefused(f.processor.process(receivedToken(xml)), /message replay/);
    });

    it('refuses the same message with a new wsa:MessageID, a header the signature does not cover', async () => {
      const xml = request();
      await f.processor.process(receivedToken(xml));
      await expectRefused(f.processor.process(receivedToken(changeMessageId(xml))), /message replay/);
    });

    it('refuses the same message with its SignatureValue spelled differently (line breaks, a padding bit)', async () => {
      const xml = request();
      await f.processor.process(receivedToken(xml));
      await expectRefused(f.processor.process(receivedToken(respellSignatureValue(xml))), /message replay/);
    });

    it('refuses the same message with its unsigned BinarySecurityToken swapped for another certificate of the same key', async () => {
      const renewed = await issued(pki.ca, 'C=DE, O=Example Corp, OU=STS, CN=Alice Example (renewed)', { subjectKey: pki.client });
      const xml = request();
      await f.processor.process(receivedToken(xml));
      const swapped = setBstText(xml, renewed.der.toString('base64'));
      await expectRefused(f.processor.process(receivedToken(swapped)), /message replay/);
    });

    it('accepts a different signed request from the same certificate', async () => {
      await f.processor.process(receivedToken(request()));
      const later = request({ created: new Date(NOW.getTime() + 1000) });
      expect((await f.processor.process(receivedToken(later))).subject).to.equal(CLIENT_DN_RFC4514);
    });

    it('records nothing for a refused signature: the genuine request still goes through after a tampered copy', async () => {
      const xml = request();
      await expectRefused(f.processor.process(receivedToken(tamperBody(xml))), /message signature refused/);
      expect((await f.processor.process(receivedToken(xml))).subject).to.equal(CLIENT_DN_RFC4514);
    });

    it('keys the cache on Created, SHA-256 of the SignatureValue bytes and SHA-256 of the signer key, for replayWindowSeconds (default 360)', async () => {
      const writes = recordWrites();
      const xml = request({ created: new Date('2026-03-01T11:59:00.000Z') });
      await f.processor.process(receivedToken(xml));
      const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
      const signatureValue = Buffer.from(/<ds:SignatureValue>([^<]*)</.exec(xml)![1]!, 'base64');
      const spki = createPublicKey(pki.client.privateKey).export({ type: 'spki', format: 'der' });
      expect(writes).to.deep.equal([
        {
          namespace: 'x509-message',
          key: ['2026-03-01T11:59:00.000Z', sha256(signatureValue), sha256(spki)].join('\u0000'),
          ttlSeconds: 360,
        },
      ]);
      expect(MESSAGE_REPLAY_NAMESPACE).to.equal('x509-message');
    });

    it('keeps entries for the configured replayWindowSeconds', async () => {
      f = await createFixture({ replayWindowSeconds: 600 });
      const writes = recordWrites();
      await f.processor.process(receivedToken(request()));
      expect(writes.map((w) => w.ttlSeconds)).to.deep.equal([600]);
    });
  });
});
