/**
 * An `xs:dateTime` in UTC with whole seconds (`2026-11-28T06:00:00Z`). SAML 1.1 core section 1.2.2 (like SAML
 * core 2.0 section 1.3.3) requires UTC; fractions are dropped (rounding down) because relying parties compare
 * at second granularity anyway and whole seconds is the form every peer parses.
 * @public
 */
export function xsDateTime(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new TypeError('invalid date');
  const second = Math.floor(ms / 1000);
  const known = recent.get(second);
  if (known !== undefined) return known;
  // toISOString is always `YYYY-MM-DDTHH:mm:ss.sssZ` for years 0..9999.
  const text = `${date.toISOString().slice(0, 19)}Z`;
  if (recent.size >= RECENT_SECONDS) recent.clear();
  recent.set(second, text);
  return text;
}

/**
 * The last few seconds written: a token names the same instants several times (IssueInstant, NotBefore,
 * AuthnInstant, the RSTR's Lifetime), and `toISOString` cost about 0.85 µs a call (issue 12).
 */
const RECENT_SECONDS = 16;
const recent = new Map<number, string>();
