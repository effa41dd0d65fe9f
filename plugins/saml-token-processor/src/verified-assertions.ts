/**
 * Assertions whose signature verified, found by their exact text (`token.xml`). A relying party that asks
 * about a token, or a client that presents the same assertion for several services until it expires, sends the
 * same bytes each time; their standalone parse, the shape and signature-profile checks, the signature itself and
 * the re-parse of the signed bytes were 36 % of a worker's time in a status Validate of a signed SAML 2.0
 * assertion (issue 12, CPU profile of `npm run bench -- --only validate-saml2`). The JWT processor keeps its
 * verified tokens the same way (plugins/jwt-token-processor/src/verified-jwts.ts).
 *
 * What is kept follows from the bytes, the SAML version and the key alone: the standalone reading (steps 1 and 2
 * of create-saml-token-processor.ts), the signed content read from the canonical signed bytes (steps 3 to 5),
 * and the public keys the signature verified under. Everything else runs on every request: the standalone
 * reading must equal the element the kernel found in this message (an inherited namespace declaration), the
 * issuer must still be trusted with a certificate valid now whose key is one the signature verified under,
 * and the holder-of-key proof, the message-signature rule, the time, audience and confirmation checks, and the
 * replay check. Only assertions that passed steps 1 to 5 are kept, so assertions that fail cannot push them out;
 * any other text, even one character away, goes through every step. At most `max` assertions and `maxChars`
 * characters of them (least recently used goes first): forgetting one only costs a check.
 */
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deepFreeze, type ReceivedToken, type TrustedIssuers } from '@sts/sdk';
import type { XmlElementData } from '@sts/sdk/xml';
import { sameElementData } from './same-element-data.js';
import type { SignedAssertion } from './signed-assertion.js';
import { certificatesValidAt } from './verify-assertion-signature.js';

/** A verified assertion: what steps 1 to 5 read from it (frozen, shared by every request that sends it). */
export interface VerifiedAssertion {
  /** The SAML version it was read as (`SamlVersion.name`). */
  readonly version: string;
  /** The standalone reading of the Assertion, compared with each message's element. */
  readonly data: XmlElementData;
  /** The issuer the trusted issuer was looked up by. */
  readonly issuer: string;
  readonly signed: SignedAssertion;
  /** The keys the signature verified under. */
  readonly keys: WeakSet<KeyObject>;
}

/**
 * About 256 assertions of a typical 4 KB, so the two bounds come together. Measured: a kept assertion holds about
 * 14 times its text on the heap (its standalone reading as a tree, mostly), so at most about 15 MB per worker.
 */
const MAX_CHARS = 1024 * 1024;

export class VerifiedAssertions {
  private readonly entries: LRUCache<string, VerifiedAssertion>;

  constructor(max = 256, maxChars = MAX_CHARS) {
    this.entries = new LRUCache({ max, maxSize: maxChars, sizeCalculation: (_value, key) => Math.max(1, key.length) });
  }

  /**
   * The signed content of `token`'s assertion when it verified before as SAML `version` and what that depended on
   * still holds: it reads on its own as this message's element does, and its issuer is still trusted with a
   * certificate valid `now` whose key verified it. Otherwise undefined, and every step runs (and refuses with its
   * own reason).
   */
  find(token: ReceivedToken, version: string, trustedIssuers: TrustedIssuers, now: Date): SignedAssertion | undefined {
    const known = typeof token.xml === 'string' ? this.get(token.xml, version) : undefined;
    if (known === undefined) return undefined;
    if (token.element !== undefined && !sameElementData(known.data, token.element)) return undefined;
    const issuer = trustedIssuers.find(known.issuer);
    if (issuer === undefined || issuer.issuer !== known.signed.issuer) return undefined;
    return certificatesValidAt(issuer, now).some((certificate) => known.keys.has(certificate.publicKey)) ? known.signed : undefined;
  }

  /** `xml`, read as `assertion`, verified under `key`. The readings are frozen: every later request shares them. */
  remember(xml: string, assertion: Omit<VerifiedAssertion, 'keys'>, key: KeyObject): void {
    const known = this.get(xml, assertion.version);
    if (known !== undefined) {
      known.keys.add(key);
      return;
    }
    this.entries.set(xml, { version: assertion.version, data: deepFreeze(assertion.data), issuer: assertion.issuer, signed: deepFreeze(assertion.signed), keys: new WeakSet([key]) });
  }

  private get(xml: string, version: string): VerifiedAssertion | undefined {
    const known = this.entries.get(xml);
    return known?.version === version ? known : undefined;
  }
}
