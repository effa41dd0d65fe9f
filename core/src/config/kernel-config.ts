/**
 * The kernel configuration: one JSON file, validated by {@link kernelConfigSchema} (unknown keys rejected,
 * defaults applied, result frozen). The README's configuration reference is generated from the schema.
 */
import { delegationProperties } from './delegation-config.js';
import { clientAuthenticationSchema, connectionClientAuthenticationSchema } from './client-auth-config.js';
import { oauthConfigSchema } from './oauth-config.js';
import { batchSchema, connectionLifecycleSchema, tokenLifecycleSchema } from './token-lifecycle-config.js';
import { int, str, type FromConfigSchema } from './schema-helpers.js';

/** Where an attribute value comes from (PingFederate's attribute sources). */
export type AttributeSource = FromConfigSchema<typeof attributeSource>;

/** What every issuing policy (SP connection, IdP connection, token mapping) says about the token it issues. */
export type IssuancePolicy = FromConfigSchema<{
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly required: readonly ['id', 'defaultTokenType'];
  readonly properties: typeof issuanceProperties;
}>;

/** IdP STS: a partner that asks for tokens, selected by AppliesTo. */
export type SpConnection = KernelConfig['spConnections'][number];
/** SP STS: a partner whose tokens we accept, selected by the token's issuer. */
export type IdpConnection = KernelConfig['idpConnections'][number];
/** Token translator: a processor instance's tokens are exchanged for a generator's. */
export type TokenMapping = KernelConfig['tokenMappings'][number];
export type AttributeMapping = IssuancePolicy['attributeContract'][number];
export type PartnerServiceId = SpConnection['partnerServiceIds'][number];
/** A condition on the processor's attributes that must hold before anything is issued (PingFederate's issuance criteria). */
export type IssuanceCriterion = IssuancePolicy['issuanceCriteria'][number];
export type KeyFileConfig = KernelConfig['keys']['signing'][number];
/** The HTTPS listener; without certificate files a development certificate is generated (with a warning). */
export type TlsListenerConfig = NonNullable<KernelConfig['server']['tls']>;
/** HTTP listener limits (issue 7): every slow, idle or greedy client is bounded; see applyServerLimits. */
export type ServerLimits = KernelConfig['server']['limits'];
/** Where replay caches and lockout counters live (README "State backends"). */
export type StateConfig = KernelConfig['state'];

/** The entry bound of each backend when `state.maxEntries` is not set: memory is one process's heap. */
export const DEFAULT_MAX_ENTRIES: Readonly<Record<StateConfig['backend'], number>> = Object.freeze({ memory: 100_000, sqlite: 1_000_000, redis: 1_000_000 });

/** The SQLite file when `state.sqlite.file` is not set; its folder is created on first start (git-ignored). */
export const DEFAULT_SQLITE_FILE = '.sts-data/state.sqlite';

/** The whole kernel config, after defaults. */
export type KernelConfig = FromConfigSchema<typeof kernelConfigSchema>;


const attributeSource = {
  description: 'Where the value comes from: a processor attribute, the authenticated subject, literal text with ${attr} substitution, or the request context.',
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['type', 'attribute'], properties: { type: { const: 'token' }, attribute: str('Processor attribute name') } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'subject' } } },
    { type: 'object', additionalProperties: false, required: ['type', 'value'], properties: { type: { const: 'text' }, value: str('Text; ${name} is replaced by the first value of processor attribute name, or ${subject}') } },
    { type: 'object', additionalProperties: false, required: ['type', 'field'], properties: { type: { const: 'context' }, field: { enum: ['clientAddress', 'endpoint', 'requestId', 'clientId'], description: 'Request context field (clientId: the authenticated WS-Trust client, no value without one)' } } },
  ],
} as const;

const criterionAttribute = str('Processor attribute name, or subject (give this or context)', { minLength: 1 });
const criterionContext = { enum: ['clientId'], description: 'Request context field instead of an attribute: clientId, the client authenticated by client authentication (README "Client authentication")' } as const;

