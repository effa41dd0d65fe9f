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
import { StsClientError } from './sts-client-error.js';

const XML_DECLARATION = /^\uFEFF?<\?xml\s[^?]*\?>/;
const DECLARED_ENCODING = /\sencoding\s*=\s*(["'])([^"']*)\1/;
const DECLARED_VERSION = /\sversion\s*=\s*(["'])([^"']*)\1/;
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\u0085\u2028\u2029]/;

/** Throws {@link StsClientError} `malformed-response` if the reply text breaks a gate rule. @internal */
export function gateResponseText(text: string): void {
  const declaration = XML_DECLARATION.exec(text)?.[0];
  const encoding = declaration === undefined ? undefined : DECLARED_ENCODING.exec(declaration)?.[2];
  const refuse = (why: string): never => {
    throw new StsClientError('malformed-response', `reply refused by the XML gate: ${why}`);
  };
  if (text.trim() === '') refuse('empty body');
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') refuse(`declared encoding ${encoding}`);
  // XML 1.1 reads line ends and controls otherwise, and libxml2 2.15 parses it as 1.0 without a word.
  const version = declaration === undefined ? undefined : DECLARED_VERSION.exec(declaration)?.[2];
  if (version !== undefined && version !== '1.0') refuse(`XML version ${version}`);
  if (/<!(?:DOCTYPE|ENTITY)/.test(text)) refuse('DOCTYPE or ENTITY declaration');
  if (text.indexOf('<?', declaration === undefined ? 0 : declaration.length) !== -1) refuse('processing instruction');
  if (FORBIDDEN_CHAR.test(text)) refuse('forbidden character');
}
