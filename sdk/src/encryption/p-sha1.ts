/**
 * P_SHA1 (TLS 1.0, RFC 2246 section 5): the key derivation WS-Trust 1.3 section 4.4.4 names for a computed
 * proof key, `http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1`. The spec: "The key is computed
 * using P_SHA1 from the TLS specification to generate a bit stream using entropy from both sides. The exact
 * form is: key = P_SHA-1 (EntREQ, EntRES)", and RFC 2246 defines P_hash(secret, seed), so the requestor's
 * entropy is the HMAC secret and the issuer's entropy the seed.
 * @public
 */
import { createHmac } from 'node:crypto';

/** The first `length` bytes of P_SHA1(secret, seed). @public */
export function pSha1(secret: Uint8Array, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  let a: Buffer = Buffer.from(seed); // A(0) = seed
  while (produced < length) {
    a = createHmac('sha1', secret).update(a).digest(); // A(i) = HMAC(secret, A(i-1))
    const block = createHmac('sha1', secret).update(a).update(seed).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}
