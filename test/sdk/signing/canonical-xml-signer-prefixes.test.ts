/**
 * CanonicalXmlSigner with an InclusiveNamespaces PrefixList (Exclusive XML Canonicalization section 3): a prefix
 * used only inside an attribute value (an xsi:type QName) is signed where it is declared, the list sits on the
 * exc-c14n transform only, and the result passes our own SAML signature policy and verifier.
 */
import { expect } from 'chai';
import { createTestSigningKeys } from '@sts/sdk/testing';
import {
  checkSignatureStructure,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  NS,
  SAML_SIGNATURE_PROFILE,
  verifySignedXml,
  CanonicalXmlSigner,
} from '@sts/sdk/xml';
import { replaceOnce, signatureIn } from './signing-fixtures.js';
import { elementsNamed } from '../../helpers/elements-named.js';

const TYPE_NS = 'urn:example:types';

/** An assertion-like token whose Condition names its type by a QName in xsi:type (the `t` prefix is used only there and on a child). */
const TOKEN =
  `<saml:Assertion xmlns:saml="${NS.saml2}" ID="_t1" Version="2.0" IssueInstant="2026-11-28T06:00:00Z">` +
  '<saml:Issuer>https://sts.example.com</saml:Issuer>' +
  `<saml:Conditions><saml:Condition xmlns:t="${TYPE_NS}" xmlns:xsi="${NS.xsi}" xsi:type="t:Restriction"><t:Who>joe</t:Who></saml:Condition></saml:Conditions>` +
  '</saml:Assertion>';

describe('CanonicalXmlSigner with inclusive namespace prefixes', () => {
  let keys: Awaited<ReturnType<typeof createTestSigningKeys>>;
  before(async () => {
    keys = await createTestSigningKeys('prefix-key');
  });

  const signToken = (prefixes?: readonly string[]) =>
    new CanonicalXmlSigner(keys).signEnveloped({
      xml: TOKEN,
      idAttribute: 'ID',
      location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
      ...(prefixes === undefined ? {} : { inclusiveNamespacePrefixes: prefixes }),
    });
  const verify = (xml: string) => verifySignedXml(xml, signatureIn(xml).signature, keys.get().publicKey, ['ID']);

  /** The Condition's `t` binding moved to another namespace while the child keeps the old one: the canonical child is unchanged. */
  const moveBinding = (xml: string) =>
    replaceOnce(
      replaceOnce(xml, `<saml:Condition xmlns:t="${TYPE_NS}"`, '<saml:Condition xmlns:t="urn:example:evil"'),
      '<t:Who>',
      `<t:Who xmlns:t="${TYPE_NS}">`,
    );

  it('puts the PrefixList on the exc-c14n transform only, in a shape our SAML signature policy accepts', () => {
    const signed = signToken(['t', 'xsi']);
    const structure = checkSignatureStructure(signatureIn(signed).signature, SAML_SIGNATURE_PROFILE);
    expect(structure.references[0]!.transforms).to.deep.equal([ENVELOPED_SIGNATURE, EXC_C14N]);
    const transforms = elementsNamed(signatureIn(signed).doc, NS.ds, 'Transform');
    expect(transforms.map((t) => t.childNodes().length)).to.deep.equal([0, 1]);
    expect(signed).to.include('PrefixList="t xsi"');
    // The signed canonical form declares `t` on the Condition, where its xsi:type value uses it.
    expect(verify(signed)[0]).to.include(`<saml:Condition xmlns:t="${TYPE_NS}" xmlns:xsi="${NS.xsi}" xsi:type="t:Restriction">`);
  });

  it('a change of the binding the xsi:type value depends on breaks the signature', () => {
    expect(() => verify(moveBinding(signToken(['t', 'xsi'])))).to.throw();
  });

  it('without the list the binding the value depends on is left out of the token (why the generator names the prefixes)', () => {
    const signed = signToken();
    expect(signed).to.include(`<saml:Condition xmlns:xsi="${NS.xsi}" xsi:type="t:Restriction"><t:Who xmlns:t="${TYPE_NS}">`);
    expect(verify(signed)[0]).to.include(`<saml:Condition xmlns:xsi="${NS.xsi}" xsi:type="t:Restriction">`);
  });

  it('refuses a prefix that is not an NCName', () => {
    expect(() => signToken(['t:x'])).to.throw(TypeError, /not a namespace prefix/);
    expect(() => signToken(['t"'])).to.throw(TypeError, /not a namespace prefix/);
  });
});
