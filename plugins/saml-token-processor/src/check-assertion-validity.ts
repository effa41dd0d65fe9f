/**
 * The semantic rules for a signed assertion (security-rules.md section 1 row 31, sections 6.1 and 6.4; SAML core
 * 2.0 sections 2.4.1 and 2.5; SAML profiles 2.0 section 4.1.4.2; WSS4J `SamlAssertionValidator`). Every time
 * comparison allows `clockSkewSeconds` in the direction that favours the token, as OpenSAML and Microsoft do:
 *
 * - `IssueInstant` and `AuthnInstant` not after now + skew;
 * - `Conditions/@NotOnOrAfter` required (no maximum-age fallback), now before it + skew; `NotBefore`, when
 *   present, not after now + skew, and before NotOnOrAfter;
 * - at least one `AudienceRestriction`, and each must name an accepted audience (SAML core 2.0 section 2.5.1.4:
 *   several restrictions must all be met);
 * - `SessionNotOnOrAfter`, when present, not passed;
 * - subject confirmation: at least one, each with a method we know (WSS4J
 *   `requireStandardSubjectConfirmationMethod`); holder-of-key only once proven (`acceptHolderOfKey`: the
 *   presenter signed the message with the confirmation key, or, for a status check, the party asking about a
 *   token it received has had its presenter prove the key);
 *   sender-vouches refused unless configured; bearer (2.0) needs `SubjectConfirmationData` with `NotOnOrAfter`
 *   not passed, no `NotBefore` (profiles 4.1.4.2), a `Recipient` that is an accepted audience when it is set,
 *   and no key data.
 */
import { InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';
import type { SamlVersion } from './saml-version.js';
import type { SignedAssertion } from './signed-assertion.js';

/** What the rules are judged against. */
export interface ValidityPolicy {
  readonly clockSkewSeconds: number;
  /** The STS identity's audiences plus the configured ones (and, for a status check of our own token, our partners). */
  readonly audiences: { has(audience: string): boolean };
  readonly allowSenderVouches: boolean;
  /**
   * Accept holder-of-key confirmations: for a status-only Validate (nothing is issued on its strength), or
   * once the presenter has proven the key (prove-holder-of-key.ts).
   */
  readonly acceptHolderOfKey?: boolean;
}

/** What the processor must still do for an assertion that passed. */
export interface AssertionValidity {
  /** NotOnOrAfter, which the rules made sure is present. */
  readonly notOnOrAfter: Date;
  /** The ID must go into the replay cache: a bearer confirmation, or OneTimeUse. */
  readonly oneTimeUse: boolean;
}

/** Applies the rules; throws `InvalidSecurityTokenError` naming the first one broken. */
export function checkAssertionValidity(
  assertion: SignedAssertion,
  version: SamlVersion,
  policy: ValidityPolicy,
  now: Date,
): AssertionValidity {
  const skew = policy.clockSkewSeconds * 1000;
  const time = now.getTime();
  const notAfterNow = (instant: Date): boolean => instant.getTime() <= time + skew;
  const notPassed = (end: Date): boolean => time < end.getTime() + skew;

  if (!notAfterNow(assertion.issueInstant)) throw new InvalidSecurityTokenError('IssueInstant is in the future');
  const { notBefore, notOnOrAfter } = assertion;
  if (notOnOrAfter === undefined) throw new InvalidSecurityTokenError('Conditions has no NotOnOrAfter');
  if (notBefore !== undefined && notBefore.getTime() >= notOnOrAfter.getTime()) {
    throw new InvalidSecurityTokenError('Conditions NotBefore is not before NotOnOrAfter');
  }
  if (notBefore !== undefined && !notAfterNow(notBefore)) throw new InvalidSecurityTokenError('the assertion is not yet valid (NotBefore)');
  if (!notPassed(notOnOrAfter)) throw new InvalidSecurityTokenError('the assertion has expired (NotOnOrAfter)');

  if (assertion.audienceRestrictions.length === 0) throw new InvalidSecurityTokenError('the assertion has no AudienceRestriction');
  for (const restriction of assertion.audienceRestrictions) {
    if (!restriction.some((audience) => policy.audiences.has(audience))) {
      throw new InvalidSecurityTokenError(`no accepted audience among ${restriction.length} (first ${quoteForLog(restriction[0])})`);
    }
  }

  const { authentication } = assertion;
  if (authentication !== undefined) {
    if (!notAfterNow(authentication.instant)) throw new InvalidSecurityTokenError('the authentication instant is in the future');
    if (authentication.sessionNotOnOrAfter !== undefined && !notPassed(authentication.sessionNotOnOrAfter)) {
      throw new InvalidSecurityTokenError('the authentication session has ended (SessionNotOnOrAfter)');
    }
  }

  const bearer = checkConfirmations(assertion, version, policy, notPassed);
  return { notOnOrAfter, oneTimeUse: bearer || assertion.oneTimeUse };
}

/** Returns true when the assertion is confirmed as bearer. */
function checkConfirmations(
  assertion: SignedAssertion,
  version: SamlVersion,
  policy: ValidityPolicy,
  notPassed: (end: Date) => boolean,
): boolean {
  const { methods } = version;
  if (assertion.confirmations.length === 0) throw new InvalidSecurityTokenError('the subject has no SubjectConfirmation');
  let bearer = false;
  for (const confirmation of assertion.confirmations) {
    switch (confirmation.method) {
      case methods.holderOfKey:
        if (!policy.acceptHolderOfKey) throw new InvalidSecurityTokenError('holder-of-key confirmation without proof of possession (a message signature by its key)');
        break;
      case methods.senderVouches:
        if (!policy.allowSenderVouches) throw new InvalidSecurityTokenError('sender-vouches confirmation is not allowed by the configuration');
        break;
      case methods.bearer:
        bearer = true;
        if (confirmation.hasKeyData) throw new InvalidSecurityTokenError('a bearer confirmation carries key data');
        if (version.name === '2.0') checkBearerData(confirmation, policy, notPassed);
        break;
      default:
        throw new InvalidSecurityTokenError(`unknown subject confirmation method ${quoteForLog(confirmation.method)}`);
    }
  }
  return bearer;
}

/** SAML profiles 2.0 section 4.1.4.2 and the Shibboleth bearer rule (security-rules.md section 6.4). */
function checkBearerData(
  confirmation: SignedAssertion['confirmations'][number],
  policy: ValidityPolicy,
  notPassed: (end: Date) => boolean,
): void {
  if (confirmation.notOnOrAfter === undefined) {
    throw new InvalidSecurityTokenError('a bearer SubjectConfirmationData has no NotOnOrAfter');
  }
  if (!notPassed(confirmation.notOnOrAfter)) throw new InvalidSecurityTokenError('the bearer confirmation has expired');
  if (confirmation.notBefore !== undefined) throw new InvalidSecurityTokenError('a bearer SubjectConfirmationData has a NotBefore');
  if (confirmation.recipient !== undefined && !policy.audiences.has(confirmation.recipient)) {
    throw new InvalidSecurityTokenError(`the bearer Recipient ${quoteForLog(confirmation.recipient)} is not this STS`);
  }
}
