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
import { readXml, signWithKeyValue, xmlCryptoVerify } from '@sts/sdk/testing/xml';
import definition from '../src/index.js';
import { buildAssertion } from '../src/build-assertion.js';
import { configure, createGenerator, issueRequest, readAssertion, T0, validateAssertion, verifyAssertion } from './helpers/fixtures.js';

const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

describe('saml20-generator', () => {
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

  describe('the plug-in definition', () => {
    it('is a branded token generator for both SAML 2.0 token types and the saml2-bearer grant', () => {
      expect(pluginBrand(definition)).to.deep.equal({ kind: 'token-generator', apiVersion: 1 });
      expect(definition.id).to.equal('saml20-generator');
      expect(definition.tokenTypes).to.deep.equal([TokenType.Saml20, TokenType.Saml20Profile, TokenType.Saml2BearerGrant]);
      expect(Object.keys(definition.deps)).to.have.members(['signer', 'clock']);
    });

    it('applies the config defaults', () => {
      expect(configure({})).to.deep.equal({ attributeNameFormat: BASIC, includeCertificate: true });
    });

    it('rejects unknown config keys', () => {
      expect(() => configure({ includeCertificates: false })).to.throw(/additional properties/);
    });

    it('rejects a config value of the wrong type', () => {
      expect(() => configure({ includeCertificate: 'yes' })).to.throw(/boolean/);
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

    it('fails with another key\'s certificate', () => {
      expectVerificationFailure(verifyAssertion(token.xml!, otherKey.certificatePem));
    });

    it('fails for a forgery re-signed with another key that carries its own ds:KeyValue', () => {
      const forged = signWithKeyValue({
        xml: buildAssertion(issueRequest({ subject: { name: 'admin', format: issueRequest().subject.format } }), {
          id: '_forged',
          attributeNameFormat: BASIC,
        }),
        idAttribute: 'ID',
        location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
        key: otherKey,
      });
      // The forgery is otherwise perfect: unpinned, xmlsec1 takes the key from the document and accepts it.
      const unpinned = withTempDir({ 'cert.pem': key.certificatePem, 'token.xml': forged }, (dir) =>
        runTool('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), '--id-attr:ID', `${NS.saml2}:Assertion`, join(dir, 'token.xml')]),
      );
      expect(unpinned.status, unpinned.output).to.equal(0);
      expectVerificationFailure(verifyAssertion(forged, key.certificatePem));
    });

    it('verifies without KeyInfo when the config leaves the certificate out', async () => {
      const bare = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])), { includeCertificate: false });
      const xml = (await bare.issue(issueRequest())).xml!;
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

    it('also verifies with xml-crypto against the certificate alone', () => {
      expect(xmlCryptoVerify(token.xml!, key.certificatePem)).to.equal(true);
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

    it('fails for a twin without the required Version attribute', () => {
      const twin = token.xml!.replace(' Version="2.0"', '');
      expect(twin).not.to.equal(token.xml);
      const result = validateAssertion(twin);
      // 3 is xmllint's "validation error"; a schema that failed to load would exit with 4 or 5.
      expect(result.status, result.output).to.equal(3);
      expect(result.output).to.include("The attribute 'Version' is required but missing");
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
        authnContext: `urn:ac:${tricky}`,
      });
      const saml = readAssertion(xml);
      expect(saml.text('/saml:Assertion/saml:Issuer')).to.equal(`issuer ${tricky}`);
      expect(saml.text('//saml:NameID')).to.equal(`name ${tricky}`);
      expect(saml.attr('//saml:NameID', 'Format')).to.equal(`urn:format:${tricky}`);
      expect(saml.text('//saml:Audience')).to.equal(`urn:sp:${tricky}`);
      expect(saml.attr('//saml:SubjectConfirmationData', 'Recipient')).to.equal(`urn:sp:${tricky}`);
      expect(saml.text('//saml:AuthnContextClassRef')).to.equal(`urn:ac:${tricky}`);
      expect(saml.attr('//saml:Attribute', 'Name')).to.equal(`attr ${tricky}`);
      expect(saml.all('//saml:AttributeValue').map((v) => v.text())).to.deep.equal([tricky, ']]>', '<![CDATA[x]]>']);
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });

    it('keeps tabs and line feeds in attribute values and text', async () => {
      const xml = await issue({ appliesTo: 'urn:a\tb\nc', attributes: { note: ['line 1\nline 2\tend'] } });
      const saml = readAssertion(xml);
      expect(saml.attr('//saml:SubjectConfirmationData', 'Recipient')).to.equal('urn:a\tb\nc');
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
  });

  describe('the assertion', () => {
    it('is a SAML 2.0 Assertion with a fresh NCName ID, Version and IssueInstant', async () => {
      const saml = readAssertion(token.xml!);
      expect(saml.root.name()).to.equal('Assertion');
      expect(saml.root.namespace()?.href()).to.equal(NS.saml2);
      expect(saml.attr('/saml:Assertion', 'ID')).to.equal(token.id).and.match(/^_[0-9a-f]{40}$/);
      expect(saml.attr('/saml:Assertion', 'Version')).to.equal('2.0');
      expect(saml.attr('/saml:Assertion', 'IssueInstant')).to.equal('2026-11-28T06:00:00Z');
      const again = await generator.issue(issueRequest());
      expect(again.id).not.to.equal(token.id);
    });

    it('declares its saml namespace on the Assertion itself, and no other', () => {
      const declared = readAssertion(token.xml!).root.namespaces(true).map((n) => [n.prefix(), n.href()]);
      expect(declared).to.deep.equal([['saml', NS.saml2]]);
    });

    it('puts the signature right after Issuer, with one Reference to #ID', () => {
      const saml = readAssertion(token.xml!);
      const children = saml.root.childNodes().filter((n) => n.type() === 'element') as ReturnType<typeof saml.one>[];
      expect(children.map((c) => c.name())).to.deep.equal([
        'Issuer', 'Signature', 'Subject', 'Conditions', 'AuthnStatement', 'AttributeStatement',
      ]);
      expect(children[1]!.namespace()?.href()).to.equal(NS.ds);
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

    it('carries the signing certificate in KeyInfo by default', () => {
      expect(readAssertion(token.xml!).text('//ds:KeyInfo/ds:X509Data/ds:X509Certificate')).to.equal(key.certificateChain[0]);
    });

    it('names the subject with its format', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.text('/saml:Assertion/saml:Subject/saml:NameID')).to.equal('joe');
      expect(saml.attr('//saml:NameID', 'Format')).to.equal('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
    });

    it('confirms a bearer subject with NotOnOrAfter and the audience as Recipient', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.attr('//saml:SubjectConfirmation', 'Method')).to.equal('urn:oasis:names:tc:SAML:2.0:cm:bearer');
      expect(saml.attr('//saml:SubjectConfirmation/saml:SubjectConfirmationData', 'NotOnOrAfter')).to.equal('2026-11-28T07:00:00Z');
      expect(saml.attr('//saml:SubjectConfirmationData', 'Recipient')).to.equal('https://sp.example.com/service');
    });

    it('issues an RFC 7522 grant assertion with bearer confirmation whose Recipient and Audience are the AppliesTo', async () => {
      const endpoint = 'https://as.example.com/as/token.oauth2';
      const saml = readAssertion(await issue({ tokenType: TokenType.Saml2BearerGrant, appliesTo: endpoint }));
      expect(saml.attr('//saml:SubjectConfirmation', 'Method')).to.equal('urn:oasis:names:tc:SAML:2.0:cm:bearer');
      expect(saml.attr('//saml:SubjectConfirmationData', 'Recipient')).to.equal(endpoint);
    });

    it('refuses an RFC 7522 grant assertion with sender-vouches', async () => {
      const grant = await issue({ tokenType: TokenType.Saml2BearerGrant, subjectConfirmation: 'sender-vouches' }).then(() => undefined, (e: unknown) => e);
      expect(grant).to.be.instanceOf(RequestFailedError);
    });

    it('records an actor as the Delegate of a delegation Condition (OASIS SAML V2.0 Condition for Delegation Restriction), signed with its prefixes', async () => {
      const xml = await issue({ actor: { subject: 'svc', issuer: 'urn:x' } });
      const saml = readXml(xml, { saml: NS.saml2, del: 'urn:oasis:names:tc:SAML:2.0:conditions:delegation', ds: NS.ds });
      expect(saml.attr('/saml:Assertion/saml:Conditions/saml:Condition', 'type')).to.equal('del:DelegationRestrictionType');
      expect(saml.text('/saml:Assertion/saml:Conditions/saml:Condition/del:Delegate/saml:NameID')).to.equal('svc');
      expect(saml.attr('//del:Delegate', 'DelegationInstant')).to.equal('2026-11-28T06:00:00Z');
      expect(saml.text('/saml:Assertion/saml:Subject/saml:NameID')).to.not.equal('svc');
      expect(xml).to.include('PrefixList="del"');
      expect(xml).to.include(`<saml:Condition xmlns:del="urn:oasis:names:tc:SAML:2.0:conditions:delegation" xmlns:xsi="${NS.xsi}" xsi:type=`);
      const result = verifyAssertion(xml, key.certificatePem);
      expect(result.verdict, result.output).to.equal('OK');
      expect(readAssertion(await issue()).all('//saml:Condition')).to.have.length(0);
    });

    it('confirms a sender-vouches subject without SubjectConfirmationData', async () => {
      const saml = readAssertion(await issue({ subjectConfirmation: 'sender-vouches' }));
      expect(saml.attr('//saml:SubjectConfirmation', 'Method')).to.equal('urn:oasis:names:tc:SAML:2.0:cm:sender-vouches');
      expect(saml.all('//saml:SubjectConfirmationData')).to.have.length(0);
    });

    it('limits validity with NotBefore, NotOnOrAfter and the audience', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.attr('/saml:Assertion/saml:Conditions', 'NotBefore')).to.equal('2026-11-28T06:00:00Z');
      expect(saml.attr('/saml:Assertion/saml:Conditions', 'NotOnOrAfter')).to.equal('2026-11-28T07:00:00Z');
      expect(saml.text('//saml:Conditions/saml:AudienceRestriction/saml:Audience')).to.equal('https://sp.example.com/service');
    });

    it('writes times in UTC with whole seconds', async () => {
      const saml = readAssertion(await issue({ issuedAt: new Date('2026-11-28T06:00:00.999Z'), authnInstant: new Date('2026-11-28T05:59:58.5Z') }));
      expect(saml.attr('/saml:Assertion', 'IssueInstant')).to.equal('2026-11-28T06:00:00Z');
      expect(saml.attr('//saml:AuthnStatement', 'AuthnInstant')).to.equal('2026-11-28T05:59:58Z');
    });

    it('states the authentication instant and context class', () => {
      const saml = readAssertion(token.xml!);
      expect(saml.attr('/saml:Assertion/saml:AuthnStatement', 'AuthnInstant')).to.equal('2026-11-28T05:59:55Z');
      expect(saml.text('//saml:AuthnStatement/saml:AuthnContext/saml:AuthnContextClassRef')).to.equal(
        'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      );
    });

    it('states each attribute with its name format and untyped string values, in order', () => {
      const saml = readAssertion(token.xml!);
      const attributes = saml.all('/saml:Assertion/saml:AttributeStatement/saml:Attribute');
      expect(attributes.map((a) => [a.attr('Name')?.value(), a.attr('NameFormat')?.value()])).to.deep.equal([
        ['mail', BASIC],
        ['role', BASIC],
      ]);
      const values = saml.all('//saml:Attribute[@Name="role"]/saml:AttributeValue');
      expect(values.map((v) => v.text())).to.deep.equal(['admin', 'user']);
      // No xsi:type: a QName in an attribute value would leave its prefix's declaration unsigned (exc-c14n).
      expect(values.map((v) => v.attrs().length)).to.deep.equal([0, 0]);
    });

    it('uses the configured attribute name format', async () => {
      const uri = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
      const custom = await createGenerator(new CanonicalXmlSigner(new StaticSigningKeys([key])), { attributeNameFormat: uri });
      const saml = readAssertion((await custom.issue(issueRequest())).xml!);
      expect(saml.all('//saml:Attribute').map((a) => a.attr('NameFormat')?.value())).to.deep.equal([uri, uri]);
    });

    it('keeps an attribute with no values, without AttributeValue', async () => {
      const saml = readAssertion(await issue({ attributes: { empty: [] } }));
      expect(saml.attr('//saml:Attribute', 'Name')).to.equal('empty');
      expect(saml.all('//saml:AttributeValue')).to.have.length(0);
    });

    it('has no AttributeStatement when there are no attributes', async () => {
      const xml = await issue({ attributes: {} });
      const saml = readAssertion(xml);
      expect(saml.all('//saml:AttributeStatement')).to.have.length(0);
      expect(saml.root.namespaces(true).map((n) => n.prefix())).to.deep.equal(['saml']);
      expect(verifyAssertion(xml, key.certificatePem).status).to.equal(0);
    });
  });

  describe('the issued token', () => {
    it('echoes the token type, times and ID, and is referenced by its assertion ID', async () => {
      const issued = await generator.issue(issueRequest({ tokenType: TokenType.Saml20Profile }));
      expect(issued.tokenType).to.equal(TokenType.Saml20Profile);
      expect(issued.created).to.deep.equal(T0);
      expect(issued.expires).to.deep.equal(issueRequest().notOnOrAfter);
      expect(issued.reference).to.deep.equal({
        tokenType: TokenType.Saml20Profile,
        valueType: ValueType.Saml20Id,
        keyIdentifier: issued.id,
      });
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
