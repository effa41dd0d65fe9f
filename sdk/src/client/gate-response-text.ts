/**
 * A small text gate in front of the strict parser for replies (security-rules.md section 3.1 rule 1, the
 * parts that matter for a client): no DOCTYPE or ENTITY declaration (so no entity is ever expanded, rule 4),
 * no processing instruction except the XML declaration, a declared encoding (if any) of UTF-8 and version (if
 * any) of 1.0, and no C0 control, U+0085, U+2028 or U+2029. The size cap is the caller's (it sees bytes).
 *
 * @example
 * ```ts
 * gateResponseText('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'); // throws StsClientError 'malformed-response'
 * ```
 * @internal
 */
import { readXmlDeclaration } from '../xml/read-xml-declaration.js';
import { XmlRejectedError } from '../xml/xml-rejected-error.js';
import { StsClientError } from './sts-client-error.js';

const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\u0085\u2028\u2029]/;

/** Throws {@link StsClientError} `malformed-response` if the reply text breaks a gate rule. @internal */
export function gateResponseText(text: string): void {
  const refuse = (why: string, cause?: unknown): never => {
    throw new StsClientError('malformed-response', `reply refused by the XML gate: ${why}`, cause === undefined ? {} : { cause });
  };
  if (text.trim() === '') refuse('empty body');
  // The byte gate's own reading of the XML declaration (encoding UTF-8, version 1.0, tokenized to its `?>`).
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let declarationEnd = bom;
  try {
    declarationEnd += readXmlDeclaration(bom === 0 ? text : text.slice(bom));
  } catch (error) {
    if (error instanceof XmlRejectedError) refuse(error.message, error);
    throw error;
  }
  if (/<!(?:DOCTYPE|ENTITY)/.test(text)) refuse('DOCTYPE or ENTITY declaration');
  if (text.indexOf('<?', declarationEnd) !== -1) refuse('processing instruction');
  if (FORBIDDEN_CHAR.test(text)) refuse('forbidden character');
}
