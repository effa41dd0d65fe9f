/**
 * An `xs:dateTime` in UTC with whole seconds (`2026-11-28T06:00:00Z`). SAML 1.1 core section 1.2.2 (like SAML
 * core 2.0 section 1.3.3) requires UTC; fractions are dropped (rounding down) because relying parties compare
 * at second granularity anyway and whole seconds is the form every peer parses.
 * @public
 */
export function xsDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('invalid date');
  // toISOString is always `YYYY-MM-DDTHH:mm:ss.sssZ` for years 0..9999.
  return `${date.toISOString().slice(0, 19)}Z`;
}
