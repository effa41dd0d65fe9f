/**
 * The `clientAuthentication` part of the kernel config: who may call the WS-Trust face (PingFederate's
 * "WS-Trust STS" client authentication, pingfederate-sts.md section 2.3). The clients are listed once; each
 * endpoint and each SP connection says which method it requires (`none`, HTTP Basic or a TLS client
 * certificate), and a connection may name the clients it serves. README "Client authentication".
 */
import { str, type FromConfigSchema } from './schema-helpers.js';

/** The `clientAuthentication` config after defaults, derived from {@link clientAuthenticationSchema}. */
export type ClientAuthenticationConfig = FromConfigSchema<typeof clientAuthenticationSchema>;
export type WsTrustClient = ClientAuthenticationConfig['clients'][number];
export type ClientAuthMethodName = ClientAuthenticationConfig['endpoints']['idp'];
/** What an SP connection requires of the client (`spConnections[].clientAuthentication`). */
export type ConnectionClientAuthentication = FromConfigSchema<typeof connectionClientAuthenticationSchema>;

const method = (where: string) =>
  ({
    enum: ['none', 'basic', 'certificate'],
    default: 'none',
    description: `Client authentication required at ${where}: none, basic (HTTP Basic) or certificate (TLS client certificate on the HTTPS listener)`,
  }) as const;

/** JSON Schema of {@link ClientAuthenticationConfig}. */
export const clientAuthenticationSchema = {
  type: 'object', additionalProperties: false, default: {},
  description: 'Client authentication on the WS-Trust face (README "Client authentication"); the OAuth face has its own clients.',
  properties: {
    realm: str('Realm of the WWW-Authenticate: Basic challenge (RFC 7617)', { default: 'STS', pattern: '^[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]{1,64}$' }),
    endpoints: {
      type: 'object', additionalProperties: false, default: {}, description: 'What each WS-Trust endpoint requires of every request (an SP connection may require more)',
      properties: { idp: method('/idp/sts.wst'), sp: method('/sp/sts.wst'), translator: method('/pf/sts.wst') },
    },
    clients: {
      type: 'array', default: [], description: 'The WS-Trust clients (WSC and WSP)',
      items: {
        type: 'object', additionalProperties: false, required: ['clientId'],
        properties: {
          // RFC 7617 section 2: the user-id of Basic must not contain a colon.
          clientId: str('Client id: the Basic user-id (printable ASCII, no colon)', { pattern: '^[\\x21-\\x39\\x3b-\\x7e]{1,128}$' }),
          name: str('Display name', { default: '' }),
          secretHash: str('scrypt hash of the Basic secret (`npm run sts -- client-secret`); without it the client cannot use Basic', { pattern: '^scrypt\\$' }),
          certificate: {
            type: 'object', additionalProperties: false, required: ['subjectDn'], description: 'The TLS client certificate that authenticates this client (chained to server.tls.clientCaFiles); without it the client cannot use a certificate',
            properties: {
              subjectDn: str('Subject DN of the certificate, RFC 4514 (CN=..., O=...; types and values compared case-insensitively)', { minLength: 3 }),
              issuerDn: str('Issuer DN the certificate must have as well (RFC 4514)', { minLength: 3 }),
            },
          },
        },
      },
    },
  },
} as const;

/** JSON Schema of {@link ConnectionClientAuthentication}. */
export const connectionClientAuthenticationSchema = {
  type: 'object', additionalProperties: false, default: {}, description: 'Client authentication this connection requires besides its endpoint\'s',
  properties: {
    method: method('this connection'),
    clients: { type: 'array', uniqueItems: true, items: { type: 'string' }, default: [], description: 'Client ids (clientAuthentication.clients) allowed to ask for this connection; empty: any client that authenticated as the method requires' },
  },
} as const;
