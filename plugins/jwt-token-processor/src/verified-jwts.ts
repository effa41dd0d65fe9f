/**
 * JWTs whose signature verified, found by their exact compact form. A client that holds a token sends the
 * same bytes each time until it expires (an access token without `jti` exchanged for several services, the
 * bench's JWT scenarios), and decoding its parts, the duplicate-member check and the signature check (RFC 7515
 * section 5.2) were 6–7 % of a JWT → JWT request's worker time (issue 12, CPU profile of
 * `npm run bench -- --only jwt-jwt`; the token's processing went from 9.0–9.5 % to 3.1–3.3 % with this).
 *
 * What is kept follows from the bytes and the key alone: the decoded header and claims set, and the KeyObjects
 * the signature verified under. Everything else runs on every request (create-jwt-token-processor.ts): the
 * header rules, the issuer's algorithm list, the choice of key (kid, the key's validity), the registered claims
 * against the clock, the `jti` replay check. A key the issuer no longer lists is never chosen, and a refreshed
 * JWKS has new KeyObjects, under which the signature is checked again. Only tokens that verified are kept, so
 * tokens that fail cannot push them out; any other byte string, even one character away, is decoded and
 * checked in full. At most `max` tokens and `maxChars` characters of them (least recently used goes first):
 * forgetting one only costs a check.
 */
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '@sts/sdk';
import type { UnverifiedJwt } from './parse-unverified-jwt.js';

/** A verified token's decoded parts (frozen, shared by every request that sends it) and its keys. */
export interface VerifiedJwt extends UnverifiedJwt {
  /** The keys the signature verified under. */
  readonly keys: WeakSet<KeyObject>;
}

/** About 2,000 tokens of a typical 1 KB; the count bound usually comes first. */
const MAX_CHARS = 2 * 1024 * 1024;

export class VerifiedJwts {
  private readonly entries: LRUCache<string, VerifiedJwt>;

  constructor(max = 1024, maxChars = MAX_CHARS) {
    this.entries = new LRUCache({ max, maxSize: maxChars, sizeCalculation: (_value, key) => Math.max(1, key.length) });
  }

  /** The token `compact` as it verified before, or undefined. */
  get(compact: string): VerifiedJwt | undefined {
    return this.entries.get(compact);
  }

  /** `compact`, decoded as `parts`, verified under `key`. The parts are frozen: every later request shares them. */
  remember(compact: string, parts: UnverifiedJwt, key: KeyObject): void {
    const known = this.entries.get(compact);
    if (known !== undefined) {
      known.keys.add(key);
      return;
    }
    this.entries.set(compact, { header: deepFreeze(parts.header), payload: deepFreeze(parts.payload), keys: new WeakSet([key]) });
  }
}
