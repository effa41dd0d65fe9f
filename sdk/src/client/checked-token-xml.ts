/**
 * A token the caller supplies as XML (a Validate target, a token credential) is inserted as-is, so it is
 * checked first: one element, no declaration or DOCTYPE, well-formed through the SDK's own gate and parser.
 */
import { parseUntrustedXml } from '../xml/parse-untrusted-xml.js';
import { XmlRejectedError } from '../xml/xml-rejected-error.js';

/** XML 1.0 production S. */
const LEADING_SPACE = /^[ \t\r\n]*/;

/** A caller's token element, checked to be one well-formed element that declares its own namespaces. */
export function checkedTokenXml(target: unknown, what: string): string {
  if (typeof target !== 'string') throw new TypeError(`${what} must be a string`);
  const refuse = (why: string, cause?: unknown): never => {
    throw new TypeError(
      `${what} must be one well-formed XML element that declares its own namespaces: ${why}`,
      cause === undefined ? undefined : { cause },
    );
  };
  // The gate allows an XML declaration and strips a byte order mark; neither may land inside the Body.
  const start = target.slice(LEADING_SPACE.exec(target)![0].length);
  if (!start.startsWith('<') || start.startsWith('<?') || start.startsWith('<!')) refuse('it does not start with an element');
  try {
    parseUntrustedXml(target);
  } catch (error) {
    if (error instanceof XmlRejectedError) refuse(error.message, error);
    throw error;
  }
  return target;
}
