import { randomFillSync } from 'node:crypto';

/*
 * Random values for IDs (XML IDs, JWT `jti`) are cut from a pool of random bytes filled 4 KB at a time: a
 * `randomBytes` call per value was 0.5 % of a SAML token's worker time and 0.8 % of a JWT's (issue 12), most of
 * it the call, not the randomness (Node pools `randomUUID` the same way). Each byte is handed out once;
 * worker processes are started, not forked, so no two hold the same pool.
 */
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function take(bytes: number): number {
  if (!(Number.isInteger(bytes) && bytes > 0 && bytes <= 256)) throw new RangeError(`random values are 1 to 256 bytes, not ${bytes}`);
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const at = offset;
  offset += bytes;
  return at;
}

/** `bytes` random bytes as lower-case hex. @public */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  return POOL.toString('hex', at, at + bytes);
}

/** `bytes` random bytes as unpadded base64url (RFC 4648 section 5). @public */
export function randomBase64Url(bytes: number): string {
  const at = take(bytes);
  return POOL.toString('base64url', at, at + bytes);
}
