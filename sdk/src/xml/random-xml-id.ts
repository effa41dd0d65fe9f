import { randomHex } from '../random-pool.js';

const ID_BYTES = 20;

/**
 * `_` + 160 random bits. `AssertionID` is an `xsd:ID` (SAML 1.1 core section 2.3.2), an NCName, so it cannot
 * start with a digit; 160 bits meets the collision bound SAML core 2.0 section 1.3.4 sets for random IDs
 * (at most 2^-128, preferably 2^-160). Used for assertion IDs and any other xs:ID we mint. The bytes come from
 * the SDK's pool of random bytes (random-pool.ts).
 * @public
 */
export function randomXmlId(): string {
  return `_${randomHex(ID_BYTES)}`;
}
