/**
 * The one entry point for XML that came from outside: the byte gate, then the strict parse (DESIGN.md section 4
 * steps 2 and 3; security-rules.md section 3.1 rules 1–3). Keeping the two in one call means no caller can parse
 * untrusted input without the gate that makes libxml2 2.9.9 acceptable.
 * @public
 */
import { DEFAULT_XML_LIMITS, gateXmlBytes } from './byte-gate.js';
import type { XmlLimits } from './byte-gate.js';
import { parseStrictXml } from './strict-parse.js';
import type { XmlDocument } from './strict-parse.js';

/**
 * Gates and parses untrusted XML.
 * @param input - the raw request body (preferred), or text that was already decoded.
 * @param limits - the byte-gate caps; {@link DEFAULT_XML_LIMITS} unless given.
 * @throws {@link XmlRejectedError} with the code of the first rule broken, `malformed` for a parse error.
 * @example
 * ```ts
 * const doc = parseUntrustedXml(ctx.request.rawBody);
 * ```
 * @public
 */
export function parseUntrustedXml(input: Buffer | string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlDocument {
  return parseStrictXml(gateXmlBytes(input, limits));
}
