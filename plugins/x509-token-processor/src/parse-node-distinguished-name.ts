/**
 * Reads the distinguished name strings of Node's `X509Certificate` (`subject`, `issuer`) into RDNs and
 * writes them in the RFC 4514 (formerly RFC 2253) string form.
 *
 * Node prints a name with OpenSSL's `X509_NAME_print_ex` and the flags `XN_FLAG_SEP_MULTILINE |
 * XN_FLAG_FN_SN | ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT`:
 * - one RDN per line, in certificate (DER) order, the most general first;
 * - the AVAs of a multi-valued RDN joined by `" + "`;
 * - `type=value`, the type as OpenSSL's short name (`CN`, `O`, `emailAddress`) or a dotted OID;
 * - in the value, `, + " \ < > ;` and a leading `#` or space and a trailing space escaped with `\`, and
 *   control characters (a line break among them) as `\XX`, so a raw line break and an unescaped `" + "`
 *   are always separators; other characters are UTF-8 as they are.
 *
 * The RFC 4514 form (section 2) reverses the RDN sequence (most specific first), joins RDNs with `,` and
 * AVAs with `+`, and escapes each value again (section 2.4). It is what
 * `openssl x509 -noout -subject -nameopt RFC2253 -nameopt -esc_msb` prints, except for an attribute type
 * without a short name: OpenSSL writes its value as `#` + hex BER, which Node's string does not carry, so
 * the value is written as an escaped string.
 *
 * Anything this reader does not understand throws: a name it cannot read is never guessed at.
 */

/** One attribute type and value of a relative distinguished name. @public */
export interface AttributeTypeAndValue {
  /** OpenSSL's short name (`CN`, `OU`, `emailAddress`) or a dotted OID. */
  readonly type: string;
  /** The value, unescaped. */
  readonly value: string;
}

/** A distinguished name, read from Node's string. @public */
export interface DistinguishedName {
  /** The RDNs in certificate (DER) order, most general first; each holds one or more AVAs. */
  readonly rdns: readonly (readonly AttributeTypeAndValue[])[];
  /** The RFC 4514 string, most specific first (`CN=Alice,O=Example,C=DE`); empty for an empty name. */
  readonly rfc4514: string;
}

const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a name as Node prints it (`X509Certificate.subject` / `.issuer`).
 * @throws Error when the string is not in that form.
 * @public
 */
export function parseNodeDistinguishedName(printed: string): DistinguishedName {
  if (printed === '') return Object.freeze({ rdns: Object.freeze([]), rfc4514: '' });
  const rdns = printed.split('\n').map((line) => Object.freeze(splitAvas(line).map(parseAva)));
  return Object.freeze({ rdns: Object.freeze(rdns), rfc4514: formatRfc4514(rdns) });
}

/** RFC 4514 section 2.1-2.3: RDNs in reverse order joined by `,`; AVAs joined by `+` (OpenSSL's order). */
function formatRfc4514(rdns: readonly (readonly AttributeTypeAndValue[])[]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => [...rdn].reverse().map((ava) => `${ava.type}=${escapeRfc4514Value(ava.value)}`).join('+'))
    .join(',');
}

/**
 * RFC 4514 section 2.4: `"`, `+`, `,`, `;`, `<`, `>` and `\` escaped anywhere, a leading space or `#` and a
 * trailing space escaped, NUL as `\00`. Other control characters are written as `\XX` too (allowed by the
 * `hexpair` production), so that a DN written to a log cannot break the line.
 * @public
 */
export function escapeRfc4514Value(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if ('"+,;<>\\'.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === value.length - 1 && c === ' ')) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** Splits one line at the unescaped `" + "` separators. */
function splitAvas(line: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++; // the escaped character can never start a separator
    } else if (line.startsWith(' + ', i)) {
      parts.push(line.slice(start, i));
      start = i + 3;
      i += 2;
    }
  }
  parts.push(line.slice(start));
  return parts;
}

function parseAva(text: string): AttributeTypeAndValue {
  const equals = text.indexOf('=');
  const type = equals === -1 ? '' : text.slice(0, equals);
  if (!TYPE.test(type)) throw new Error(`cannot read the attribute type of ${JSON.stringify(text)}`);
  return Object.freeze({ type, value: unescapeValue(text.slice(equals + 1)) });
}

/** Undoes OpenSSL's escaping: `\X` is the character X, `\XX` one byte; bytes are UTF-8. */
function unescapeValue(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c !== '\\') {
      const codePoint = escaped.codePointAt(i)!;
      if (codePoint > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
      continue;
    }
    const pair = escaped.slice(i + 1, i + 3);
    if (HEX_PAIR.test(pair)) {
      bytes.push(Number.parseInt(pair, 16));
      i += 2;
    } else if (i + 1 < escaped.length) {
      const codePoint = escaped.codePointAt(i + 1)!;
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
      i += codePoint > 0xffff ? 2 : 1;
    } else {
      throw new Error(`dangling escape in ${JSON.stringify(escaped)}`);
    }
  }
  return UTF8.decode(Uint8Array.from(bytes));
}
