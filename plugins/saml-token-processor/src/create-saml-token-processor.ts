/**
 * The running processor. One assertion goes through these steps in order; each refuses with an
 * `InvalidSecurityTokenError` (the kernel sends only the standard reason, the message goes to the log), and no
 * step after a refusal runs, so a refused token leaves nothing behind (no replay-cache entry):
 *
 * 1. parse `token.xml` on its own, strictly, and require it to read like `token.element` (namespaces declared
 *    on the Assertion);
 * 2. shape: one Assertion, one Signature at its schema position, unique IDs (XSW3–XSW8);
 * 3. issuer → IdP connection → its valid certificates; the signature, in the SAML profile, must verify with one;
 * 4. re-parse the canonical signed bytes strictly and read everything from them, never from the message;
 * 5. the signed ID and issuer must be the ones the signature was checked for;
 * 6. time, audience and subject-confirmation rules;
 * 7. a bearer (or OneTimeUse) assertion ID goes into the replay cache, atomically; a repeat is refused.
 *
 * An assertion sent again, byte for byte, skips steps 1 to 5 when what they depend on still holds
 * (verified-assertions.ts): its standalone reading equals this message's element, and its issuer is trusted with
 * a certificate valid now whose key verified it. Steps 6 and 7 run on every request.
 */
import {
  quoteForLog,
  InvalidSecurityTokenError,
  type Clock,
  type ProcessedToken,
  type ReceivedToken,
  type StateStore,
  type StsIdentity,
  type TokenProcessor,
  type TrustedIssuers,
} from '@sts/sdk';
import { createHash } from 'node:crypto';
import { NS, parseUntrustedXml, toElementData, type XmlElementData } from '@sts/sdk/xml';
import { proveHolderOfKey } from './prove-holder-of-key.js';
import { checkAssertionShape } from './check-assertion-shape.js';
import { checkAssertionValidity, type ValidityPolicy } from './check-assertion-validity.js';
import type { SamlTokenProcessorConfig } from './config-schema.js';
import { parseStandaloneAssertion } from './parse-standalone-assertion.js';
import { readSaml11Assertion } from './read-saml11-assertion.js';
import { readSaml20Assertion } from './read-saml20-assertion.js';
import { samlVersionFor, type SamlVersion } from './saml-version.js';
import type { SignedAssertion } from './signed-assertion.js';
import { VerifiedAssertions } from './verified-assertions.js';
import { verifyAssertionSignature } from './verify-assertion-signature.js';

/** The replay-cache namespace of assertion IDs (security-rules.md section 6.1, "Bearer assertion ID replay"). */
export const REPLAY_NAMESPACE = 'saml-assertion-id';

/** The replay cache of messages signed with a holder-of-key assertion's key (security-rules.md section 6.1). */
export const HOK_MESSAGE_NAMESPACE = 'saml-hok-message';
/** The kernel's default Timestamp max age plus its future skew (300 + 60 s): a staler message is refused anyway. */
const HOK_MESSAGE_WINDOW_SECONDS = 360;

/** What the processor runs with. */
export interface SamlTokenProcessorContext {
  readonly config: Readonly<SamlTokenProcessorConfig>;
  readonly clock: Clock;
  readonly stateStore: StateStore;
  readonly trustedIssuers: TrustedIssuers;
  readonly stsIdentity: StsIdentity;
}

