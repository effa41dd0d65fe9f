/**
 * Parses the assertion the kernel found, on its own, exactly as the signature will be checked.
 *
 * A signature covers exact bytes (after canonicalization), so the processor verifies `token.xml`, the
 * serialization of the element, rather than a rebuild from `token.element`. That serialization holds only the
 * namespace declarations written on the Assertion and below it, never those of the envelope around it:
 *
 * - an assertion using a prefix declared only on an ancestor does not parse on its own (unbound prefix) and is
 *   refused;
 * - an assertion relying on an inherited default namespace still parses, but reads differently; it is refused
 *   because its standalone reading must equal the kernel's reading (`token.element`) node for node.
 *
 * Our own generators, AD FS, PingFederate and the WSS SAML Token Profile examples all declare the SAML
 * namespace on the Assertion element, so neither case happens for tokens issued to be cut out of a message.
 * The standalone text goes through the same byte gate and strict parse as any untrusted input.
 */
import { InvalidSecurityTokenError, type ReceivedToken } from '@sts/sdk';
import { gateXmlBytes, parseStrictXml, toElementData, type XmlDocument, type XmlElementData } from '@sts/sdk/xml';
import { sameElementData } from './same-element-data.js';
import type { SamlVersion } from './saml-version.js';

/** The standalone parse of the assertion. */
export interface StandaloneAssertion {
  /** The exact text that was parsed (as the byte gate returned it): what the signature is verified over. */
  readonly xml: string;
  readonly doc: XmlDocument;
  /** The root (the Assertion) as plain data. */
  readonly data: XmlElementData;
}

/** Parses `token.xml` on its own; throws `InvalidSecurityTokenError` unless it is one Assertion of `version`. */
export function parseStandaloneAssertion(token: ReceivedToken, version: SamlVersion): StandaloneAssertion {
  if (typeof token.xml !== 'string' || token.xml.length === 0) throw new InvalidSecurityTokenError('the SAML token has no XML form');
  let xml: string;
  let doc: XmlDocument;
  let data: XmlElementData;
  try {
    // The gated text, not token.xml, goes on to the signature check: it verifies the text this tree was parsed from.
    xml = gateXmlBytes(token.xml);
    doc = parseStrictXml(xml);
    data = toElementData(doc.root()!);
  } catch (error) {
    throw new InvalidSecurityTokenError(
      `the assertion is not well-formed on its own (a namespace declared only outside the Assertion?): ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (token.element !== undefined && !sameElementData(data, token.element)) {
    throw new InvalidSecurityTokenError('the assertion reads differently on its own than inside the message (inherited namespace declaration)');
  }
  if (data.namespaceUri !== version.namespaceUri || data.localName !== 'Assertion') {
    throw new InvalidSecurityTokenError(
      `the token is {${data.namespaceUri}}${data.localName}, not a SAML ${version.name} Assertion`,
    );
  }
  return { xml, doc, data };
}
