/**
 * The instance config of the X.509 processor, as a JSON Schema the kernel validates with ajv
 * (`useDefaults`), so `create()` receives every property with a default filled in.
 *
 * Key minimums follow security-rules.md section 6.2 (RSA 2048, EC 256, raised from WSS4J's 1024/160). DN
 * patterns are WSS4J's `subjectDNPatterns` / `issuerDNPatterns`: extra filters on top of chain trust, never a
 * replacement for it (section 6.2 "Trust by DN"). The replay window follows section 6.1 ("Message replay
 * cache": kept at least as long as a Timestamp can be fresh, 300 s age plus 60 s future skew).
 */
import type { ConfigSchema } from '@sts/sdk';

/** The validated config `create()` receives (defaults applied). @public */
export interface X509TokenProcessorConfig {
  readonly trustAnchors: readonly string[];
  readonly minRsaBits: number;
  readonly minEcBits: number;
  readonly allowSelfSigned: boolean;
  readonly issuerDnPattern?: string;
  readonly subjectDnPattern?: string;
  readonly maxChainLength: number;
  readonly authnContext: string;
  readonly replayWindowSeconds: number;
}

const DN_PATTERN = {
  type: 'string',
  minLength: 1,
  maxLength: 1024,
} as const;

/** JSON Schema of {@link X509TokenProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  required: ['trustAnchors'],
  properties: {
    trustAnchors: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: { type: 'string', minLength: 1 },
      title: 'Trust anchors',
      description:
        'PEM files of the CA (or pinned self-signed) certificates a client certificate must be issued by. Read once at start; a relative path resolves against the working directory of the STS process. Each certificate must be a CA certificate or self-signed.',
    },
    minRsaBits: {
      type: 'integer',
      minimum: 2048,
      maximum: 16384,
      default: 2048,
      title: 'Minimum RSA key size (bits)',
      description: 'Client and trust-anchor RSA keys shorter than this are refused.',
    },
    minEcBits: {
      type: 'integer',
      enum: [256, 384, 521],
      default: 256,
      title: 'Minimum EC key size (bits)',
      description: 'Client and trust-anchor EC keys on a smaller curve are refused (P-256, P-384, P-521 only).',
    },
    allowSelfSigned: {
      type: 'boolean',
      default: false,
      title: 'Allow self-signed client certificates',
      description:
        'Accept a client certificate that is itself one of the trust anchors (a pinned self-signed certificate). When false, a client certificate must be issued by an anchor and must not be one.',
    },
    issuerDnPattern: {
      ...DN_PATTERN,
      title: 'Issuer DN pattern',
      description:
        'Optional regular expression (JavaScript, u flag) the issuer DN in RFC 4514 form must match as a whole (it is anchored for you). An extra filter on top of chain trust. No default: no filter.',
    },
    subjectDnPattern: {
      ...DN_PATTERN,
      title: 'Subject DN pattern',
      description:
        'Optional regular expression (JavaScript, u flag) the subject DN in RFC 4514 form must match as a whole (it is anchored for you). An extra filter on top of chain trust. No default: no filter.',
    },
    maxChainLength: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 4,
      title: 'Maximum chain length',
      description:
        'Certificates allowed between the client certificate and a trust anchor, anchor included. Reserved: a single BinarySecurityToken carries no intermediates, so today the client certificate must be issued directly by an anchor (a chain of length 1).',
    },
    authnContext: {
      type: 'string',
      minLength: 1,
      default: 'urn:oasis:names:tc:SAML:2.0:ac:classes:X509',
      title: 'Authentication context class',
      description: 'The SAML authentication context class reported for a subject this processor authenticated.',
    },
    replayWindowSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 86400,
      default: 360,
      title: 'Message replay window (seconds)',
      description:
        'How long an accepted signed message (its Timestamp Created, SignatureValue and signer key) is remembered, so that the same message is refused when it comes again. Keep it at least the kernel\'s Timestamp max age plus its future skew (300 + 60 s by default): after that the Timestamp itself is refused as stale.',
    },
  },
});
