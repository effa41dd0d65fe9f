import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import { MESSAGE_SIGNATURE_PROFILE, SignatureRejectedError, verifyMessageSignature, type SignatureRejectionCode } from '@sts/sdk/xml';
import { testPki, type TestPki } from './helpers/test-pki.js';
import { BST_ID, ENVELOPED_SIGNATURE, EXC_C14N, signedRequest, strToBst, type SignedRequestOptions } from './helpers/signed-request.js';
import { addHeader, respellSignatureValue } from './helpers/mutate-request.js';

describe('verifyMessageSignature', function () {
  this.timeout(60_000);
  let pki: TestPki;
  before(async () => {
    pki = await testPki();
  });

  const request = (changes: Partial<SignedRequestOptions> = {}): string =>
    signedRequest({ certificate: pki.client.der, signingKey: pki.client.privateKey, ...changes });
  const clientKey = (): KeyObject => createPublicKey(pki.client.privateKey);

  /** Asserts that verification throws SignatureRejectedError with `code` and a message matching `message`. */
  function expectRejected(run: () => unknown, code: SignatureRejectionCode, message: RegExp): void {
    let result: unknown;
    let error: unknown;
    try {
      result = run();
    } catch (e) {
      error = e;
    }
    expect(result, 'nothing may be returned').to.equal(undefined);
    expect(error).to.be.instanceOf(SignatureRejectedError);
    expect((error as SignatureRejectedError).code).to.equal(code);
    expect((error as Error).message).to.match(message);
  }

  it('returns the signed parts in SignedInfo order and the wsu:Id of the signing token, asking resolveKey once', () => {
    const asked: string[] = [];
    const result = verifyMessageSignature(request({ references: ['TS-id', 'Body-id', 'Action-id'] }), {
      soapVersion: '1.1',
      resolveKey: (str) => {
        asked.push(str.reference);
        return clientKey();
      },
    });
    expect(result).to.deep.include({ signedParts: ['Timestamp', 'Body', 'Action'], bstId: BST_ID });
    expect(asked).to.deep.equal([BST_ID]);
    expect(Object.isFrozen(result.signedParts)).to.equal(true);
  });

  it('returns the SignatureValue and the Created of the signed Timestamp, for a replay cache', () => {
    const xml = request({ created: new Date('2026-03-01T11:59:30.000Z') });
    const result = verifyMessageSignature(xml, { soapVersion: '1.1', resolveKey: clientKey });
    expect(result.timestampCreated).to.equal('2026-03-01T11:59:30.000Z');
    expect(result.signatureValue).to.equal(/<ds:SignatureValue>([^<]*)</.exec(xml)![1]);
    expect(Object.keys(result).sort()).to.deep.equal(['bstId', 'signatureValue', 'signedParts', 'timestampCreated']);
  });

  it('returns the same SignatureValue for the same signature spelled with line breaks and a set padding bit', () => {
    const xml = request();
    const respelled = respellSignatureValue(xml);
    const original = verifyMessageSignature(xml, { soapVersion: '1.1', resolveKey: clientKey });
    // xml-crypto verifies the respelled value too: only its bytes count.
    expect(verifyMessageSignature(respelled, { soapVersion: '1.1', resolveKey: clientKey }).signatureValue).to.equal(original.signatureValue);
  });

  it('verifies a SOAP 1.2 envelope', () => {
    expect(verifyMessageSignature(request({ soapVersion: '1.2' }), { soapVersion: '1.2', resolveKey: clientKey }).signedParts).to.deep.equal(['Body', 'Timestamp']);
  });

  it('has a profile of at most 8 references, one exc-c14n transform and one STR in KeyInfo', () => {
    expect(MESSAGE_SIGNATURE_PROFILE).to.deep.equal({ maxReferences: 8, allowedTransforms: [EXC_C14N], maxTransforms: 1, keyInfo: 'one-str' });
  });

  it('refuses when resolveKey throws, and says so', () => {
    expectRejected(() => verifyMessageSignature(request(), { soapVersion: '1.1', resolveKey: () => { throw new Error('untrusted'); } }), 'key', /untrusted/);
  });

  it('refuses a key resolveKey returns that is not RSA of 2048 bits or more', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expectRejected(() => verifyMessageSignature(request(), { soapVersion: '1.1', resolveKey: () => weak }), 'key', /RSA of at least 2048/);
  });

  it('refuses a reference with the enveloped-signature transform (a message signature is detached)', () => {
    expectRejected(() => verifyMessageSignature(request({ transforms: [ENVELOPED_SIGNATURE, EXC_C14N] }), { soapVersion: '1.1', resolveKey: clientKey }), 'transform', /transforms; at most 1|not allowed/);
  });

  it('refuses more than 8 references before any digest is computed', () => {
    const many = request({ references: ['Body-id', 'TS-id', 'To-id', 'Action-id', 'MessageID-id', BST_ID, 'Body-id', 'TS-id', 'To-id'] });
    expectRejected(() => verifyMessageSignature(many, { soapVersion: '1.1', resolveKey: clientKey }), 'reference', /9 references; at most 8/);
  });

  it('refuses two Timestamps in the Security header', () => {
    const xml = request().replace('<wsse:BinarySecurityToken', '<wsu:Timestamp><wsu:Created>2026-03-01T12:00:00Z</wsu:Created></wsu:Timestamp><wsse:BinarySecurityToken');
    expectRejected(() => verifyMessageSignature(xml, { soapVersion: '1.1', resolveKey: clientKey }), 'structure', /2 Timestamps .*R3227/);
  });

  it('refuses a wsse:Reference whose ValueType is not X509v3', () => {
    const keyInfo = `<wsse:SecurityTokenReference><wsse:Reference URI="#${BST_ID}" ValueType="urn:other"/></wsse:SecurityTokenReference>`;
    expectRejected(() => verifyMessageSignature(request({ keyInfo }), { soapVersion: '1.1', resolveKey: clientKey }), 'key-info', /ValueType/);
  });

  it('refuses an STR that points at something other than a BinarySecurityToken in the Security header', () => {
    expectRejected(() => verifyMessageSignature(request({ keyInfo: strToBst('Body-id') }), { soapVersion: '1.1', resolveKey: clientKey }), 'key-info', /0 × BinarySecurityToken with wsu:Id "Body-id"/);
  });

  it('refuses an STR with an external URI', () => {
    const keyInfo = `<wsse:SecurityTokenReference><wsse:Reference URI="https://evil.example/cert"/></wsse:SecurityTokenReference>`;
    expectRejected(() => verifyMessageSignature(request({ keyInfo }), { soapVersion: '1.1', resolveKey: clientKey }), 'key-info', /is not "#" followed by an ID/);
  });

  it('refuses a text that the byte gate refuses (a processing instruction)', () => {
    const xml = addHeader(request(), '<?evil x?>');
    expectRejected(() => verifyMessageSignature(xml, { soapVersion: '1.1', resolveKey: clientKey }), 'document', /strict parser/);
  });

  it('refuses an Envelope with content after the Body', () => {
    const xml = request().replace('</s:Body>', '</s:Body><x:After xmlns:x="urn:x"/>');
    expectRejected(() => verifyMessageSignature(xml, { soapVersion: '1.1', resolveKey: clientKey }), 'structure', /exactly one Header followed by exactly one Body/);
  });
});
