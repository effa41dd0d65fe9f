/**
 * The instance config of the SAML token processor. The kernel validates it with its strict ajv instance
 * (unknown keys rejected, defaults applied, result frozen); the README table is written from this schema.
 *
 * Two rules are deliberately not configurable (security-rules.md section 6.1 and 6.4): an assertion must carry
 * `Conditions/@NotOnOrAfter` (there is no "maximum age" fallback for assertions without one), and it must carry
 * an `AudienceRestriction` naming this STS. Making either optional would let a token minted for someone else,
 * or valid forever, through.
 */
import type { ConfigSchema } from '@sts/sdk';

/** The validated config `create()` receives (defaults applied). @public */
export interface SamlTokenProcessorConfig {
  /** Seconds of clock difference tolerated in both directions on every time check. */
  readonly clockSkewSeconds: number;
  /** Audiences accepted in addition to the STS identity's own. */
  readonly audiences: readonly string[];
  /** Accept sender-vouches confirmations (the kernel must then bind the attesting sender's message signature). */
  readonly allowSenderVouches: boolean;
  /** Most fractional-second digits in the assertion's time values. */
  readonly maxFractionalDigits: number;
}

/** JSON Schema of {@link SamlTokenProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  title: 'SAML token processor',
  description: 'Validates signed SAML 2.0 and SAML 1.1 assertions from the trusted issuers (IdP connections).',
  additionalProperties: false,
  properties: {
    clockSkewSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 300,
      default: 60,
      title: 'Clock skew (s)',
      description:
        'Seconds of clock difference tolerated on IssueInstant, NotBefore, NotOnOrAfter, AuthnInstant and SubjectConfirmationData (security-rules.md section 6.1; WSS4J uses 60, OpenSAML and Microsoft 300).',
    },
    audiences: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      maxItems: 100,
      default: [],
      title: 'Extra audiences',
      description:
        "Audience URIs accepted in addition to the STS identity's own. Every AudienceRestriction of an assertion must name at least one accepted audience.",
    },
    allowSenderVouches: {
      type: 'boolean',
      default: false,
      title: 'Allow sender-vouches',
      description:
        'Accept assertions confirmed with sender-vouches. Only safe where the attesting sender is authenticated and its message signature covers the assertion.',
    },
    maxFractionalDigits: {
      type: 'integer',
      minimum: 0,
      maximum: 12,
      default: 7,
      title: 'Fractional-second digits',
      description:
        'Most fractional-second digits accepted in IssueInstant, NotBefore, NotOnOrAfter, AuthnInstant and the other time values (.NET writes 7). A zone is required; an offset such as +00:00 or -05:00 is read at the instant it names.',
    },
  },
});
