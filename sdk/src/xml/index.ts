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