const issuanceProperties = {
  id: str('Id of this connection or mapping', { pattern: '^[A-Za-z0-9._:-]{1,128}$' }),
  name: str('Display name', { default: '' }),
  defaultTokenType: str('Token type issued when the RST names none'),
  tokenTypes: { type: 'array', items: { type: 'string' }, default: [], description: 'Token types the partner may ask for (the default is always allowed)' },
  tokenProcessors: { type: 'array', items: { type: 'string' }, default: [], description: 'Processor instance ids allowed for this connection; empty: any enabled processor' },
  nameId: {
    type: 'object', additionalProperties: false, default: {}, description: 'Subject NameID',
    properties: {
      format: str('NameID Format URI', { default: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }),
      source: { ...attributeSource, default: { type: 'subject' } },
    },
  },
  subjectConfirmation: { enum: ['bearer', 'sender-vouches'], default: 'bearer', description: 'SubjectConfirmation method' },
  attributeContract: {
    type: 'array', default: [], description: 'Attributes of the issued token, in order',
    items: {
      type: 'object', additionalProperties: false, required: ['name', 'source'],
      properties: {
        name: str('Attribute name in the issued token', { minLength: 1, maxLength: 256 }),
        source: attributeSource,
        required: { type: 'boolean', default: false, description: 'Refuse issuance when the source has no value' },
      },
    },
  },
  lifetime: {
    type: 'object', additionalProperties: false, default: {}, description: 'Token validity around the issue time (at most 8 hours in all)',
    properties: {
      minutesBefore: int('NotBefore = now minus this', 0, 60, 5),
      minutesAfter: int('NotOnOrAfter = now plus this', 1, 480, 60),
    },
  },
  signingKeyId: str('kid of the key to sign with (default: the active key)'),
  encryptionCertificateFile: str("PEM file of the partner's encryption certificate (RSA, 2048 bits or more): SAML 2.0 assertions and symmetric proof keys are encrypted to it", { minLength: 1 }),
  encryptAssertion: { type: 'boolean', default: false, description: 'Issue SAML 2.0 assertions as saml:EncryptedAssertion (AES-256-GCM, RSA-OAEP to encryptionCertificateFile, which is then required); other token types are refused' },
  proofKeys: {
    type: 'object', additionalProperties: false, default: {}, description: 'Key types (WS-Trust 1.3 section 9.2) the partner may ask for; README "Proof keys"',
    properties: {
      allowed: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['bearer', 'symmetric', 'public'] }, default: ['bearer'], description: 'bearer (no proof key), symmetric (SymmetricKey: needs encryptionCertificateFile), public (PublicKey with UseKey); leave bearer out to refuse bearer tokens' },
      default: { enum: ['bearer', 'symmetric', 'public'], default: 'bearer', description: 'Key type when the request names none; must be allowed' },
      keySize: {
        type: 'object', additionalProperties: false, default: {}, description: 'Bits of a symmetric proof key (KeySize); a request outside the bounds is refused',
        properties: {
          default: int('Bits when the request has no KeySize', 128, 512, 256),
          min: int('Smallest KeySize accepted', 128, 512, 128),
          max: int('Largest KeySize accepted', 128, 512, 512),
        },
      },
      allowUnsignedUseKey: { type: 'boolean', default: false, description: 'Accept PublicKey with a UseKey in a request that no signature by that key proves (e.g. UsernameToken over TLS)' },
    },
  },
  issuanceCriteria: {
    type: 'array', default: [], description: 'Conditions on the processor attributes; all must hold or nothing is issued',
    items: {
      type: 'object', additionalProperties: false, required: ['condition', 'value'],
      // A criterion is on a processor attribute or on a request context field, never both.
      oneOf: [{ required: ['attribute'], properties: { attribute: criterionAttribute } }, { required: ['context'], properties: { context: criterionContext } }],
      properties: {
        attribute: criterionAttribute,
        context: criterionContext,
        condition: { enum: ['equals', 'contains', 'matches'], description: 'equals / contains (a substring) / matches (an anchored regular expression), for some value' },
        value: str('The value to compare with'),
        error: str('Text sent to the client when the criterion fails', { default: 'The request does not meet the issuance criteria' }),
      },
    },
  },
} as const;

