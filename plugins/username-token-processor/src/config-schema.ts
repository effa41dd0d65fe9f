/**
 * The instance config of the UsernameToken processor, as a JSON Schema the kernel validates with ajv
 * (`useDefaults`), so `create()` receives every property filled in.
 *
 * The time defaults are the WSS4J ones the team adopted (security-rules.md section 6.1: `utTTL = 300` s,
 * `utFutureTTL = 60` s). The lockout key is username + client address, as PingFederate's processor does.
 */
import type { ConfigSchema } from '@sts/sdk';

/** The validated config `create()` receives (defaults applied). @public */
export interface UsernameTokenProcessorConfig {
  readonly usersFile: string;
  readonly allowPasswordText: boolean;
  readonly allowPasswordDigest: boolean;
  readonly createdMaxAgeSeconds: number;
  readonly createdFutureSkewSeconds: number;
  readonly createdMaxFractionalDigits: number;
  readonly lockout: {
    readonly maxFailures: number;
    readonly windowSeconds: number;
    readonly lockoutSeconds: number;
  };
  readonly credentialCache: {
    readonly ttlSeconds: number;
    readonly maxEntries: number;
  };
  readonly authnContext: string;
}

/** JSON Schema of {@link UsernameTokenProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  required: ['usersFile'],
  properties: {
    usersFile: {
      type: 'string',
      minLength: 1,
      title: 'Users file',
      description:
        'Path of the JSON users file (see README). A relative path resolves against the working directory of the STS process. The file is re-read when it changes.',
    },
    allowPasswordText: {
      type: 'boolean',
      default: true,
      title: 'Allow PasswordText',
      description:
        'Accept a Password of type PasswordText, or with no Type attribute (the UsernameToken Profile default). Only safe over TLS.',
    },
    allowPasswordDigest: {
      type: 'boolean',
      default: true,
      title: 'Allow PasswordDigest',
      description:
        'Accept a Password of type PasswordDigest (needs Nonce and Created, and a digestPassword for the user in the users file).',
    },
    createdMaxAgeSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 3600,
      default: 300,
      title: 'Created maximum age (s)',
      description: 'A wsu:Created older than this many seconds is refused (WSS4J utTTL).',
    },
    createdFutureSkewSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 300,
      default: 60,
      title: 'Created future skew (s)',
      description: 'A wsu:Created more than this many seconds ahead of the STS clock is refused (WSS4J utFutureTTL).',
    },
    createdMaxFractionalDigits: {
      type: 'integer',
      minimum: 0,
      maximum: 12,
      default: 7,
      title: 'Created fractional digits',
      description: 'Most fractional-second digits accepted in wsu:Created (.NET sends 7; WS-I BSP R3220 says senders should use at most 3). A zone (Z or an offset such as +00:00) is always required.',
    },
    lockout: {
      type: 'object',
      additionalProperties: false,
      default: {},
      title: 'Lockout',
      description: 'Refuse a username from a client address after repeated failed passwords.',
      properties: {
        maxFailures: {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          default: 5,
          title: 'Maximum failures',
          description: 'Failed passwords within the window that lock the username for that client address.',
        },
        windowSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 86400,
          default: 900,
          title: 'Failure window (s)',
          description: 'How long a failed attempt counts, from the first failure of a series.',
        },
        lockoutSeconds: {
          type: 'integer',
          minimum: 1,
          maximum: 86400,
          default: 900,
          title: 'Lockout duration (s)',
          description: 'How long a locked username stays refused for that client address, even with the right password.',
        },
      },
    },
    credentialCache: {
      type: 'object',
      additionalProperties: false,
      default: {},
      title: 'Verified-credential cache',
      description:
        'After scrypt accepts a PasswordText, remember an HMAC of username and password (under a random per-process key, never the password) so the same login skips scrypt for a while. Emptied when the users file changes; a user is dropped when locked out.',
      properties: {
        ttlSeconds: {
          type: 'integer',
          minimum: 0,
          maximum: 3600,
          default: 60,
          title: 'Cache lifetime (s)',
          description: 'How long a verified login skips scrypt. 0 disables the cache: scrypt runs for every PasswordText.',
        },
        maxEntries: {
          type: 'integer',
          minimum: 1,
          maximum: 1000000,
          default: 10000,
          title: 'Maximum cached users',
          description: 'Most users remembered at once; beyond it the oldest entry is dropped (that user pays one scrypt at the next login).',
        },
      },
    },
    authnContext: {
      type: 'string',
      minLength: 1,
      default: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      title: 'Authentication context class',
      description: 'The SAML authentication context class reported for a subject this processor authenticated.',
    },
  },
});
