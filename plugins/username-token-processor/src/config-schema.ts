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
  /** The users-file credential source; exactly one of `usersFile` and `ldap` is set. */
  readonly usersFile?: string;
  /** The LDAP credential source. */
  readonly ldap?: LdapSourceConfig;
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

/** The `ldap` config object (defaults applied). @public */
export interface LdapSourceConfig {
  readonly url: string;
  readonly startTls: boolean;
  readonly allowUnencrypted: boolean;
  readonly caFile?: string;
  readonly bindDn: string;
  readonly bindPassword?: string;
  readonly bindPasswordFile?: string;
  readonly userSearchBase: string;
  readonly userSearchFilter: string;
  readonly userSearchScope: 'sub' | 'one';
  readonly subjectAttribute?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly maxConnections: number;
}

const ldapSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'bindDn', 'userSearchBase'],
  title: 'LDAP directory',
  description:
    'Check passwords against an LDAP directory: search the user with the service account, then bind as the entry found with the presented password. PasswordText only (set allowPasswordDigest to false).',
  properties: {
    url: {
      type: 'string',
      pattern: '^ldaps?://[^/?#\\s]+/?$',
      title: 'Directory URL',
      description: 'ldap://host:port or ldaps://host:port (scheme, host and port only).',
    },
    startTls: {
      type: 'boolean',
      default: false,
      title: 'StartTLS',
      description: 'Upgrade an ldap:// connection with StartTLS (RFC 4513 section 3) before any bind; a failed upgrade is a directory failure, never a plain-text bind.',
    },
    allowUnencrypted: {
      type: 'boolean',
      default: false,
      title: 'Allow unencrypted',
      description: 'Allow ldap:// without StartTLS, which sends the service and user passwords in clear text. Refused at startup unless set.',
    },
    caFile: {
      type: 'string',
      minLength: 1,
      title: 'CA file',
      description: 'PEM file of the CA certificates that sign the directory\'s TLS certificate (ldaps:// or StartTLS). Without it, the system trust store. The server name is always checked.',
    },
    bindDn: {
      type: 'string',
      minLength: 1,
      title: 'Service bind DN',
      description: 'The DN of the service account that searches for users.',
    },
    bindPassword: {
      type: 'string',
      minLength: 1,
      title: 'Service bind password',
      description: 'Its password, inline. Set exactly one of bindPassword and bindPasswordFile.',
    },
    bindPasswordFile: {
      type: 'string',
      minLength: 1,
      title: 'Service bind password file',
      description: 'A file whose first line is the service password (relative to the working directory), read at startup.',
    },
    userSearchBase: {
      type: 'string',
      minLength: 1,
      title: 'User search base',
      description: 'The DN under which users are searched.',
    },
    userSearchFilter: {
      type: 'string',
      default: '(uid={username})',
      pattern: '\\{username\\}',
      title: 'User search filter',
      description: 'An RFC 4515 filter; every {username} is replaced by the presented username, escaped per RFC 4515 section 3 (so * ( ) \\ and NUL match literally). Exactly one entry must match.',
    },
    userSearchScope: {
      type: 'string',
      enum: ['sub', 'one'],
      default: 'sub',
      title: 'User search scope',
      description: 'sub: the whole subtree under the base; one: its direct children only.',
    },
    subjectAttribute: {
      type: 'string',
      minLength: 1,
      title: 'Subject attribute',
      description: 'The attribute whose single value becomes the subject (e.g. uid, so the subject has the directory\'s spelling). Without it, the username as presented.',
    },
    attributes: {
      type: 'object',
      default: {},
      additionalProperties: { type: 'string', minLength: 1 },
      title: 'Attributes',
      description: 'Directory attribute -> name in the processor\'s attribute set, e.g. {"mail": "mail", "memberOf": "groups"}. Only these are fetched; values are returned as strings.',
    },
    connectTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 60000,
      default: 5000,
      title: 'Connect timeout (ms)',
      description: 'How long to wait for a TCP (and TLS) connection to the directory.',
    },
    operationTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 60000,
      default: 5000,
      title: 'Operation timeout (ms)',
      description: 'How long to wait for each answer of the directory (StartTLS, bind, search). A timeout is wst:RequestFailed.',
    },
    maxConnections: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 4,
      title: 'Maximum connections',
      description: 'Connections per STS process for user binds (a bounded pool, reused); one more, bound as the service account, serves all searches.',
    },
  },
} as const;

/** JSON Schema of {@link UsernameTokenProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  // Exactly one credential source.
  oneOf: [
    { type: 'object', properties: { usersFile: true }, required: ['usersFile'] },
    { type: 'object', properties: { ldap: true }, required: ['ldap'] },
  ],
  properties: {
    usersFile: {
      type: 'string',
      minLength: 1,
      title: 'Users file',
      description:
        'Credential source: path of the JSON users file (see README). A relative path resolves against the working directory of the STS process. The file is re-read when it changes. Set exactly one of usersFile and ldap.',
    },
    ldap: ldapSchema,
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
