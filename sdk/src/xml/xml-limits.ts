/** The caps of the byte gate (byte-gate.ts), apart so that the scanner it calls can name them without a circle. */

/**
 * Caps the gate enforces. Every value is a non-negative safe integer; a request at a limit passes, one past it
 * is refused.
 * @public
 */
export interface XmlLimits {
  /** Size of the raw request in bytes (UTF-8 bytes for a string), byte order mark included. */
  readonly maxBytes: number;
  /** Element nesting depth; the root element is at depth 1. */
  readonly maxDepth: number;
  /** Attributes in one start tag, namespace declarations included. */
  readonly maxAttributesPerElement: number;
  /** `xmlns` / `xmlns:p` declarations in one start tag. */
  readonly maxNamespaceDeclarationsPerElement: number;
  /** Elements in the whole document. */
  readonly maxElements: number;
  /** UTF-16 code units in one run of text between two tags, CDATA content included, references unexpanded. */
  readonly maxTextLength: number;
}

/**
 * The default caps (security-rules.md section 6.5 and section 1 rows 20 and 24): 256 KB per request, depth 64,
 * 64 attributes and 32 namespace declarations per element, 4,000 elements (xml-crypto's verification cost grows
 * faster than linearly with the element count [E8]), 64 K characters per text run.
 * @public
 */
export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({
  maxBytes: 262_144,
  maxDepth: 64,
  maxAttributesPerElement: 64,
  maxNamespaceDeclarationsPerElement: 32,
  maxElements: 4_000,
  maxTextLength: 65_536,
});
