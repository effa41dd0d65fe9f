import { randomFillSync } from 'node:crypto';

/*
 * Random bytes are taken from a pool filled 4 KB at a time: a `randomBytes(20)` call per ID was 0.5 % of a
 * token's worker time (issue 12), most of it the call, not the randomness (Node pools `randomUUID` the same
 * way). Each byte is used once; worker processes are started, not forked, so no two hold the same pool.
 */
const POOL = Buffer.alloc(4096);
const ID_BYTES = 20;
let offset = POOL.length;

/**
 * `_` + 160 random bits. `AssertionID` is an `xsd:ID` (SAML 1.1 core section 2.3.2), an NCName, so it cannot
 * start with a digit; 160 bits meets the collision bound SAML core 2.0 section 1.3.4 sets for random IDs
 * (at most 2^-128, preferably 2^-160). Used for assertion IDs and any other xs:ID we mint.
 * @public
 */
export function randomXmlId(): string {
  if (offset + ID_BYTES > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const id = `_${POOL.toString('hex', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}
