/**
 * `@sts/sdk/xml`: the XML toolkit shared by the kernel, the plug-ins and the client: namespaces, an escaping
 * builder, the byte gate and strict parser for untrusted input, and the plain-data element form.
 * @public
 */
export { NS, UsernameTokenUri } from './namespaces.js';
export { el, raw, escapeText, escapeAttribute, XmlNode, RawXml } from './xml-builder.js';
export type { XmlChild, XmlAttributes } from './xml-builder.js';
export { attributeKey, childElements, attributeValue } from './xml-element-data.js';
export type { XmlElementData } from './xml-element-data.js';
export { XmlRejectedError } from './xml-rejected-error.js';
export type { XmlRejectionCode } from './xml-rejected-error.js';
export { gateXmlBytes, DEFAULT_XML_LIMITS } from './byte-gate.js';
export type { XmlLimits } from './byte-gate.js';
export { parseStrictXml, STRICT_PARSE_OPTIONS } from './strict-parse.js';
export { checkLayout as checkNativeTreeLayout } from './read-native-tree.js';
export { XmlDocument, XmlDomElement, XmlDomAttribute, XmlDomNamespace, XmlDomCharacterData } from './xml-dom.js';
export type { XmlDomNode } from './xml-dom.js';
export { XsdSchema } from './xsd-schema.js';
export { parseUntrustedXml } from './parse-untrusted-xml.js';
export { toElementData } from './to-element-data.js';
export { CanonicalXmlSigner } from '../signing/canonical-xml-signer.js';
export { excC14nOfElement } from '../signing/exc-c14n-of-element.js';
export { elementDataToXml } from './element-data-to-xml.js';
export {
  SignatureAlgorithm,
  DigestAlgorithm,
  EXC_C14N,
  ENVELOPED_SIGNATURE,
} from '../signing/signature-algorithms.js';
export type { SignatureAlgorithmUri, DigestAlgorithmUri, SignatureTransformUri } from '../signing/signature-algorithms.js';
export { SignatureRejectedError } from '../signing/signature-rejected-error.js';
export type { SignatureRejectionCode } from '../signing/signature-rejected-error.js';
export { checkSignatureStructure, SAML_SIGNATURE_PROFILE } from '../signing/signature-policy.js';
export type { SignatureProfile, SignatureStructure, SignatureReference } from '../signing/signature-policy.js';
export { verifySignedXml } from '../signing/verify-signed-xml.js';
export { verifyMessageSignature, MESSAGE_SIGNATURE_PROFILE } from '../signing/verify-message-signature.js';
export type { MessageSignatureOptions, VerifiedMessageSignature, SignedMessagePart } from '../signing/verify-message-signature.js';
export { assertXmlSafe } from './assert-xml-safe.js';
export { xsDateTime } from './xs-date-time.js';
export { parseXsDateTime, DEFAULT_MAX_FRACTIONAL_DIGITS } from './parse-xs-date-time.js';
export type { XsDateTimeOptions, XsDateTimeResult } from './parse-xs-date-time.js';
export { randomXmlId } from './random-xml-id.js';
