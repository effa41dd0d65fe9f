/**
 * Reads Node's `X509Certificate.subjectAltName` string into (type, value) pairs.
 *
 * Node (since the fix for CVE-2021-44532) prints each GeneralName as `type:value`, joined by `", "`. A value
 * that holds a comma, a quote, a backslash, an apostrophe or a control character is written as a JSON
 * string literal (`DNS:"a\u002cb"`), so an unquoted value never contains a comma and the list splits
 * unambiguously. An otherName of a type Node knows is `othername:UPN:value` (the whole `UPN:value` quoted
 * when unsafe); others are `othername:<unsupported>`. The UPN is Microsoft's otherName
 * 1.3.6.1.4.1.311.20.2.3, a UTF8String (MS-WCCE; RFC 4556 uses the same OID for the PKINIT UPN).
 *
 * Anything outside that form throws: an alternative name we cannot read is never guessed at.
 */

/** One GeneralName: Node's type label (`DNS`, `email`, `URI`, `IP Address`, `othername`, ...) and value. @public */
export interface AlternativeName {
  readonly type: string;
  readonly value: string;
}

const TYPE = /^[A-Za-z][A-Za-z0-9 ]*$/;

/**
 * Parses Node's subjectAltName string; `undefined` (no extension) gives an empty list.
 * @throws Error when the string is not in Node's form.
 * @public
 */
export function parseSubjectAltName(printed: string | undefined): AlternativeName[] {
  if (printed === undefined || printed === '') return [];
  const names: AlternativeName[] = [];
  let i = 0;
  for (;;) {
    const colon = printed.indexOf(':', i);
    const type = colon === -1 ? '' : printed.slice(i, colon);
    if (!TYPE.test(type)) throw new Error(`cannot read a subjectAltName type at offset ${i}`);
    i = colon + 1;
    let value: string;
    if (printed[i] === '"') {
      const end = closingQuote(printed, i);
      value = JSON.parse(printed.slice(i, end + 1)) as string;
      i = end + 1;
    } else {
      const comma = printed.indexOf(', ', i);
      const end = comma === -1 ? printed.length : comma;
      value = printed.slice(i, end);
      if (value.includes(',') || value.includes('"')) throw new Error(`unquoted subjectAltName value with a comma or quote at offset ${i}`);
      i = end;
    }
    names.push(Object.freeze({ type, value }));
    if (i === printed.length) return names;
    if (!printed.startsWith(', ', i)) throw new Error(`expected ", " after a subjectAltName value at offset ${i}`);
    i += 2;
  }
}

/** The index of the quote that closes the JSON string starting at `start`. */
function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new Error(`unterminated quoted subjectAltName value at offset ${start}`);
}

