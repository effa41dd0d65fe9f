/**
 * The user search filter: the configured template with every `{username}` replaced by the presented
 * username escaped per RFC 4515 section 3 (`*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`,
 * `\00`), with ldapts's `Filter.escape`. So a username can only ever be a literal assertion value: `*` does
 * not match everyone and `)(uid=*` does not add a clause.
 */
import { Filter, FilterParser } from 'ldapts';

const PLACEHOLDER = '{username}';

/** The filter for `username`. @public */
export function userFilter(template: string, username: string): string {
  return template.split(PLACEHOLDER).join(Filter.escape(username));
}

/** Throws an Error naming the problem when the template is not a valid RFC 4515 filter with `{username}`. */
export function checkUserFilterTemplate(template: string): void {
  if (!template.includes(PLACEHOLDER)) throw new Error(`ldap.userSearchFilter ${JSON.stringify(template)} has no ${PLACEHOLDER}`);
  try {
    FilterParser.parseString(userFilter(template, 'probe'));
  } catch (err) {
    throw new Error(`ldap.userSearchFilter ${JSON.stringify(template)} is not an RFC 4515 filter: ${(err as Error).message}`);
  }
}
