/**
 * The SAML 1.1 path: the same rules with SAML 1.1 names (AssertionID, the Issuer attribute,
 * AudienceRestrictionCondition, a Subject in every statement, ConfirmationMethod). Each refusal starts from a
 * valid, freshly signed assertion and changes one thing.
 */
import { expect } from 'chai';
import { TokenType, type SigningKey } from '@sts/sdk';
import { createTestSigningKeys } from '@sts/sdk/testing';
import {
  ISSUER,
  at,
  createHarness,
  expectRefused,
  received,
  saml11Assertion,
  signSaml11,
  trustedIssuers,
  type Harness,
  type Saml11Options,
} from './helpers/fixtures.js';

describe('saml-token-processor, SAML 1.1', () => {
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

  function signed(options: Saml11Options = {}): string {
    return signSaml11(saml11Assertion(options), key);
  }

  function token(xml: string): ReturnType<typeof received> {
    return received(xml, TokenType.Saml11);
  }

  it('accepts a valid assertion and reads subject, attributes and authentication from the signed bytes', async () => {
    const result = await harness.processor.process(token(signed()));
    expect(result.subject).to.equal('joe');
    expect({ ...result.attributes }).to.deep.equal({ mail: ['joe@example.com'], role: ['admin', 'user'] });
    expect(result.authnContext).to.equal('urn:oasis:names:tc:SAML:1.0:am:password');
    expect(result.authnInstant?.getTime()).to.equal(at(-10).getTime());
    expect(result).to.include({ issuer: ISSUER, tokenId: '_s11a1' });
    expect(result.expires?.getTime()).to.equal(at(300).getTime());
    expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000_s11a1`)).to.equal(1);
  });

  it('accepts the WSS SAML Token Profile 1.1 token type', async () => {
    expect((await harness.processor.process(received(signed(), TokenType.Saml11Profile))).subject).to.equal('joe');
  });

  it('refuses an expired assertion', async () => {
    await expectRefused(harness, token(signed({ notOnOrAfter: at(-60) })), /expired/);
  });

  it('refuses a tampered attribute value', async () => {
    const xml = signed();
    await expectRefused(harness, token(xml.replace('>admin<', '>superuser<')), /does not verify/);
  });

  it('refuses a wrong audience', async () => {
    await expectRefused(harness, token(signed({ audiences: ['https://other-sp.example.com'] })), /no accepted audience/);
  });

  it('refuses the right issuer signed by another key', async () => {
    await expectRefused(harness, token(signSaml11(saml11Assertion(), otherKey)), /does not verify with any certificate/);
  });

  it('refuses an untrusted issuer', async () => {
    await expectRefused(harness, token(signed({ issuer: 'https://evil.example.com' })), /not trusted/);
  });

  it('refuses holder-of-key', async () => {
    await expectRefused(harness, token(signed({ method: 'urn:oasis:names:tc:SAML:1.0:cm:holder-of-key' })), /holder-of-key/);
  });

  it('refuses a replayed bearer assertion', async () => {
    await harness.processor.process(token(signed()));
    await expectRefused(harness, token(signed()), /replay/, []);
  });

  it('refuses statements that name different subjects', async () => {
    const xml = saml11Assertion();
    const second = xml.lastIndexOf('>joe<');
    const changed = `${xml.slice(0, second)}>admin<${xml.slice(second + 5)}`;
    await expectRefused(harness, token(signSaml11(changed, key)), /different subjects/);
  });

  it('refuses an attribute name under two AttributeNamespaces', async () => {
    const xml = saml11Assertion().replace(
      '</saml:AttributeStatement>',
      '<saml:Attribute AttributeName="role" AttributeNamespace="urn:other"><saml:AttributeValue>x</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>',
    );
    await expectRefused(harness, token(signSaml11(xml, key)), /two AttributeNamespaces/);
  });

  it('refuses a signature that is not the last child', async () => {
    const xml = signed();
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    const moved = xml.replace(signature, '').replace('<saml:Conditions', `${signature}<saml:Conditions`);
    await expectRefused(harness, token(moved), /not the last child/);
  });

  it('refuses a SAML 1.1 assertion presented as SAML 2.0', async () => {
    await expectRefused(harness, received(signed(), TokenType.Saml20), /not a SAML 2.0 Assertion/);
  });
});
