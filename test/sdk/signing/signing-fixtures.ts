/**
 * Inputs for the signature-policy tests: a SAML-like assertion and a WS-Security-like SOAP message, signed with
 * xml-crypto directly so that each test can choose the one algorithm, reference or transform it changes.
 */
import type { KeyObject } from 'node:crypto';
import { expect } from 'chai';
import { SignedXml } from 'xml-crypto';
import {
  DigestAlgorithm,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  NS,
  SignatureAlgorithm,
  SignatureRejectedError,
  parseUntrustedXml,
} from '@sts/sdk/xml';
import type { SignatureRejectionCode, XmlDocument, XmlDomElement } from '@sts/sdk/xml';
import { elementsNamed } from '../../helpers/elements-named.js';

/** An unsigned assertion whose ID the one Reference points at; the signature goes after Issuer. */
export function assertionXml(id = '_a1', role = 'admin'): string {
  return (
    `<saml:Assertion xmlns:saml="${NS.saml2}" ID="${id}" Version="2.0" IssueInstant="2026-11-28T06:00:00Z">` +
    '<saml:Issuer>https://idp.example.com</saml:Issuer>' +
    '<saml:Subject><saml:NameID>joe</saml:NameID></saml:Subject>' +
    `<saml:AttributeStatement><saml:Attribute Name="role"><saml:AttributeValue>${role}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>` +
    '</saml:Assertion>'
  );
}

/** A SOAP 1.2 message whose Body (wsu:Id) is signed from the Security header, with an STR in KeyInfo. */
export const SOAP_MESSAGE =
  `<s:Envelope xmlns:s="${NS.soap12}" xmlns:wsu="${NS.wsu}">` +
  `<s:Header><wsse:Security xmlns:wsse="${NS.wsse}">` +
  '<wsse:BinarySecurityToken wsu:Id="_bst">AAAA</wsse:BinarySecurityToken>' +
  '</wsse:Security></s:Header>' +
  '<s:Body wsu:Id="_body"><m:Hello xmlns:m="urn:example:m">world</m:Hello></s:Body>' +
  '</s:Envelope>';

/** What a test may change in the signature it builds; the defaults are the shape the SAML profile accepts. */
export interface SignOptions {
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  readonly canonicalizationAlgorithm?: string;
  readonly transforms?: readonly string[];
  /** XPaths of the referenced elements (default: the root). */
  readonly references?: readonly string[];
  readonly idAttribute?: string;
  /** KeyInfo content; null leaves KeyInfo out. */
  readonly keyInfo?: string | null;
  readonly objects?: readonly { readonly content: string }[];
  /** The PrefixList xml-crypto puts in SignedInfo's CanonicalizationMethod (none by default). */
  readonly signedInfoPrefixList?: readonly string[];
  /** Where the signature goes (default: after the root's first child). */
  readonly location?: { readonly reference: string; readonly action: 'append' | 'prepend' | 'before' | 'after' };
}

/** Signs `xml` with xml-crypto and the given private key. */
export function sign(xml: string, privateKey: KeyObject, options: SignOptions = {}): string {
  const signer = new SignedXml({
    privateKey,
    signatureAlgorithm: options.signatureAlgorithm ?? SignatureAlgorithm.RsaSha256,
    canonicalizationAlgorithm: options.canonicalizationAlgorithm ?? EXC_C14N,
    getKeyInfoContent: options.keyInfo === null ? SignedXml.noop : () => options.keyInfo ?? null,
    ...(options.objects ? { objects: options.objects.map((o) => ({ content: o.content })) } : {}),
    ...(options.signedInfoPrefixList ? { inclusiveNamespacesPrefixList: [...options.signedInfoPrefixList] } : {}),
  });
  signer.idAttributes = [options.idAttribute ?? 'ID'];
  for (const xpath of options.references ?? ['/*']) {
    signer.addReference({
      xpath,
      transforms: [...(options.transforms ?? [ENVELOPED_SIGNATURE, EXC_C14N])],
      digestAlgorithm: options.digestAlgorithm ?? DigestAlgorithm.Sha256,
    });
  }
  signer.computeSignature(xml, { prefix: 'ds', location: options.location ?? { reference: '/*/*[1]', action: 'after' } });
  return signer.getSignedXml();
}

/** The strictly parsed document and its first ds:Signature in document order. */
export function signatureIn(xml: string): { readonly doc: XmlDocument; readonly signature: XmlDomElement } {
  const doc = parseUntrustedXml(xml);
  const signature = elementsNamed(doc, NS.ds, 'Signature')[0];
  if (!signature) throw new Error('no ds:Signature in the test document');
  return { doc, signature };
}

/** Replaces exactly one occurrence of `search`, so a mutation that silently matched nothing fails the test. */
export function replaceOnce(xml: string, search: string, replacement: string): string {
  const index = xml.indexOf(search);
  expect(index, `"${search}" in the fixture`).to.be.greaterThan(-1);
  expect(xml.indexOf(search, index + 1), `"${search}" only once`).to.equal(-1);
  return xml.slice(0, index) + replacement + xml.slice(index + search.length);
}

/** Runs `action` and returns the SignatureRejectedError it throws, failing the test for anything else. */
export function rejection(action: () => unknown, code: SignatureRejectionCode): SignatureRejectedError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'a SignatureRejectedError').to.be.instanceOf(SignatureRejectedError);
  expect((thrown as SignatureRejectedError).code, (thrown as Error).message).to.equal(code);
  return thrown as SignatureRejectedError;
}
