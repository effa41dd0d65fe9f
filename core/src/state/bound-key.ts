/**
 * Keeps every stored namespace and key to at most {@link MAX_KEY_BYTES} bytes: a longer value is replaced by
 * its SHA-256, so an unauthenticated client cannot make an entry as large as the text cap allows (issue 7:
 * 60,000-character MessageIDs). The hash keeps equality, so a replay of a long value is still caught.
 *
 * A short value that starts with the hash marker is hashed too: otherwise a client could send the literal
 * hash text of another value and collide with it.
 */
import { createHash } from 'node:crypto';

/** The largest key stored as is, in UTF-8 bytes; a hashed key is 44 bytes. */
export const MAX_KEY_BYTES = 64;

const HASH_MARKER = '#';

export function boundKey(value: string): string {
  if (Buffer.byteLength(value, 'utf8') <= MAX_KEY_BYTES && !value.startsWith(HASH_MARKER)) return value;
  return HASH_MARKER + createHash('sha256').update(value, 'utf8').digest('base64url');
}