/** Creates the processor for one plug-in instance. */
export function createSamlTokenProcessor(context: SamlTokenProcessorContext): TokenProcessor {
  const { config, clock, stateStore, trustedIssuers, stsIdentity } = context;
  // The STS's own identifiers always count; an empty set would make every audience check fail closed anyway.
  const policy: ValidityPolicy = Object.freeze({
    clockSkewSeconds: config.clockSkewSeconds,
    audiences: new Set([...stsIdentity.audiences, stsIdentity.entityId, ...config.audiences]),
    allowSenderVouches: config.allowSenderVouches,
  });

  // A status-only Validate of a token this STS issued to a partner names that partner as audience: accept it
  // for the status answer only (TrustedIssuer.partnerAudience), never when the token is to be used.
  // The same holds for a holder-of-key assertion: the service asking has had its presenter prove the key.
  const policyFor = (token: ReceivedToken, issuer: string): ValidityPolicy => {
    if (token.purpose !== 'status') return policy;
    const partnerAudience = trustedIssuers.find(issuer)?.partnerAudience;
    const statusPolicy = { ...policy, acceptHolderOfKey: true };
    if (!partnerAudience) return statusPolicy;
    return { ...statusPolicy, audiences: { has: (audience: string) => policy.audiences.has(audience) || partnerAudience(audience) } };
  };

  const verifiedAssertions = new VerifiedAssertions();

  /** Steps 1 to 5: the signed content of the assertion, read from the bytes its signature covers. */
  const readVerified = (token: ReceivedToken, version: SamlVersion, now: Date): SignedAssertion => {
    const known = verifiedAssertions.find(token, version.name, trustedIssuers, now);
    if (known !== undefined) return known;

    const assertion = parseStandaloneAssertion(token, version);
    const shape = checkAssertionShape(assertion, version);
    const verified = verifyAssertionSignature(assertion, shape, version, trustedIssuers, now);
    const signed = readSigned(verified.signedXml, version, config.maxFractionalDigits);
    if (signed.id !== shape.id) throw new InvalidSecurityTokenError('the signed assertion ID differs from the referenced one');
    if (signed.issuer !== verified.issuer) throw new InvalidSecurityTokenError('the signed issuer differs from the issuer whose key verified it');
    verifiedAssertions.remember(token.xml!, { version: version.name, data: assertion.data, issuer: shape.unverifiedIssuer, signed }, verified.publicKey);
    return signed;
  };

  return {
    async process(token: ReceivedToken): Promise<ProcessedToken> {
      const version = samlVersionFor(token.tokenType);
      if (version === undefined) throw new InvalidSecurityTokenError(`token type ${quoteForLog(token.tokenType)} is not a SAML assertion type`);
      const now = clock.now();

      const signed = readVerified(token, version, now);

      // Holder-of-key in use: the presenter proves the key by signing the message with it. A signed message
      // with any other assertion is refused: no one would check that signature (security-rules.md row 15).
      const holderOfKey = token.purpose === 'use' && signed.confirmations.some((c) => c.method === version.methods.holderOfKey);
      const proof = holderOfKey ? proveHolderOfKey(token, signed, version.methods.holderOfKey) : undefined;
      if (!holderOfKey && token.message !== undefined && hasMessageSignature(token.message.xml)) {
        throw new InvalidSecurityTokenError('a signed message, but the assertion has no holder-of-key confirmation whose key could have signed it');
      }
      const basePolicy = policyFor(token, signed.issuer);
      const validity = checkAssertionValidity(signed, version, proof ? { ...basePolicy, acceptHolderOfKey: true } : basePolicy, now);
      if (proof) {
        // The same signed message must not be accepted twice (WSS4J testMessageReplay), as for X.509 signatures.
        const replayKey = `${proof.timestampCreated}\u0000${createHash('sha256').update(Buffer.from(proof.signatureValue, 'base64')).digest('hex')}`;
        if (!(await stateStore.putIfAbsent(HOK_MESSAGE_NAMESPACE, replayKey, HOK_MESSAGE_WINDOW_SECONDS))) {
          throw new InvalidSecurityTokenError('this holder-of-key signed message was seen before (replay)');
        }
      }
      // A status-only Validate must not consume the token (ReceivedToken.purpose): the relying party asks
      // about a token it received, and nothing is issued on the strength of that answer.
      if (validity.oneTimeUse && token.purpose === 'use') {
        const ttlSeconds = Math.max(1, Math.ceil((validity.notOnOrAfter.getTime() - now.getTime()) / 1000) + config.clockSkewSeconds);
        const first = await stateStore.putIfAbsent(REPLAY_NAMESPACE, `${signed.issuer}\u0000${signed.id}`, ttlSeconds);
        if (!first) throw new InvalidSecurityTokenError(`assertion ${quoteForLog(signed.id)} from ${quoteForLog(signed.issuer)} was already used (replay)`);
      }
      return result(signed, validity.notOnOrAfter);
    },
  };
}

/**
 * The signed bytes are canonical XML that the SDK's canonicalizer produced; they still go through the byte gate and the strict
 * parser, so that what is read is what libxml2 reads (security-rules.md section 3.2 rule 6).
 */
function readSigned(signedXml: string, version: SamlVersion, maxFractionalDigits: number): SignedAssertion {
  let root: XmlElementData;
  try {
    root = toElementData(parseUntrustedXml(signedXml).root()!);
  } catch (error) {
    throw new InvalidSecurityTokenError(`the signed assertion bytes do not parse: ${quoteForLog((error as Error).message, 120)}`, { cause: error });
  }
  if (root.namespaceUri !== version.namespaceUri || root.localName !== 'Assertion') {
    throw new InvalidSecurityTokenError('the signed content is not the assertion');
  }
  return version.name === '2.0' ? readSaml20Assertion(root, maxFractionalDigits) : readSaml11Assertion(root, maxFractionalDigits);
}

function result(signed: SignedAssertion, expires: Date): ProcessedToken {
  const authentication = signed.authentication;
  return Object.freeze({
    subject: signed.subject,
    attributes: signed.attributes,
    ...(authentication?.context === undefined ? {} : { authnContext: authentication.context }),
    // A copy: the kept assertion's Date is shared by every request that sends it again (verified-assertions.ts).
    ...(authentication === undefined ? {} : { authnInstant: new Date(authentication.instant.getTime()) }),
    issuer: signed.issuer,
    tokenId: signed.id,
    expires,
  });
}

/** Whether the message's Security header holds a ds:Signature (the kernel hands this processor every message). */
function hasMessageSignature(messageXml: string): boolean {
  const envelope = parseUntrustedXml(messageXml).root()!;
  return envelope.name() === 'Envelope' && envelope.descend('{*}Header', `{${NS.wsse}}Security`, `{${NS.ds}}Signature`).length > 0;
}