/** JSON Schema of {@link KernelConfig}. */
export const kernelConfigSchema = {
  $id: 'https://sts.example/schemas/kernel-config.json',
  title: 'STS kernel configuration',
  type: 'object',
  additionalProperties: false,
  required: ['issuer'],
  properties: {
    $schema: { type: 'string', description: 'Editor hint; ignored.' },
    server: {
      type: 'object', additionalProperties: false, default: {}, description: 'HTTP listener.',
      properties: {
        host: str('Address to listen on', { default: '127.0.0.1' }),
        port: int('Port to listen on (the STS_PORT environment variable overrides it)', 0, 65535, 9031),
        publicOrigins: { type: 'array', items: str('Origin such as https://sts.example.com', { pattern: '^https?://[^/]+$' }), default: [], description: 'Origins clients use to reach the STS; wsa:To must name one of them plus the endpoint path. Empty: http://host:port and http://localhost:port (and the HTTPS listener\'s).' },
        publicBaseUrl: str('Origin (scheme://host[:port], no path) that WSDL and MEX addresses start with; MSAL accepts https only. Its origin is also accepted in wsa:To. Default: the first https entry of publicOrigins (else its first), else the HTTPS listener (https://localhost:<tls.port> on a loopback address), else the HTTP listener', { pattern: '^https?://[^/?#]+$' }),
        workers: { type: 'integer', minimum: 1, maximum: 256, description: 'Worker processes (default: one per core; STS_WORKERS overrides). The memory state backend needs 1.' },
        maxWorkerRssMb: int('A worker whose resident memory passes this stops taking connections, drains and is replaced (a backstop: RSS counts what V8 does not see)', 64, 65_536, 768),
        shutdownGraceMs: int('How long a draining worker may finish in-flight requests (SIGTERM, reload, recycle)', 0, 600_000, 10_000),
        pidFile: str('The primary writes its pid here, for `sts reload`', { default: '.sts-data/sts.pid' }),
        admin: {
          type: 'object', additionalProperties: false, default: {}, description: 'The operators\' listener: /healthz, /readyz, /metrics. Keep it off the public network.',
          properties: {
            enabled: { type: 'boolean', default: true, description: 'Serve the admin listener' },
            host: str('Address of the admin listener', { default: '127.0.0.1' }),
            port: int('Port of the admin listener (STS_ADMIN_PORT overrides)', 0, 65535, 9032),
          },
        },
        tls: {
          type: 'object', additionalProperties: false, description: 'The HTTPS listener (absent: none). Without certificateFile and keyFile a development certificate is generated in keys.devKeysDir, with a warning.',
          properties: {
            host: str('Address to listen on (default: server.host)'),
            port: int('HTTPS port (STS_TLS_PORT overrides)', 0, 65535, 9443),
            certificateFile: str('PEM certificate chain, leaf first'),
            keyFile: str('PEM private key of the certificate'),
            minVersion: { enum: ['TLSv1.2', 'TLSv1.3'], default: 'TLSv1.2', description: 'Lowest TLS version accepted' },
            requestClientCertificate: { type: 'boolean', default: false, description: 'Ask clients for a certificate, verified against clientCaFiles (for client authentication)' },
            clientCaFiles: { type: 'array', items: { type: 'string' }, default: [], description: 'PEM files of the CAs that client certificates must chain to' },
          },
        },
        limits: {
          type: 'object', additionalProperties: false, default: {}, description: 'Connection limits: slow, idle and greedy clients are dropped (README "Limits").',
          properties: {
            headersTimeoutMs: int('A request head must arrive within this, counted from the connection or the end of the previous response (Node default 60 s)', 100, 120_000, 10_000),
            requestTimeoutMs: int('A whole request, head and body, must arrive within this; at least headersTimeoutMs (Node default 300 s)', 100, 600_000, 30_000),
            keepAliveTimeoutMs: int('An idle keep-alive connection is closed after this (Node adds up to a second; at the latest this plus headersTimeoutMs)', 100, 600_000, 5_000),
            maxConnections: int('Concurrent connections per worker and listener; a connection beyond it is closed at once (keep it below the file-descriptor limit)', 1, 1_000_000, 512),
            maxConnectionsPerClient: int('Concurrent connections from one remote address to one worker; a connection beyond it is closed at once (behind a proxy, raise it to maxConnections)', 1, 1_000_000, 64),
            maxRequestsPerSocket: int('Requests served on one connection before it is closed', 1, 1_000_000, 1_000),
          },
        },
      },
    },
    issuer: {
      type: 'object', additionalProperties: false, required: ['entityId'], description: 'The STS identity.',
      properties: {
        entityId: str('Issuer of every token (SAML Issuer, JWT iss)', { minLength: 1 }),
        audiences: { type: 'array', items: { type: 'string' }, default: [], description: 'More identifiers incoming tokens may name as audience (the entity id and the endpoint URLs always count)' },
      },
    },
    keys: {
      type: 'object', additionalProperties: false, default: {}, description: 'Signing keys.',
      properties: {
        signing: {
          type: 'array', default: [], description: 'PEM key files; empty: generate a development key.',
          items: {
            type: 'object', additionalProperties: false, required: ['kid', 'privateKeyFile', 'certificateFile'],
            properties: {
              kid: str('Key id (JWKS kid)', { pattern: '^[A-Za-z0-9._-]{1,64}$' }),
              privateKeyFile: str('PKCS#8 or PKCS#1 PEM private key'),
              certificateFile: str('PEM certificate chain, leaf first'),
            },
          },
        },
        activeKid: str('The key to sign with (default: the first)'),
        devKeysDir: str('Folder for the generated development key (git-ignored)', { default: '.dev-keys' }),
      },
    },
    limits: {
      type: 'object', additionalProperties: false, default: {}, description: 'Byte-gate caps (security-rules.md 6.5).',
      properties: {
        maxRequestBytes: int('Largest request body; HTTP 413 beyond', 1024, 4_194_304, 262_144),
        maxDepth: int('Deepest element nesting', 8, 256, 64),
        maxAttributesPerElement: int('Attributes per element', 4, 256, 64),
        maxNamespaceDeclarationsPerElement: int('xmlns declarations per element', 2, 128, 32),
        maxElements: int('Elements per request', 16, 20_000, 4000),
        maxTextLength: int('Longest text run', 256, 1_048_576, 65_536),
      },
    },
    security: {
      type: 'object', additionalProperties: false, default: {}, description: 'Message security, and the cost of client secrets.',
      properties: {
        timestamp: {
          type: 'object', additionalProperties: false, default: {}, description: 'wsu:Timestamp rules (security-rules.md 6.1).',
          properties: {
            required: { type: 'boolean', default: true, description: 'Refuse requests without a Timestamp' },
            maxAgeSeconds: int('Oldest accepted Created', 1, 3600, 300),
            futureSkewSeconds: int('How far Created may be ahead of our clock', 0, 300, 60),
            requireExpires: { type: 'boolean', default: true, description: 'Refuse a Timestamp without Expires' },
            maxValiditySeconds: int('Largest Expires minus Created (MSAL and ADAL send 10 minutes; security-rules.md suggests 300 s)', 1, 86_400, 600),
            maxFractionalDigits: int('Most fractional-second digits in Created and Expires (.NET sends 7; WS-I BSP R3220 says senders should use at most 3)', 0, 12, 7),
          },
        },
        clientSecretCache: {
          type: 'object', additionalProperties: false, default: {},
          description: 'After scrypt accepts a client secret (OAuth client_secret_basic and client_secret_post, WS-Trust Basic), remember an HMAC of client id and secret under a random per-process key (never the secret), so the same client skips scrypt for a while. A different secret always runs scrypt; failures are never remembered; OAuth and WS-Trust clients each have their own cache.',
          properties: {
            ttlSeconds: int('How long a verified client secret skips scrypt; 0 disables the cache (scrypt on every request)', 0, 3600, 60),
            maxEntries: int('Most clients remembered at once, per face; beyond it the oldest entry is dropped (that client pays one scrypt at its next request)', 1, 1_000_000, 10_000),
          },
        },
      },
    },
    logging: {
      type: 'object', additionalProperties: false, default: {}, description: 'Logging.',
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'pino log level (STS_LOG_LEVEL overrides)' },
        audit: {
          type: 'object', additionalProperties: false, default: {}, description: 'The audit log: one JSON line per Issue, Validate and refusal.',
          properties: {
            enabled: { type: 'boolean', default: true, description: 'Write audit events' },
            file: str('File to append audit events to (default: standard output; STS_AUDIT_FILE overrides)'),
          },
        },
      },
    },
    state: {
      type: 'object', additionalProperties: false, default: {}, description: 'Where one-time values (nonces, MessageIDs, assertion IDs, jtis, request signatures) and lockout counters live; see "State backends".',
      properties: {
        backend: { enum: ['memory', 'sqlite', 'redis'], default: 'sqlite', description: 'memory: one process (tests); sqlite: every process on this machine, survives restarts; redis: several machines' },
        maxEntries: { type: 'integer', minimum: 1, maximum: 100_000_000, description: 'Entry bound; when reached, new one-time values are refused with wst:RequestFailed (live entries are never evicted). Default 100000 for memory, 1000000 for sqlite and redis' },
        sqlite: {
          type: 'object', additionalProperties: false, default: {}, description: 'The sqlite backend.',
          properties: {
            file: str('Database file (WAL mode; the -wal and -shm files sit beside it). Its folder must exist, except the default .sts-data/, which is created', { default: DEFAULT_SQLITE_FILE, minLength: 1 }),
            busyTimeoutMs: int('How long a write waits for another process to release the file before the request is refused', 1, 60_000, 2000),
          },
        },
        redis: {
          type: 'object', additionalProperties: false, default: {}, description: 'The redis backend.',
          properties: {
            url: str('redis://[user:password@]host[:port][/db] or rediss:// for TLS; required for the redis backend', { minLength: 1 }),
            keyPrefix: str('Prefix of every key, so several STS deployments (or other applications) can share one Redis', { default: 'sts:', maxLength: 64 }),
            connectTimeoutMs: int('Connection attempt timeout; the client keeps reconnecting in the background', 100, 60_000, 2000),
            commandTimeoutMs: int('A command without an answer after this long fails, and so does the request', 50, 60_000, 1000),
          },
        },
      },
    },
    oauth: oauthConfigSchema,
    clientAuthentication: clientAuthenticationSchema,
    tokenLifecycle: tokenLifecycleSchema,
    batch: batchSchema,
    notes: { type: 'array', items: { type: 'string' }, default: [], description: 'Lines printed at startup (the demo profile names its demo user here)' },
    spConnections: {
      type: 'array', default: [], description: 'SP connections of the IdP STS (/idp/sts.wst), selected by AppliesTo.',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'partnerServiceIds', 'defaultTokenType'],
        properties: {
          ...issuanceProperties,
          ...delegationProperties,
          clientAuthentication: connectionClientAuthenticationSchema,
          tokenLifecycle: connectionLifecycleSchema,
          partnerServiceIds: {
            type: 'array', minItems: 1, description: 'AppliesTo values that select this connection',
            items: {
              type: 'object', additionalProperties: false, required: ['id'],
              properties: {
                id: str('Partner service identifier (URI)', { minLength: 1 }),
                match: { enum: ['exact', 'base-url'], default: 'exact', description: 'exact, or base-url (the id is an http(s) URL ending in / and AppliesTo may be below it)' },
              },
            },
          },
        },
      },
    },
    idpConnections: {
      type: 'array', default: [], description: 'IdP connections of the SP STS (/sp/sts.wst), selected by the issuer of the presented token.',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'issuer', 'certificateFiles'],
        properties: {
          ...issuanceProperties,
          defaultTokenType: str('Local token type issued when the request names none (mode issue)', { default: '' }),
          issuer: str('The SAML Issuer or JWT iss value of this partner', { minLength: 1 }),
          certificateFiles: { type: 'array', minItems: 1, items: { type: 'string' }, description: "PEM files of the certificates whose keys sign this partner's tokens" },
          mode: { enum: ['validate-only', 'issue'], default: 'validate-only', description: 'validate-only: Validate answers with a status; issue: a local token may be issued' },
          defaultAudience: str('Audience of the local token when the request has no AppliesTo'),
        },
      },
    },
    tokenMappings: {
      type: 'array', default: [], description: "Token-to-token mappings of the token translator (/pf/sts.wst), selected by the processor instance that validated the token.",
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'processor', 'defaultTokenType'],
        properties: {
          ...issuanceProperties,
          processor: str('The processor instance whose tokens this mapping takes'),
          appliesTo: { type: 'array', items: { type: 'string' }, default: [], description: 'AppliesTo values this mapping serves (exact); empty: any' },
          defaultAudience: str('Audience of the issued token when the request has no AppliesTo'),
        },
      },
    },
  },
} as const;
