/**
 * What the processor knows about an assertion once it has been read from its canonical signed bytes: the
 * same model for SAML 2.0 and SAML 1.1, so that one set of rules judges both.
 */
import type { Attributes } from '@sts/sdk';
import type { XmlElementData } from '@sts/sdk/xml';

/** One subject confirmation (SAML core 2.0 section 2.4.1.1; SAML 1.1 core section 2.4.2.3). */
export interface SubjectConfirmation {
  /** The confirmation method URI, as written. */
  readonly method: string;
  /** SubjectConfirmationData (SAML 2.0 only). */
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly recipient?: string;
  /** SubjectConfirmationData (or, in SAML 1.1, the confirmation) carries elements, such as a KeyInfo. */
  readonly hasKeyData: boolean;
  /** SAML 2.0: the one ds:KeyInfo of a KeyInfoConfirmationDataType (a holder-of-key confirmation's key). */
  readonly keyInfo?: XmlElementData;
}

/** The authentication statement (SAML 2.0 AuthnStatement; SAML 1.1 AuthenticationStatement). */
export interface AuthenticationFact {
  readonly instant: Date;
  /** AuthnContextClassRef (2.0) or AuthenticationMethod (1.1). */
  readonly context?: string;
  /** SessionNotOnOrAfter (SAML 2.0 only). */
  readonly sessionNotOnOrAfter?: Date;
}

/** The signed content of an assertion. */
export interface SignedAssertion {
  readonly version: '2.0' | '1.1';
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  /** The Audience values of each AudienceRestriction (SAML 1.1: AudienceRestrictionCondition). */
  readonly audienceRestrictions: readonly (readonly string[])[];
  /** A OneTimeUse condition is present (SAML 2.0 section 2.5.1.5). */
  readonly oneTimeUse: boolean;
  /** NameID (2.0) or NameIdentifier (1.1) text. */
  readonly subject: string;
  readonly confirmations: readonly SubjectConfirmation[];
  readonly authentication?: AuthenticationFact;
  readonly attributes: Attributes;
}
