/**
 * The kernel configuration: one JSON file, validated by {@link kernelConfigSchema} (unknown keys rejected,
 * defaults applied, result frozen). The README's configuration reference is generated from the schema.
 */

/** Where an attribute value comes from (PingFederate's attribute sources). */
export type AttributeSource =
  | { readonly type: 'token'; readonly attribute: string }
  | { readonly type: 'subject' }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'context'; readonly field: 'clientAddress' | 'endpoint' | 'requestId' };

export interface AttributeMapping {
  readonly name: string;
  readonly source: AttributeSource;
  /** Refuse issuance when the source yields no value (otherwise the attribute is left out). */
  readonly required: boolean;
}

export interface PartnerServiceId {
  readonly id: string;
  /** `exact`: AppliesTo equals the id; `base-url`: AppliesTo is the id or a URL below it. */
  readonly match: 'exact' | 'base-url';
}

export interface SpConnection {
  readonly id: string;
  readonly name: string;
  readonly partnerServiceIds: readonly PartnerServiceId[];
  readonly defaultTokenType: string;
  readonly tokenTypes: readonly string[];
  /** Processor instance ids this connection accepts; empty: any enabled processor. */
  readonly tokenProcessors: readonly string[];
  readonly nameId: { readonly format: string; readonly source: AttributeSource };
  readonly subjectConfirmation: 'bearer' | 'sender-vouches';
  readonly attributeContract: readonly AttributeMapping[];
  readonly lifetime: { readonly minutesBefore: number; readonly minutesAfter: number };
  readonly signingKeyId?: string;
}

export interface KeyFileConfig {
  readonly kid: string;
  readonly privateKeyFile: string;
  readonly certificateFile: string;
}

export interface KernelConfig {
  readonly server: {
    readonly host: string;
    readonly port: number;
    /** The origins clients use to reach us (for the wsa:To check); defaults to http://host:port. */
    readonly publicOrigins: readonly string[];
  };
  readonly issuer: { readonly entityId: string };
  readonly keys: {
    readonly signing: readonly KeyFileConfig[];
    readonly activeKid?: string;
    /** When `signing` is empty: generate a development key in this folder on first run. */
    readonly devKeysDir: string;
  };
  readonly limits: {
    readonly maxRequestBytes: number;
    readonly maxDepth: number;
    readonly maxAttributesPerElement: number;
    readonly maxNamespaceDeclarationsPerElement: number;
    readonly maxElements: number;
    readonly maxTextLength: number;
  };
  readonly security: {
    readonly timestamp: {
      readonly required: boolean;
      readonly maxAgeSeconds: number;
      readonly futureSkewSeconds: number;
      readonly requireExpires: boolean;
      readonly maxValiditySeconds: number;
    };
  };
  readonly logging: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  readonly spConnections: readonly SpConnection[];
  /** Lines printed at startup (the demo profile names its user and partner here). */
  readonly notes: readonly string[];
}

const str = (description: string, extra: object = {}) => ({ type: 'string', description, ...extra });
const int = (description: string, minimum: number, maximum: number, dflt: number) => ({
  type: 'integer', description, minimum, maximum, default: dflt,
});

const attributeSource = {
  description: 'Where the value comes from: a processor attribute, the authenticated subject, literal text with ${attr} substitution, or the request context.',
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['type', 'attribute'], properties: { type: { const: 'token' }, attribute: str('Processor attribute name') } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'subject' } } },
    { type: 'object', additionalProperties: false, required: ['type', 'value'], properties: { type: { const: 'text' }, value: str('Text; ${name} is replaced by the first value of processor attribute name, or ${subject}') } },
    { type: 'object', additionalProperties: false, required: ['type', 'field'], properties: { type: { const: 'context' }, field: { enum: ['clientAddress', 'endpoint', 'requestId'], description: 'Request context field' } } },
  ],
};

/** JSON Schema of {@link KernelConfig}. */
export const kernelConfigSchema = {
  $id: 'https://sts.example/schemas/kernel-config.json',
  title: 'STS kernel configuration',
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'spConnections'],
  properties: {
    $schema: { type: 'string', description: 'Editor hint; ignored.' },
    server: {
      type: 'object', additionalProperties: false, default: {}, description: 'HTTP listener.',
      properties: {
        host: str('Address to listen on', { default: '127.0.0.1' }),
        port: int('Port to listen on (the STS_PORT environment variable overrides it)', 0, 65535, 9031),
        publicOrigins: { type: 'array', items: str('Origin such as https://sts.example.com', { pattern: '^https?://[^/]+$' }), default: [], description: 'Origins clients use to reach the STS; wsa:To must name one of them plus the endpoint path. Empty: http://host:port and http://localhost:port.' },
      },
    },
    issuer: {
      type: 'object', additionalProperties: false, required: ['entityId'], description: 'The STS identity.',
      properties: { entityId: str('Issuer of every token (SAML Issuer, JWT iss)', { minLength: 1 }) },
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
      type: 'object', additionalProperties: false, default: {}, description: 'Message security.',
      properties: {
        timestamp: {
          type: 'object', additionalProperties: false, default: {}, description: 'wsu:Timestamp rules (security-rules.md 6.1).',
          properties: {
            required: { type: 'boolean', default: true, description: 'Refuse requests without a Timestamp' },
            maxAgeSeconds: int('Oldest accepted Created', 1, 3600, 300),
            futureSkewSeconds: int('How far Created may be ahead of our clock', 0, 300, 60),
            requireExpires: { type: 'boolean', default: true, description: 'Refuse a Timestamp without Expires' },
            maxValiditySeconds: int('Largest Expires minus Created (MSAL and ADAL send 10 minutes; security-rules.md suggests 300 s)', 1, 86_400, 600),
          },
        },
      },
    },
    logging: {
      type: 'object', additionalProperties: false, default: {}, description: 'Logging.',
      properties: { level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'pino log level (STS_LOG_LEVEL overrides)' } },
    },
    notes: { type: 'array', items: { type: 'string' }, default: [], description: 'Lines printed at startup (the demo profile names its demo user here)' },
    spConnections: {
      type: 'array', description: 'SP connections of the IdP STS (selected by AppliesTo).',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'partnerServiceIds', 'defaultTokenType'],
        properties: {
          id: str('Connection id', { pattern: '^[A-Za-z0-9._:-]{1,128}$' }),
          name: str('Display name', { default: '' }),
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
        },
      },
    },
  },
} as const;
