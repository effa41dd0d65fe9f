/**
 * The SAML 2.0 path. Every refusal starts from a valid assertion, freshly signed on the real issue path, and
 * changes one thing; it asserts `InvalidSecurityTokenError` with the specific reason and that nothing was
 * accepted (no replay-cache entry).
 */
import { expect } from 'chai';
import { TokenType, trustedCertificateFromPem, type SigningKey } from '@sts/sdk';
import { createTestSigningKeys, StaticTrustedIssuers, xsDateTimeAtOffset } from '@sts/sdk/testing';
import { DigestAlgorithm, NS, SignatureAlgorithm, XmlRejectedError, el, parseUntrustedXml, xsDateTime } from '@sts/sdk/xml';
import {
  AUDIENCE,
  ISSUER,
  T0,
  at,
  createHarness,
  expectRefused,
  received,
  receivedAsIs,
  saml20Assertion,
  signSaml20,
  trustedIssuers,
  type Harness,
  type Saml20Options,
} from './helpers/fixtures.js';
import { signVariant } from './helpers/sign-variant.js';

const HOK = 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key';
const SENDER_VOUCHES = 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

describe('saml-token-processor, SAML 2.0', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let harness: Harness;

  before(async () => {
    key = (await createTestSigningKeys('idp-key')).get();
    otherKey = (await createTestSigningKeys('other-key')).get();
  });

  beforeEach(async () => {
    harness = await createHarness(trustedIssuers(key));
  });

  /** A freshly signed assertion, with `options` changing one thing before signing. */
  function signed(options: Saml20Options = {}): string {
    return signSaml20(saml20Assertion(options), key);
  }

  /** Replaces exactly one occurrence, so a mutation that matched nothing cannot pass silently. */
  function once(xml: string, search: string, replacement: string): string {
    const index = xml.indexOf(search);
    expect(index, `"${search}" in the fixture`).to.be.greaterThan(-1);
    expect(xml.indexOf(search, index + 1), `"${search}" only once`).to.equal(-1);
    return xml.slice(0, index) + replacement + xml.slice(index + search.length);
  }

  describe('a valid assertion', () => {
    it('returns subject, attributes, authentication, issuer, ID and expiry read from the signed bytes', async () => {
      const result = await harness.processor.process(received(signed()));
      expect(result.subject).to.equal('joe');
      expect({ ...result.attributes }).to.deep.equal({ mail: ['joe@example.com'], role: ['admin', 'user'] });
      expect(result.authnContext).to.equal('urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
      expect(result.authnInstant?.getTime()).to.equal(at(-10).getTime());
      expect(result.issuer).to.equal(ISSUER);
      expect(result.tokenId).to.equal('_a1b2c3');
      expect(result.expires?.getTime()).to.equal(at(300).getTime());
    });

    it('records the bearer assertion ID in the replay cache', async () => {
      await harness.processor.process(received(signed()));
      expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(1);
    });

    it('accepts the WSS SAML Token Profile token type and a Validate target the same way', async () => {
      const token = { ...received(signed(), TokenType.Saml20Profile), source: 'validate-target' as const };
      expect((await harness.processor.process(token)).subject).to.equal('joe');
    });

    it('accepts an audience from the config in addition to the STS identity', async () => {
      const configured = await createHarness(trustedIssuers(key), { audiences: ['urn:partner:alias'] });
      const token = received(signed({ audiences: ['urn:partner:alias'], confirmationData: { NotOnOrAfter: xsDateTime(at(300)) } }));
      expect((await configured.processor.process(token)).subject).to.equal('joe');
    });

    it('accepts RSA-SHA512 with SHA-512 digests', async () => {
      const xml = signVariant(saml20Assertion(), key, { signatureAlgorithm: SignatureAlgorithm.RsaSha512, digestAlgorithm: DigestAlgorithm.Sha512 });
      expect((await harness.processor.process(received(xml))).subject).to.equal('joe');
    });

    it('tries every valid certificate of the issuer (key rollover)', async () => {
      const rolled = await createHarness(trustedIssuers(otherKey, key));
      expect((await rolled.processor.process(received(signed()))).subject).to.equal('joe');
    });

    it('accepts an assertion that ended 59 s ago, within the default 60 s skew', async () => {
      const xml = signed({ notOnOrAfter: at(-59), confirmationData: { NotOnOrAfter: xsDateTime(at(-59)), Recipient: AUDIENCE } });
      expect((await harness.processor.process(received(xml))).subject).to.equal('joe');
    });

    it('accepts an assertion valid from 60 s ahead, within the skew', async () => {
      expect((await harness.processor.process(received(signed({ notBefore: at(60) })))).subject).to.equal('joe');
    });

    it('accepts sender-vouches when the config allows it', async () => {
      const allowing = await createHarness(trustedIssuers(key), { allowSenderVouches: true });
      const xml = signed({ method: SENDER_VOUCHES, confirmationData: null });
      expect((await allowing.processor.process(received(xml))).subject).to.equal('joe');
      // Not a bearer assertion: nothing to cache unless OneTimeUse says so.
      expect(await allowing.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(0);
    });

    it('keeps an attribute named __proto__ as data in a prototype-less record', async () => {
      // fromEntries makes own properties; a literal `__proto__:` would set the prototype instead.
      const attributes = Object.fromEntries([['__proto__', ['x']], ['constructor', ['y']]]) as Record<string, string[]>;
      const result = await harness.processor.process(received(signed({ attributes })));
      expect(Object.getPrototypeOf(result.attributes)).to.equal(null);
      expect(Object.hasOwn(result.attributes, '__proto__')).to.equal(true);
      expect(result.attributes['__proto__']).to.deep.equal(['x']);
      expect(result.attributes['constructor']).to.deep.equal(['y']);
    });
  });

  describe('time', () => {
    it('refuses an expired assertion', async () => {
      await expectRefused(harness, received(signed({ notOnOrAfter: at(-60) })), /expired \(NotOnOrAfter\)/);
    });

    it('refuses an assertion that is not yet valid', async () => {
      await expectRefused(harness, received(signed({ notBefore: at(61) })), /not yet valid/);
    });

    it('refuses an IssueInstant beyond the skew in the future', async () => {
      await expectRefused(harness, received(signed({ issueInstant: at(61) })), /IssueInstant is in the future/);
    });

    it('refuses an assertion without NotOnOrAfter (no maximum-age fallback)', async () => {
      await expectRefused(harness, received(signed({ notOnOrAfter: null })), /no NotOnOrAfter/);
    });

    it('refuses an AuthnInstant beyond the skew in the future', async () => {
      await expectRefused(harness, received(signed({ authnInstant: at(61) })), /authentication instant is in the future/);
    });

    it('applies a smaller configured skew', async () => {
      const strict = await createHarness(trustedIssuers(key), { clockSkewSeconds: 0 });
      await expectRefused(strict, received(signed({ notBefore: at(1) })), /not yet valid/);
    });

    it('honours a NotOnOrAfter written with an offset, at the instant it names', async () => {
      const later = xsDateTimeAtOffset(at(300), -300);
      const xml = signSaml20(once(saml20Assertion(), `NotOnOrAfter="${xsDateTime(at(300))}">`, `NotOnOrAfter="${later}">`), key);
      expect(xml).to.include(`NotOnOrAfter="${later}"`);
      const result = await harness.processor.process(received(xml));
      expect(result.expires?.getTime()).to.equal(at(300).getTime());
    });

    it('refuses a NotOnOrAfter that passed a minute ago, written +05:00 (its digits read as Z would lie 5 hours ahead)', async () => {
      const passed = xsDateTimeAtOffset(at(-60), 300);
      await expectRefused(harness, received(signSaml20(once(saml20Assertion({ notOnOrAfter: at(-60) }), `NotOnOrAfter="${xsDateTime(at(-60))}"`, `NotOnOrAfter="${passed}"`), key)), /expired \(NotOnOrAfter\)/);
    });

    it('refuses a time with no zone', async () => {
      const xml = signSaml20(once(saml20Assertion(), `NotBefore="${xsDateTime(at(-120))}"`, `NotBefore="${xsDateTime(at(-120)).slice(0, -1)}"`), key);
      await expectRefused(harness, received(xml), /NotBefore "[^"]+" has no time zone/);
    });

    it('refuses more fractional digits than maxFractionalDigits (default 7)', async () => {
      const xml = signSaml20(once(saml20Assertion(), `NotBefore="${xsDateTime(at(-120))}"`, `NotBefore="${xsDateTime(at(-120)).replace('Z', '.12345678Z')}"`), key);
      await expectRefused(harness, received(xml), /8 fractional-second digits; at most 7/);
      const lenient = await createHarness(trustedIssuers(key), { maxFractionalDigits: 9 });
      expect((await lenient.processor.process(received(xml))).subject).to.equal('joe');
    });
  });

  describe('audience', () => {
    it('refuses an assertion for another audience', async () => {
      await expectRefused(harness, received(signed({ audiences: ['https://other-sp.example.com'] })), /no accepted audience/);
    });

    it('refuses an assertion without AudienceRestriction', async () => {
      await expectRefused(harness, received(signed({ audiences: null })), /no AudienceRestriction/);
    });

    it('refuses when a second AudienceRestriction names only another audience', async () => {
      const second = el('saml:AudienceRestriction', {}, [el('saml:Audience', {}, ['https://other-sp.example.com'])]);
      await expectRefused(harness, received(signed({ extraConditions: [second] })), /no accepted audience/);
    });
  });

  describe('issuer and signature', () => {
    it('refuses an untrusted issuer', async () => {
      await expectRefused(harness, received(signed({ issuer: 'https://evil.example.com' })), /issuer "https:\/\/evil.example.com" is not trusted/);
    });

    it('refuses the right issuer signed by another key', async () => {
      await expectRefused(harness, received(signSaml20(saml20Assertion(), otherKey)), /does not verify with any certificate/);
    });

    it('refuses a forgery that carries the signing certificate in KeyInfo (the key comes from configuration)', async () => {
      const forged = signVariant(saml20Assertion({ subject: 'admin' }), otherKey, {
        keyInfo: `<ds:X509Data><ds:X509Certificate>${otherKey.certificateChain[0]}</ds:X509Certificate></ds:X509Data>`,
      });
      await expectRefused(harness, received(forged), /does not verify with any certificate/);
    });

    it('refuses a tampered attribute value', async () => {
      await expectRefused(harness, received(once(signed(), '>admin<', '>superuser<')), /does not verify/);
    });

    it('refuses a tampered subject', async () => {
      await expectRefused(harness, received(once(signed(), '>joe<', '>admin<')), /does not verify/);
    });

    it('refuses an assertion whose signature was stripped', async () => {
      const stripped = signed().replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
      await expectRefused(harness, received(stripped), /0 Signature and 0 SignedInfo/);
    });

    it('refuses RSA-SHA1', async () => {
      await expectRefused(harness, received(signVariant(saml20Assertion(), key, { signatureAlgorithm: RSA_SHA1 })), /signature-method/);
    });

    it('refuses a SHA-1 digest', async () => {
      await expectRefused(harness, received(signVariant(saml20Assertion(), key, { digestAlgorithm: SHA1 })), /digest-method/);
    });

    it('refuses a second Reference', async () => {
      await expectRefused(harness, received(signVariant(saml20Assertion(), key, { references: ['/*', '/*'] })), /reference: 2 references/);
    });

    it('refuses a Reference to another ID than the assertion\'s', async () => {
      const xml = once(saml20Assertion(), '<saml:Subject>', '<saml:Subject ID="_subject">');
      const partial = signVariant(xml, key, { references: ["//*[local-name(.)='Subject']"] });
      await expectRefused(harness, received(partial), /does not reference the assertion's own ID/, ['_a1b2c3', '_subject']);
    });

    it('refuses an extra transform', async () => {
      const transforms = ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/2001/10/xml-exc-c14n#'];
      await expectRefused(harness, received(signVariant(saml20Assertion(), key, { transforms })), /transform: 3 transforms/);
    });

    it('refuses a ds:Object in the signature', async () => {
      const xml = signVariant(saml20Assertion(), key, { objects: ['<x:Data xmlns:x="urn:x">1</x:Data>'] });
      await expectRefused(harness, received(xml), /forbidden-element/);
    });

    it('refuses a signature moved after Subject', async () => {
      const xml = signed();
      const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
      const moved = once(xml.replace(signature, ''), '</saml:Subject>', `</saml:Subject>${signature}`);
      await expectRefused(harness, received(moved), /not the Assertion child right after saml:Issuer/);
    });

    it('does not use an issuer certificate outside its validity period', async () => {
      const certificate = trustedCertificateFromPem(key.certificatePem);
      const expired = new StaticTrustedIssuers([
        { connectionId: 'idp-1', issuer: ISSUER, certificates: [{ ...certificate, notAfter: at(-1) }] },
      ]);
      await expectRefused(await createHarness(expired), received(signed()), /no certificate of issuer .* is valid now/);
    });

    it('refuses duplicate ID values in the assertion', async () => {
      const xml = once(signed(), '<saml:NameID ', '<saml:NameID xmlns:x="urn:x" x:ID="_a1b2c3" ');
      await expectRefused(harness, received(xml), /appears twice/);
    });

    it('refuses a SAML 1.1 token type for a SAML 2.0 assertion', async () => {
      await expectRefused(harness, received(signed(), TokenType.Saml11), /not a SAML 1.1 Assertion/);
    });

    it('refuses a token type that is not a SAML assertion type', async () => {
      await expectRefused(harness, received(signed(), TokenType.Jwt), /not a SAML assertion type/);
    });
  });

  describe('subject confirmation', () => {
    it('refuses a bearer confirmation without SubjectConfirmationData', async () => {
      await expectRefused(harness, received(signed({ confirmationData: null })), /bearer SubjectConfirmationData has no NotOnOrAfter/);
    });

    it('refuses a bearer SubjectConfirmationData without NotOnOrAfter', async () => {
      await expectRefused(harness, received(signed({ confirmationData: { Recipient: AUDIENCE } })), /has no NotOnOrAfter/);
    });

    it('refuses an expired bearer confirmation', async () => {
      const xml = signed({ confirmationData: { NotOnOrAfter: xsDateTime(at(-60)), Recipient: AUDIENCE } });
      await expectRefused(harness, received(xml), /bearer confirmation has expired/);
    });

    it('refuses a bearer Recipient that is not this STS', async () => {
      const xml = signed({ confirmationData: { NotOnOrAfter: xsDateTime(at(300)), Recipient: 'https://other-sp.example.com/acs' } });
      await expectRefused(harness, received(xml), /Recipient .* is not this STS/);
    });

    it('refuses a bearer SubjectConfirmationData with NotBefore (SAML profiles 4.1.4.2)', async () => {
      const xml = signed({ confirmationData: { NotOnOrAfter: xsDateTime(at(300)), NotBefore: xsDateTime(at(-5)) } });
      await expectRefused(harness, received(xml), /has a NotBefore/);
    });

    it('refuses holder-of-key for use without a message signed by its key (proof of possession)', async () => {
      await expectRefused(harness, received(signed({ method: HOK })), /holder-of-key assertion must come in the Security header of a message signed with its key/);
    });

    it('accepts holder-of-key for a status check only (the asking service had the presenter prove the key)', async () => {
      const result = await harness.processor.process({ ...received(signed({ method: HOK })), purpose: 'status' });
      expect(result.subject).to.equal('joe');
    });

    it('refuses sender-vouches by default', async () => {
      await expectRefused(harness, received(signed({ method: SENDER_VOUCHES, confirmationData: null })), /sender-vouches confirmation is not allowed/);
    });

    it('refuses an unknown confirmation method', async () => {
      await expectRefused(harness, received(signed({ method: 'urn:example:cm:trust-me' })), /unknown subject confirmation method/);
    });
  });

  describe('replay', () => {
    it('refuses a replayed bearer assertion', async () => {
      const token = received(signed());
      await harness.processor.process(token);
      const error = await harness.processor.process(token).catch((e: unknown) => e);
      expect(error).to.have.property('faultCode', 'InvalidSecurityToken');
      expect((error as Error).message).to.match(/already used \(replay\)/);
    });

    it('keeps the ID until NotOnOrAfter plus the skew, and forgets it after', async () => {
      await harness.processor.process(received(signed()));
      harness.clock.advance(300 + 60 - 1);
      expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(1);
      harness.clock.advance(1);
      expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(0);
    });

    it('caches a OneTimeUse sender-vouches assertion as well', async () => {
      const allowing = await createHarness(trustedIssuers(key), { allowSenderVouches: true });
      const token = received(signed({ method: SENDER_VOUCHES, confirmationData: null, extraConditions: [el('saml:OneTimeUse')] }));
      await allowing.processor.process(token);
      await expectRefused(allowing, token, /replay/, []);
    });
  });

  describe('an assertion sent again (its verified reading is kept by its exact text)', () => {
    /** As a relying party asks about a token it holds: a status check consumes nothing, so it may come again. */
    const status = (xml: string, tokenType: string = TokenType.Saml20) => ({ ...received(xml, tokenType), purpose: 'status' as const });

    it('accepts the same assertion again with the same result, and shares nothing a caller could change', async () => {
      const xml = signed();
      const first = await harness.processor.process(status(xml));
      first.authnInstant!.setTime(0);
      const again = await harness.processor.process(status(xml));
      expect(again.authnInstant!.getTime()).to.equal(at(-10).getTime());
      expect({ ...again, authnInstant: undefined }).to.deep.equal({ ...first, authnInstant: undefined });
      expect(Object.isFrozen(again.attributes)).to.equal(true);
    });

    it('refuses a copy with one signed value changed, after the original was accepted', async () => {
      const xml = signed();
      await harness.processor.process(status(xml));
      await expectRefused(harness, status(once(xml, '>admin<', '>superuser<')), /does not verify/);
      expect((await harness.processor.process(status(xml))).subject).to.equal('joe');
    });

    it('refuses it once it has expired: time is checked every time', async () => {
      const xml = signed();
      await harness.processor.process(status(xml));
      harness.clock.advance(300 + 60);
      await expectRefused(harness, status(xml), /expired/);
    });

    it('refuses it once no certificate of its issuer is valid', async () => {
      const certificate = trustedCertificateFromPem(key.certificatePem);
      const expiring = await createHarness(new StaticTrustedIssuers([{ connectionId: 'idp-1', issuer: ISSUER, certificates: [{ ...certificate, notAfter: at(100) }] }]));
      const xml = signed();
      await expiring.processor.process(status(xml));
      expiring.clock.advance(101);
      await expectRefused(expiring, status(xml), /no certificate of issuer .* is valid now/);
    });

    it('refuses it once its issuer is no longer trusted', async () => {
      const connections = [{ connectionId: 'idp-1', issuer: ISSUER, certificates: [trustedCertificateFromPem(key.certificatePem)] }];
      const changing = await createHarness(new StaticTrustedIssuers(connections));
      const xml = signed();
      await changing.processor.process(status(xml));
      connections.length = 0;
      await expectRefused(changing, status(xml), /is not trusted/);
    });

    it('refuses it as a SAML 1.1 token', async () => {
      const xml = signed();
      await harness.processor.process(status(xml));
      await expectRefused(harness, status(xml, TokenType.Saml11), /not a SAML 1.1 Assertion/);
    });

    it('refuses it in a message that reads it differently than it reads on its own', async () => {
      const token = status(signed());
      await harness.processor.process(token);
      const element = { ...token.element!, attributes: { ...token.element!.attributes, ID: '_evil' } };
      await expectRefused(harness, { ...token, element }, /reads differently on its own/);
    });

    it('still records its ID when it is used, and refuses its second use', async () => {
      const xml = signed();
      await harness.processor.process(status(xml));
      expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(0);
      await harness.processor.process(received(xml));
      expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_a1b2c3`)).to.equal(1);
      const error = await harness.processor.process(received(xml)).catch((e: unknown) => e);
      expect((error as Error).message).to.match(/already used \(replay\)/);
    });
  });

  describe('content the processor cannot judge', () => {
    it('refuses a ProxyRestriction', async () => {
      const restriction = el('saml:ProxyRestriction', { Count: '0' });
      await expectRefused(harness, received(signed({ extraConditions: [restriction] })), /ProxyRestriction/);
    });

    it('refuses an extension Condition', async () => {
      const condition = el('saml:Condition', { xmlns: { xsi: NS.xsi, x: 'urn:x' }, 'xsi:type': 'x:Custom' });
      await expectRefused(harness, received(signed({ extraConditions: [condition] })), /extension Condition/);
    });

    it('refuses an AttributeValue holding an element', async () => {
      const xml = signSaml20(once(saml20Assertion(), '>joe@example.com<', '><x:mail xmlns:x="urn:x">joe@example.com</x:mail><'), key);
      await expectRefused(harness, received(xml), /holds an element/);
    });

    it('refuses an Advice (it may carry other assertions)', async () => {
      const xml = signSaml20(once(saml20Assertion(), '<saml:AuthnStatement', '<saml:Advice/><saml:AuthnStatement'), key);
      await expectRefused(harness, received(xml), /unexpected .*Advice/);
    });
  });

  describe('the assertion as the kernel hands it over', () => {
    it('refuses an assertion that uses a prefix declared only on an enclosing element', async () => {
      const xml = once(signed(), ` xmlns:saml="${NS.saml2}"`, '');
      await expectRefused(harness, received(xml, TokenType.Saml20, { saml: NS.saml2 }), /not well-formed on its own/);
    });

    it('refuses an assertion that relies on an inherited default namespace', async () => {
      // Same assertion without prefixes; the default namespace moves from the Assertion to the Security header.
      const unprefixed = signed().replace(/<(\/?)saml:/g, '<$1').replace(` xmlns:saml="${NS.saml2}"`, '');
      const token = received(unprefixed, TokenType.Saml20, { '': NS.saml2 });
      await expectRefused(harness, token, /reads differently on its own/);
    });

    it('refuses a processing instruction in a signed value (already at the byte gate)', async () => {
      const xml = once(signed(), '>joe<', '><?p ad?>min<');
      expect(() => parseUntrustedXml(xml)).to.throw(XmlRejectedError).with.property('code', 'processing-instruction');
      const token = { ...received(signed()), xml };
      await expectRefused(harness, token, /not well-formed on its own/);
    });

    it('refuses a comment that truncates a signed value (already at the byte gate)', async () => {
      const xml = once(signed(), '>joe<', '>joe<!---->.evil<');
      expect(() => parseUntrustedXml(xml)).to.throw(XmlRejectedError).with.property('code', 'comment');
      await expectRefused(harness, { ...received(signed()), xml }, /not well-formed on its own/);
    });

    it('refuses a token without XML form', async () => {
      await expectRefused(harness, { ...received(signed()), xml: undefined }, /no XML form/);
    });

    it('refuses a token whose root is not an Assertion', async () => {
      await expectRefused(harness, receivedAsIs(`<x:Token xmlns:x="urn:x">${signed()}</x:Token>`), /not a SAML 2.0 Assertion/);
    });
  });

  it('reads the time only from the clock service', async () => {
    harness.clock.set(new Date(T0.getTime() + 3_600_000));
    await expectRefused(harness, received(signed()), /expired/);
  });
});
