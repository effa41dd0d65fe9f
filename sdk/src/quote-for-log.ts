/**
 * A request value quoted for a log reason, bounded: JSON string syntax (so quotes, control characters and line
 * breaks cannot forge log lines) and at most `max` characters of the value, followed by an ellipsis and the
 * original length when it was longer. Issue 7: a refused request's attacker-chosen text (a 60,000-character
 * MessageID, an assertion ID, an issuer name) must not be copied whole into every log line. Never quote a
 * secret or a whole token (password, SignatureValue, assertion, JWT) even bounded: name it and give its length.
 *
 * @example
 * ```ts
 * throw new InvalidSecurityTokenError(`the issuer ${quoteForLog(issuer)} is not trusted`);
 * // the issuer "urn:evil:aaaaaaaa…"… (70000 characters) is not trusted
 * ```
 * @public
 */
export function quoteForLog(value: unknown, max = 64): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)`;
}
