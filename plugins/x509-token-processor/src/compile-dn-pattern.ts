/**
 * Compiles a configured DN pattern once, at create. The pattern is anchored for the operator (`^(?:…)$`),
 * so `CN=alice,O=Example` cannot be satisfied by `CN=alice,O=Example.evil`: a filter that matches a
 * substring is a filter an attacker can satisfy.
 */

/**
 * The anchored regular expression, or undefined when no pattern is configured.
 * @throws Error naming the config key when the pattern is not a valid regular expression.
 * @public
 */
export function compileDnPattern(key: string, pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (error) {
    throw new Error(`${key} is not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
}
