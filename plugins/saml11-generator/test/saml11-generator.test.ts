import { expect } from 'chai';
import { join } from 'node:path';
import {
  InvalidTimeRangeError,
  pluginBrand,
  RequestFailedError,
  TokenType,
  ValueType,
  type IssuedToken,
  type SigningKey,
  type TokenGenerator,
} from '@sts/sdk';
import { NS, CanonicalXmlSigner } from '@sts/sdk/xml';
import { createTestSigningKeys, runTool, StaticSigningKeys, withTempDir, type XmlsecResult } from '@sts/sdk/testing';
import { signWithKeyValue, xmlCryptoVerify } from '@sts/sdk/testing/xml';
import definition from '../src/index.js';
import { buildAssertion } from '../src/build-assertion.js';
import { configure, createGenerator, issueRequest, readAssertion, T0, validateAssertion, verifyAssertion } from './helpers/fixtures.js';

const CLAIMS = 'http://schemas.xmlsoap.org/claims';
const AM_PASSWORD = 'urn:oasis:names:tc:SAML:1.0:am:password';

describe('saml11-generator', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let generator: TokenGenerator;
  let token: IssuedToken;

  before(async () => {
    key = (await createTestSigningKeys('sts-key')).get();
    otherKey = (await createTestSigningKeys('other-key')).get();
    generator = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])));
    token = await generator.issue(issueRequest());
  });

  /** Issues with the default generator; `xml` is never undefined for this generator. */
  async function issue(overrides: Parameters<typeof issueRequest>[0] = {}): Promise<string> {
    return (await generator.issue(issueRequest(overrides))).xml!;
  }

  /** Issues with a generator created from `rawConfig`. */
  async function issueWith(rawConfig: object, overrides: Parameters<typeof issueRequest>[0] = {}): Promise<string> {
    const custom = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])), rawConfig);
    return (await custom.issue(issueRequest(overrides))).xml!;
  }

  describe('the plug-in definition', () => {
    it('is a branded token generator for both SAML 1.1 token types', () => {
      expect(pluginBrand(definition)).to.deep.equal({ kind: 'token-generator', apiVersion: 1 });
      expect(definition.id).to.equal('saml11-generator');
      expect(definition.tokenTypes).to.deep.equal([TokenType.Saml11, TokenType.Saml11Profile]);
      expect(Object.keys(definition.deps)).to.have.members(['signer', 'clock']);
    });

    it('applies the config defaults', () => {
      expect(configure({})).to.deep.equal({ attributeNamespace: CLAIMS, attributeNamespaces: {}, includeCertificate: true });
    });

    it('rejects unknown config keys', () => {
      expect(() => configure({ attributeNameFormat: 'urn:x' })).to.throw(/additional properties/);
    });

    it('rejects a config value of the wrong type', () => {
      expect(() => configure({ includeCertificate: 'yes' })).to.throw(/boolean/);
      expect(() => configure({ attributeNamespaces: { role: 1 } })).to.throw(/string/);
    });

    it('rejects an empty namespace, default or per attribute', () => {
      expect(() => configure({ attributeNamespace: '' })).to.throw(/fewer than 1/);
      expect(() => configure({ attributeNamespaces: { role: '' } })).to.throw(/fewer than 1/);
    });

    it('refuses to start with a configured namespace XML cannot carry', async () => {
      const signer = new CanonicalXmlSigner(new StaticSigningKeys([key]));
      const error = await createGenerator(signer, { attributeNamespaces: { role: 'urn:a\u0001b' } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError).with.property('message').that.includes('attributeNamespaces["role"]');
      const defaultError = await createGenerator(signer, { attributeNamespace: 'urn:a\rb' }).catch((e: unknown) => e);
      expect(defaultError).to.be.instanceOf(TypeError).with.property('message').that.includes('attributeNamespace');
    });
  });

  describe('delegation', () => {
    it('refuses a request with an actor: SAML 1.1 has no standard delegate element', async () => {
      const refused = await issue({ actor: { subject: 'svc' } }).then(() => undefined, (e: unknown) => e);
      expect(refused).to.be.instanceOf(RequestFailedError);
      expect((refused as Error).message).to.match(/SAML 1\.1 has no standard element to record the actor/);
    });
  });

  describe('the signature, checked by xmlsec1', () => {
    it('verifies with only the certificate', () => {
      const result = verifyAssertion(token.xml!, key.certificatePem);
      expect(result.status, result.output).to.equal(0);
      expect(result.output).to.match(/^OK$/m);
    });

    it('fails for a twin with one attribute value changed', () => {
      const twin = token.xml!.replace('>joe@example.com<', '>eve@example.com<');
      expect(twin).not.to.equal(token.xml);
      expectVerificationFailure(verifyAssertion(twin, key.certificatePem));
    });

    it('fails for a twin with the Issuer attribute changed', () => {
      const twin = token.xml!.replace('Issuer="https://sts.example.com/idp"', 'Issuer="https://evil.example.com/idp"');
      expect(twin).not.to.equal(token.xml);
      expectVerificationFailure(verifyAssertion(twin, key.certificatePem));
    });

    it('fails with another key\'s certificate', () => {
      expectVerificationFailure(verifyAssertion(token.xml!, otherKey.certificatePem));
    });

    it('fails for a forgery re-signed with another key that carries its own ds:KeyValue', () => {
      const forged = signWithKeyValue({
        xml: buildAssertion(issueRequest({ subject: { name: 'admin', format: issueRequest().subject.format } }), {
          id: '_forged',
          attributeNamespace: () => CLAIMS,
        }),
        idAttribute: 'AssertionID',
        location: { namespaceUri: NS.saml1, localName: 'Assertion', action: 'append' },
        key: otherKey,
      });
      // The forgery is otherwise perfect: unpinned, xmlsec1 takes the key from the document and accepts it.
      const unpinned = withTempDir({ 'cert.pem': key.certificatePem, 'token.xml': forged }, (dir) =>
        runTool('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), '--id-attr:AssertionID', `${NS.saml1}:Assertion`, join(dir, 'token.xml')]),
      );
      expect(unpinned.status, unpinned.output).to.equal(0);
      expectVerificationFailure(verifyAssertion(forged, key.certificatePem));
    });

    it('verifies without KeyInfo when the config leaves the certificate out', async () => {
      const xml = await issueWith({ includeCertificate: false });
      expect(readAssertion(xml).all('//ds:KeyInfo')).to.have.length(0);
      const result = verifyAssertion(xml, key.certificatePem);
      expect(result.status, result.output).to.equal(0);
    });

    it('signs with the key the request names', async () => {
      const twoKeys = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key, otherKey])));
      const xml = (await twoKeys.issue(issueRequest({ signingKeyId: 'other-key' }))).xml!;
      expect(verifyAssertion(xml, otherKey.certificatePem).status).to.equal(0);
      expectVerificationFailure(verifyAssertion(xml, key.certificatePem));
    });

    it('also verifies with xml-crypto against the certificate alone, and fails for a twin', () => {
      expect(xmlCryptoVerify(token.xml!, key.certificatePem, 'AssertionID')).to.equal(true);
      expect(xmlCryptoVerify(token.xml!.replace('>joe@example.com<', '>eve@example.com<'), key.certificatePem, 'AssertionID')).to.equal(false);
      expect(xmlCryptoVerify(token.xml!, otherKey.certificatePem, 'AssertionID')).to.equal(false);
    });
  });

  describe('the schema, checked by xmllint', () => {
    it('validates a bearer assertion with attributes', () => {
      const result = validateAssertion(token.xml!);
      expect(result.status, result.output).to.equal(0);
    });

    it('validates a sender-vouches assertion without attributes', async () => {
      const result = validateAssertion(await issue({ subjectConfirmation: 'sender-vouches', attributes: {} }));
      expect(result.status, result.output).to.equal(0);
    });

    it('validates an assertion whose only attribute has no values', async () => {
      const result = validateAssertion(await issue({ attributes: { empty: [] } }));
      expect(result.status, result.output).to.equal(0);
    });

    it('fails for a twin without the required MajorVersion attribute', () => {
      const twin = token.xml!.replace(' MajorVersion="1"', '');
      expect(twin).not.to.equal(token.xml);
      const result = validateAssertion(twin);
      // 3 is xmllint's "validation error"; a schema that failed to load would exit with 4 or 5.
      expect(result.status, result.output).to.equal(3);
      expect(result.output).to.include("The attribute 'MajorVersion' is required but missing");
    });

    it('fails for a twin with the signature moved before the statements', () => {
      const saml = readAssertion(token.xml!);
      const signature = saml.one('/saml:Assertion/ds:Signature');
      saml.one('/saml:Assertion/saml:Conditions').addPrevSibling(signature.remove() as typeof signature);
      const result = validateAssertion(saml.root.doc().toString(false));
      expect(result.status, result.output).to.equal(3);
    });
  });

  describe('escaping', () => {
    const tricky = 'a<b & "c" ]]> \'d\' é 東京 😀';

    it('round-trips markup characters and non-ASCII in every request value', async () => {
      const xml = await issue({
        issuer: `issuer ${tricky}`,
        appliesTo: `urn:sp:${tricky}`,
        subject: { name: `name ${tricky}`, format: `urn:format:${tricky}` },
        attributes: { [`attr ${tricky}`]: [tricky, ']]>', '<![CDATA[x]]>'] },
      });
      const saml = readAssertion(xml);
      expect(saml.attr('/saml:Assertion', 'Issuer')).to.equal(`issuer ${tricky}`);
      expect(saml.all('//saml:NameIdentifier').map((n) => n.text())).to.deep.equal([`name ${tricky}`, `name ${tricky}`]);
      expect(saml.attr('//saml:AuthenticationStatement/saml:Subject/saml:NameIdentifier', 'Format')).to.equal(`urn:format:${tricky}`);
      expect(saml.text('//saml:Audience')).to.equal(`urn:sp:${tricky}`);
      expect(saml.attr('//saml:Attribute', 'AttributeName')).to.equal(`attr ${tricky}`);
      expect(saml.all('//saml:AttributeValue').map((v) => v.text())).to.deep.equal([tricky, ']]>', '<![CDATA[x]]>']);
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    it('uses a configured namespace for an attribute whose name holds markup', async () => {
      const name = `attr ${tricky}`;
      const xml = await issueWith({ attributeNamespaces: { [name]: 'urn:ns:a&b' } }, { attributes: { [name]: ['x'] } });
      expect(readAssertion(xml).attr('//saml:Attribute', 'AttributeNamespace')).to.equal('urn:ns:a&b');
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    it('keeps tabs and line feeds in attribute values and text', async () => {
      const xml = await issue({ issuer: 'urn:a\tb\nc', attributes: { note: ['line 1\nline 2\tend'] } });
      const saml = readAssertion(xml);
      expect(saml.attr('/saml:Assertion', 'Issuer')).to.equal('urn:a\tb\nc');
      expect(saml.text('//saml:AttributeValue')).to.equal('line 1\nline 2\tend');
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    for (const [label, bad] of [
      ['a C0 control', 'a\u0001b'],
      ['a carriage return', 'a\rb'],
      ['U+2028', 'a\u2028b'],
      ['U+0085', 'a\u0085b'],
      ['U+2029', 'a\u2029b'],
      ['a lone surrogate', 'a\uD800b'],
    ] as const) {
      it(`refuses an attribute value with ${label} instead of signing a changed value`, async () => {
        const error = await generator.issue(issueRequest({ attributes: { note: [bad] } })).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(RequestFailedError);
      });
    }

    it('refuses such a character in the issuer, the audience, the subject and an attribute name', async () => {
      const bad = 'a\u0001b';
      for (const overrides of [
        { issuer: bad },
        { appliesTo: bad },
        { subject: { name: bad, format: issueRequest().subject.format } },
        { subject: { name: 'joe', format: bad } },
        { attributes: { [bad]: ['x'] } },
      ]) {
        const error = await generator.issue(issueRequest(overrides)).catch((e: unknown) => e);
        expect(error, JSON.stringify(overrides)).to.be.instanceOf(RequestFailedError);
      }
    });
  });

  describe('the assertion', () => {
    it('is a SAML 1.1 Assertion with version 1.1, a fresh NCName AssertionID, Issuer and IssueInstant', async () => {
      const saml = readAssertion(token.xml!);
      expect(saml.root.name()).to.equal('Assertion');
      expect(saml.root.namespace()?.href()).to.equal(NS.saml1);
      expect(saml.attr('/saml:Assertion', 'MajorVersion')).to.equal('1');
      expect(saml.attr('/saml:Assertion', 'MinorVersion')).to.equal('1');
      expect(saml.attr('/saml:Assertion', 'AssertionID')).to.equal(token.id).and.match(/^_[0-9a-f]{40}$/);
      expect(saml.attr('/saml:Assertion', 'Issuer')).to.equal('https://sts.example.com/idp');
      expect(saml.attr('/saml:Assertion', 'IssueInstant')).to.equal('2026-11-28T06:00:00Z');
      const again = await generator.issue(issueRequest());
      expect(again.id).not.to.equal(token.id);
    });

    it('declares its saml namespace on the Assertion itself, and no other', () => {
      const declared = readAssertion(token.xml!).root.namespaces(true).map((n) => [n.prefix(), n.href()]);
      expect(declared).to.deep.equal([['saml', NS.saml1]]);
    });

    it('puts the signature last, after the statements, with one Reference to #AssertionID', () => {
      const saml = readAssertion(token.xml!);
      const children = saml.root.childNodes().filter((n) => n.type() === 'element') as ReturnType<typeof saml.one>[];
      expect(children.map((c) => c.name())).to.deep.equal(['Conditions', 'AuthenticationStatement', 'AttributeStatement', 'Signature']);
      expect(children[3]!.namespace()?.href()).to.equal(NS.ds);
      const references = saml.all('/saml:Assertion/ds:Signature/ds:SignedInfo/ds:Reference');
      expect(references).to.have.length(1);
      expect(references[0]!.attr('URI')?.value()).to.equal(`#${token.id}`);
      const algorithms = (xpath: string): string[] => saml.all(xpath).map((e) => e.attr('Algorithm')!.value());
      expect(algorithms('//ds:Reference/ds:Transforms/ds:Transform')).to.deep.equal([
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/2001/10/xml-exc-c14n#',
      ]);
      expect(algorithms('//ds:SignedInfo/ds:CanonicalizationMethod')).to.deep.equal(['http://www.w3.org/2001/10/xml-exc-c14n#']);
      expect(algorithms('//ds:SignedInfo/ds:SignatureMethod')).to.deep.equal(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256']);
      expect(algorithms('//ds:Reference/ds:DigestMethod')).to.deep.equal(['http://www.w3.org/2001/04/xmlenc#sha256']);
    });

    it('keeps the signature last when there is no AttributeStatement', async () => {
      const saml = readAssertion(await issue({ attributes: {} }));
      const children = saml.root.childNodes().filter((n) => n.type() === 'element') as ReturnType<typeof saml.one>[];
      expect(children.map((c) => c.name())).to.deep.equal(['Conditions', 'AuthenticationStatement', 'Signature']);
    });

    it('carries the signing certificate in KeyInfo by default', () => {
      expect(readAssertion(token.xml!).text('//ds:KeyInfo/ds:X509Data/ds:X509Certificate')).to.equal(key.certificateChain[0]);
    });

    it('limits validity with NotBefore, NotOnOrAfter and the audience', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.attr('/saml:Assertion/saml:Conditions', 'NotBefore')).to.equal('2026-11-28T06:00:00Z');
      expect(saml.attr('/saml:Assertion/saml:Conditions', 'NotOnOrAfter')).to.equal('2026-11-28T07:00:00Z');
      expect(saml.text('/saml:Assertion/saml:Conditions/saml:AudienceRestrictionCondition/saml:Audience')).to.equal(
        'https://sp.example.com/service',
      );
    });

    it('writes times in UTC with whole seconds', async () => {
      const saml = readAssertion(
        await issue({
          issuedAt: new Date('2026-11-28T06:00:00.999Z'),
          authnInstant: new Date('2026-11-28T05:59:58.5Z'),
          notBefore: new Date('2026-11-28T06:00:00.7Z'),
        }),
      );
      expect(saml.attr('/saml:Assertion', 'IssueInstant')).to.equal('2026-11-28T06:00:00Z');
      expect(saml.attr('//saml:AuthenticationStatement', 'AuthenticationInstant')).to.equal('2026-11-28T05:59:58Z');
      expect(saml.attr('//saml:Conditions', 'NotBefore')).to.equal('2026-11-28T06:00:00Z');
    });

    it('states the authentication method and instant for the subject', () => {
      const saml = readAssertion(token.xml!);
      const statement = '/saml:Assertion/saml:AuthenticationStatement';
      expect(saml.attr(statement, 'AuthenticationMethod')).to.equal(AM_PASSWORD);
      expect(saml.attr(statement, 'AuthenticationInstant')).to.equal('2026-11-28T05:59:55Z');
      expect(saml.text(`${statement}/saml:Subject/saml:NameIdentifier`)).to.equal('joe');
      expect(saml.attr(`${statement}/saml:Subject/saml:NameIdentifier`, 'Format')).to.equal(
        'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      );
    });

    it('translates the request\'s authentication context class to a SAML 1.1 method', async () => {
      const method = async (authnContext: string): Promise<string | undefined> =>
        readAssertion(await issue({ authnContext })).attr('//saml:AuthenticationStatement', 'AuthenticationMethod');
      expect(await method('urn:oasis:names:tc:SAML:2.0:ac:classes:X509')).to.equal('urn:oasis:names:tc:SAML:1.0:am:X509-PKI');
      expect(await method('urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified')).to.equal('urn:oasis:names:tc:SAML:1.0:am:unspecified');
    });

    it('names the same subject in the AttributeStatement', () => {
      const saml = readAssertion(token.xml!);
      const subjects = saml.all('/saml:Assertion/*/saml:Subject').map((s) => s.toString());
      expect(subjects).to.have.length(2);
      expect(subjects[1]).to.equal(subjects[0]);
      expect(saml.all('/saml:Assertion/saml:AttributeStatement/*')[0]!.name()).to.equal('Subject');
    });

    it('confirms a bearer subject with the bearer method and no SubjectConfirmationData', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.all('//saml:SubjectConfirmation/saml:ConfirmationMethod').map((m) => m.text())).to.deep.equal([
        'urn:oasis:names:tc:SAML:1.0:cm:bearer',
        'urn:oasis:names:tc:SAML:1.0:cm:bearer',
      ]);
      expect(saml.all('//saml:SubjectConfirmationData')).to.have.length(0);
    });

    it('confirms a sender-vouches subject with the sender-vouches method', async () => {
      const saml = readAssertion(await issue({ subjectConfirmation: 'sender-vouches' }));
      expect(saml.all('//saml:SubjectConfirmation/saml:ConfirmationMethod').map((m) => m.text())).to.deep.equal([
        'urn:oasis:names:tc:SAML:1.0:cm:sender-vouches',
        'urn:oasis:names:tc:SAML:1.0:cm:sender-vouches',
      ]);
      expect(saml.all('//saml:SubjectConfirmationData')).to.have.length(0);
    });

    it('states each attribute with the default namespace and untyped string values, in order', () => {
      const saml = readAssertion(token.xml!);
      const attributes = saml.all('/saml:Assertion/saml:AttributeStatement/saml:Attribute');
      expect(attributes.map((a) => [a.attr('AttributeName')?.value(), a.attr('AttributeNamespace')?.value()])).to.deep.equal([
        ['mail', CLAIMS],
        ['role', CLAIMS],
      ]);
      const values = saml.all('//saml:Attribute[@AttributeName="role"]/saml:AttributeValue');
      expect(values.map((v) => v.text())).to.deep.equal(['admin', 'user']);
      expect(saml.all('//saml:AttributeValue[@xsi:type]')).to.have.length(0);
    });

    it('uses a per-attribute namespace where configured and the default elsewhere', async () => {
      const liveId = 'http://schemas.microsoft.com/LiveID/Federation/2008/05';
      const xml = await issueWith(
        { attributeNamespace: 'urn:default', attributeNamespaces: { ImmutableID: liveId, unused: 'urn:unused' } },
        { attributes: { UPN: ['joe@example.com'], ImmutableID: ['abc='] } },
      );
      const saml = readAssertion(xml);
      expect(saml.all('//saml:Attribute').map((a) => [a.attr('AttributeName')?.value(), a.attr('AttributeNamespace')?.value()])).to.deep.equal([
        ['UPN', 'urn:default'],
        ['ImmutableID', liveId],
      ]);
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    it('gives an attribute named like an Object property the default namespace', async () => {
      const saml = readAssertion(await issue({ attributes: { constructor: ['x'], toString: ['y'] } }));
      expect(saml.all('//saml:Attribute').map((a) => a.attr('AttributeNamespace')?.value())).to.deep.equal([CLAIMS, CLAIMS]);
    });

    it('leaves out an attribute with no values, which SAML 1.1 cannot express', async () => {
      const saml = readAssertion(await issue({ attributes: { empty: [], role: ['admin'] } }));
      expect(saml.all('//saml:Attribute').map((a) => a.attr('AttributeName')?.value())).to.deep.equal(['role']);
    });

    it('has no AttributeStatement when there are no attributes', async () => {
      const xml = await issue({ attributes: {} });
      const saml = readAssertion(xml);
      expect(saml.all('//saml:AttributeStatement')).to.have.length(0);
      expect(saml.root.namespaces(true).map((n) => n.prefix())).to.deep.equal(['saml']);
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    it('has no AttributeStatement when every attribute is empty', async () => {
      const saml = readAssertion(await issue({ attributes: { empty: [], other: [] } }));
      expect(saml.all('//saml:AttributeStatement')).to.have.length(0);
    });
  });

  describe('the issued token', () => {
    it('echoes the token type, times and ID, and is referenced by its AssertionID', async () => {
      for (const tokenType of [TokenType.Saml11, TokenType.Saml11Profile]) {
        const issued = await generator.issue(issueRequest({ tokenType }));
        expect(issued.tokenType).to.equal(tokenType);
        expect(issued.created).to.deep.equal(T0);
        expect(issued.expires).to.deep.equal(issueRequest().notOnOrAfter);
        expect(issued.reference).to.deep.equal({
          tokenType: TokenType.Saml11Profile,
          valueType: ValueType.Saml11Id,
          keyIdentifier: issued.id,
        });
      }
    });

    it('refuses a lifetime that is empty at whole-second precision', async () => {
      const request = issueRequest({ notOnOrAfter: new Date(T0.getTime() + 999) });
      const error = await generator.issue(request).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidTimeRangeError);
    });

    it('refuses a lifetime that is already over', async () => {
      const request = issueRequest({ notBefore: new Date(T0.getTime() - 7_200_000), notOnOrAfter: T0 });
      const error = await generator.issue(request).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidTimeRangeError);
    });
  });
});

/**
 * xmlsec1 reached a verdict and it was FAIL (exit 1 alone would also cover a key that failed to load, which
 * would make a negative test pass for the wrong reason).
 */
function expectVerificationFailure(result: XmlsecResult): void {
  expect(result.verdict, result.output).to.equal('FAIL');
}
