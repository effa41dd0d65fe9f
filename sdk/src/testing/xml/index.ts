/**
 * `@sts/sdk/testing/xml`: the test helpers that need the XML toolkit (libxml2-wasm, libxmljs2 for `readXml`'s XPath, xml-crypto, @xmldom/xmldom,
 * optional peers of the SDK), apart from `@sts/sdk/testing` so that a JWT plug-in's tests load none of them.
 * @public
 */
export { xmlCryptoVerify } from '../xml-crypto-verify.js';
export { signWithKeyValue } from '../sign-with-key-value.js';
export type { KeyValueSignatureRequest } from '../sign-with-key-value.js';
export { readXml } from '../read-xml.js';
export type { XmlReader } from '../read-xml.js';
