/**
 * Finds a repeated member name in a JSON text. RFC 7515 section 4 (header parameter names) and RFC 7519
 * section 4 (claim names) let a parser either reject duplicates or keep the lexically last one; we reject,
 * because `JSON.parse` keeps the last one silently and another reader of the same token may keep the first
 * (security-rules.md section 3.4).
 *
 * This is a small strict RFC 8259 recogniser. Names are compared after unescaping (`"sub"` and
 * `"\u0073ub"` are the same member). Anything it does not recognise is a SyntaxError, so it never accepts a
 * text that `JSON.parse` would read differently.
 *
 * It lives in the light `@sts/sdk` entry (it depends on nothing) so that the JWT processor plug-in and the
 * kernel's private_key_jwt client-assertion check, which may not import a plug-in, share one implementation.
 */

/** Nesting deeper than this is refused (a JWT header or claims set is never this deep). */
const MAX_DEPTH = 32;

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

class DuplicateFound {
  constructor(readonly path: string) {}
}

/**
 * Returns the path (`sub`, `address.street`) of the first member whose name repeats within one object,
 * or undefined when there is none. Throws a SyntaxError when `text` is not one JSON value.
 * @public
 */
export function findDuplicateMember(text: string): string | undefined {
  let pos = 0;

  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const match = (pattern: RegExp): string => {
    pattern.lastIndex = pos;
    const found = pattern.exec(text);
    if (!found) throw new SyntaxError(`unexpected character at ${pos}`);
    pos = pattern.lastIndex;
    return found[0];
  };
  const expect = (char: string): void => {
    if (text[pos] !== char) throw new SyntaxError(`expected ${char} at ${pos}`);
    pos += 1;
  };

  const value = (path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw new SyntaxError(`nesting deeper than ${MAX_DEPTH}`);
    skipWhitespace();
    const char = text[pos];
    if (char === '{') object(path, depth);
    else if (char === '[') array(path, depth);
    else if (char === '"') match(STRING);
    else match(LITERAL);
    skipWhitespace();
  };

  const object = (path: string, depth: number): void => {
    expect('{');
    skipWhitespace();
    if (text[pos] === '}') {
      pos += 1;
      return;
    }
    const names = new Set<string>();
    for (;;) {
      skipWhitespace();
      const name = JSON.parse(match(STRING)) as string;
      const memberPath = path === '' ? name : `${path}.${name}`;
      if (names.has(name)) throw new DuplicateFound(memberPath);
      names.add(name);
      skipWhitespace();
      expect(':');
      value(memberPath, depth + 1);
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      expect('}');
      return;
    }
  };

  const array = (path: string, depth: number): void => {
    expect('[');
    skipWhitespace();
    if (text[pos] === ']') {
      pos += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      value(`${path}[${index}]`, depth + 1);
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      expect(']');
      return;
    }
  };

  try {
    value('', 0);
  } catch (error) {
    if (error instanceof DuplicateFound) return error.path;
    throw error;
  }
  if (pos !== text.length) throw new SyntaxError(`unexpected text after the JSON value at ${pos}`);
  return undefined;
}
