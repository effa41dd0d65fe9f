/**
 * The OAuth clients of the config, prepared once at boot (hashes parsed, keys read), and client
 * authentication at the token and introspection endpoints (RFC 6749 section 2.3):
 * - client_secret_basic: HTTP Basic with the form-encoded client_id and secret (section 2.3.1);
 * - client_secret_post: client_id and client_secret in the body;
 * - private_key_jwt: client_assertion_type and client_assertion (RFC 7523 section 2.2).
 * Exactly one method per request (section 2.3: a client MUST NOT use more than one), and it must be one the
 * client is configured for. An unknown client costs the same scrypt as a wrong secret, so timing does not
 * tell which client ids exist. Every failure is the same invalid_client on the wire.
 */
import { quoteForLog, type StateStore } from '@sts/sdk';
import { StartupError, StartupErrorCode } from '../errors.js';
import { assertedClientId, verifyClientAssertion } from './client-assertion.js';
import { readClientKeys, type ClientKeys } from './client-keys.js';
import { readBasicCredentials } from '../http/basic-credentials.js';
import { parseSecretHash, type SecretHash } from '../http/client-secret-hash.js';
import type { ClientSecretVerifier } from '../http/client-secret-verifier.js';
import type { ClientAuthMethod, OAuthClient, OAuthConfig } from '../config/oauth-config.js';
import { OAuthError } from './oauth-error.js';
import { JWT_CLIENT_ASSERTION_TYPE } from './oauth-token-types.js';
import { optional, type FormParameters } from './read-form.js';

interface PreparedClient {
  readonly client: OAuthClient;
  readonly secret?: SecretHash;
  readonly keys?: ClientKeys;
}

export interface ClientAuthContext {
  readonly authorization: string | undefined;
  readonly form: FormParameters;
  readonly now: Date;
}

export class OAuthClients {
  private readonly clients = new Map<string, PreparedClient>();

  constructor(
    private readonly config: OAuthConfig,
    private readonly stateStore: StateStore,
    /** The token endpoint URLs a client assertion may name as its audience. */
    private readonly assertionAudiences: readonly string[],
    /** scrypt with the verified-credential cache; this face's own (client-secret-verifier.ts). */
    private readonly secrets: ClientSecretVerifier,
  ) {
    config.clients.forEach((client, i) => {
      const where = `/oauth/clients/${i}`;
      if (this.clients.has(client.clientId)) throw invalid(`${where}/clientId: duplicate client ${client.clientId}`);
      const usesSecret = client.authMethods.some((m) => m !== 'private_key_jwt');
      if (usesSecret && client.secretHash === undefined) throw invalid(`${where}/secretHash: required by ${client.authMethods.join(', ')}`);
      if (!usesSecret && client.secretHash !== undefined) throw invalid(`${where}/secretHash: set, but no client_secret method is allowed`);
      const usesKey = client.authMethods.includes('private_key_jwt');
      if (usesKey !== (client.jwksFile !== undefined || client.certificateFile !== undefined)) throw invalid(`${where}: jwksFile or certificateFile goes with private_key_jwt, and only with it`);
      if (client.jwksFile !== undefined && client.certificateFile !== undefined) throw invalid(`${where}: jwksFile and certificateFile are exclusive`);
      try {
        this.clients.set(client.clientId, {
          client,
          ...(client.secretHash === undefined ? {} : { secret: parseSecretHash(client.secretHash) }),
          ...(usesKey ? { keys: readClientKeys(client) } : {}),
        });
      } catch (error) {
        throw invalid(`${where}: ${(error as Error).message}`, error);
      }
    });
  }

  get size(): number {
    return this.clients.size;
  }

  /** The authenticated client, or invalid_client / invalid_request. */
  async authenticate({ authorization, form, now }: ClientAuthContext): Promise<OAuthClient> {
    const basic = authorization !== undefined && authorization !== '' ? readBasic(authorization) : undefined;
    const postId = optional(form, 'client_id');
    const postSecret = optional(form, 'client_secret');
    const assertionType = optional(form, 'client_assertion_type');
    const assertion = optional(form, 'client_assertion');
    const methods = [basic !== undefined, postSecret !== undefined, assertionType !== undefined || assertion !== undefined].filter(Boolean).length;
    if (methods > 1) throw new OAuthError('invalid_request', 'Use one client authentication method', { detail: 'more than one client authentication method' });

    if (basic) {
      if (postId !== undefined && postId !== basic.clientId) throw failed('client_id differs from the Basic credentials', true);
      return this.bySecret(basic.clientId, basic.secret, 'client_secret_basic', true);
    }
    if (postSecret !== undefined) {
      if (postId === undefined) throw new OAuthError('invalid_client', 'Client authentication failed', { detail: 'client_secret without client_id' });
      return this.bySecret(postId, postSecret, 'client_secret_post', false);
    }
    if (assertionType !== undefined || assertion !== undefined) {
      if (assertionType !== JWT_CLIENT_ASSERTION_TYPE || assertion === undefined) {
        throw new OAuthError('invalid_client', 'Client authentication failed', { detail: 'unsupported client_assertion_type or no client_assertion' });
      }
      const clientId = assertedClientId(assertion);
      if (postId !== undefined && postId !== clientId) throw failed('client_id differs from the assertion issuer');
      const prepared = this.clients.get(clientId);
      if (!prepared || !prepared.client.authMethods.includes('private_key_jwt') || !prepared.keys) throw failed(`no private_key_jwt client ${quoteForLog(clientId)}`);
      await verifyClientAssertion(assertion, {
        clientId,
        keys: prepared.keys,
        audiences: this.assertionAudiences,
        maxLifetimeSeconds: this.config.clientAssertionMaxLifetimeSeconds,
        now,
        stateStore: this.stateStore,
      });
      return prepared.client;
    }
    throw failed('no client authentication');
  }

  private async bySecret(clientId: string, secret: string, method: ClientAuthMethod, basic: boolean): Promise<OAuthClient> {
    const prepared = this.clients.get(clientId);
    const matches = await this.secrets.verify(clientId, secret, prepared?.secret);
    if (!prepared || !matches) throw failed(prepared ? `wrong secret for client ${quoteForLog(clientId)}` : `unknown client ${quoteForLog(clientId)}`, basic);
    if (!prepared.client.authMethods.includes(method)) throw failed(`client ${clientId} may not use ${method}`, basic);
    return prepared.client;
  }
}

/** RFC 6749 section 2.3.1 (and RFC 7617): base64 of the form-urlencoded id, a colon, the form-urlencoded secret. */
function readBasic(authorization: string): { clientId: string; secret: string } {
  const basic = readBasicCredentials(authorization);
  if ('problem' in basic) throw failed(basic.problem, true);
  try {
    return { clientId: formDecode(basic.userId), secret: formDecode(basic.password) };
  } catch (error) {
    throw failed('Basic credentials are not form-encoded', true);
  }
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function failed(detail: string, basicChallenge = false): OAuthError {
  return new OAuthError('invalid_client', 'Client authentication failed', { detail, basicChallenge });
}

function invalid(message: string, cause?: unknown): StartupError {
  return new StartupError(StartupErrorCode.CONFIG_INVALID, `oauth: ${message}`, { cause });
}
