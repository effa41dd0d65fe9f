/**
 * Client authentication at the WS-Trust face's front door (PingFederate's "WS-Trust STS" client
 * authentication, pingfederate-sts.md section 2.3): who is calling, as opposed to whose credential the
 * Security header carries. The endpoint (`clientAuthentication.endpoints`) and, on the IdP STS, the SP
 * connection that AppliesTo selects (`spConnections[].clientAuthentication`) each name a method; the client
 * must pass every method required, and the methods must agree on who it is. Dispatch is by the method map
 * below.
 *
 * It runs before the Security header is read and before anything one-time is recorded (issue 7; DESIGN.md
 * section 4 step 7): a client that first sends without credentials and retries after the 401 challenge
 * resends the same MessageID and nonce, which must still be unused. It records nothing itself.
 * Every refusal is the same wst:FailedAuthentication on the wire; the log says which check failed.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { quoteForLog } from '@sts/sdk';
import type { ClientAuthMethodName, WsTrustClient } from '../config/client-auth-config.js';
import type { KernelConfig, SpConnection } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import { readBasicCredentials } from '../http/basic-credentials.js';
import { ClientCertificateVerifier } from '../http/client-certificate.js';
import { parseSecretHash, type SecretHash } from '../http/client-secret-hash.js';
import type { ClientSecretVerifier } from '../http/client-secret-verifier.js';
import { dnText, parseConfiguredDn, sameDn, type NormalizedDn } from '../http/distinguished-name.js';
import { ConnectionResolver } from '../policy/connection-resolver.js';
import type { StsRole } from '../policy/policy-resolver.js';
import { ClientAuthenticationError } from './client-authentication-error.js';

/** What the front door knows of the request when it authenticates the client. */
export interface ClientAuthInput {
  readonly role: StsRole;
  /** The RST's AppliesTo, which selects the SP connection on the IdP STS. */
  readonly appliesTo?: string;
  /** The Authorization header, if any. */
  readonly authorization?: string;
  readonly socket: Socket;
  readonly now: Date;
}

interface PreparedClient {
  readonly client: WsTrustClient;
  readonly secret?: SecretHash;
  readonly subjectDn?: NormalizedDn;
  readonly issuerDn?: NormalizedDn;
}

type Authenticate = (self: WsTrustClientAuthenticator, input: ClientAuthInput) => Promise<string>;

/** Method → how it authenticates a request, yielding the client id or throwing. */
const METHODS: Readonly<Record<Exclude<ClientAuthMethodName, 'none'>, Authenticate>> = {
  basic: (self, input) => self.byBasic(input),
  certificate: async (self, input) => self.byCertificate(input),
};

export class WsTrustClientAuthenticator {
  private readonly clients = new Map<string, PreparedClient>();
  private readonly certificateClients: PreparedClient[] = [];
  private readonly connections: ConnectionResolver;
  private readonly certificates?: ClientCertificateVerifier;
  private readonly challenge: string;
  /** Whether any SP connection asks for a method: without one, a request needs no connection lookup here. */
  private readonly connectionsRequire: boolean;

  constructor(
    private readonly config: KernelConfig,
    /** scrypt with the verified-credential cache; this face's own (client-secret-verifier.ts). */
    private readonly secrets: ClientSecretVerifier,
  ) {
    const auth = config.clientAuthentication;
    this.challenge = `Basic realm="${auth.realm}", charset="UTF-8"`;
    auth.clients.forEach((client, i) => this.prepare(client, `/clientAuthentication/clients/${i}`));
    config.spConnections.forEach((connection, i) => this.checkConnection(connection, `/spConnections/${i}/clientAuthentication`));
    this.connections = new ConnectionResolver(config.spConnections);
    this.connectionsRequire = config.spConnections.some((c) => c.clientAuthentication.method !== 'none');
    const usesCertificates = Object.values(auth.endpoints).includes('certificate') || config.spConnections.some((c) => c.clientAuthentication.method === 'certificate');
    if (usesCertificates) this.certificates = new ClientCertificateVerifier(clientCas(config));
  }

  /** The authenticated client id; undefined when neither the endpoint nor the connection requires one. */
  async authenticate(input: ClientAuthInput): Promise<string | undefined> {
    const endpointMethod = this.config.clientAuthentication.endpoints[input.role];
    if (endpointMethod === 'none' && !this.connectionsRequire) return undefined;
    const connection = input.role === 'idp' && input.appliesTo !== undefined ? this.connections.resolve(input.appliesTo) : undefined;
    const required = new Set([endpointMethod, connection?.clientAuthentication.method ?? 'none']);
    required.delete('none');
    if (required.size === 0) return undefined;
    const challenge = required.has('basic') ? this.challenge : undefined;
    try {
      const ids = new Set<string>();
      for (const method of required as Set<keyof typeof METHODS>) ids.add(await METHODS[method](this, input));
      if (ids.size > 1) throw new ClientAuthenticationError(`Basic and the client certificate name different clients (${[...ids].join(', ')})`);
      const [clientId] = ids as Set<string>;
      const allowed = connection?.clientAuthentication.clients ?? [];
      if (allowed.length > 0 && !allowed.includes(clientId!)) throw new ClientAuthenticationError(`client ${clientId} is not allowed for connection ${connection!.id}`);
      return clientId;
    } catch (error) {
      if (error instanceof ClientAuthenticationError && challenge !== undefined && error.challenge === undefined) {
        throw new ClientAuthenticationError(error.message, challenge);
      }
      throw error;
    }
  }

  /** HTTP Basic (RFC 7617): the user-id is the client id, the password its secret, both taken as sent. */
  async byBasic(input: ClientAuthInput): Promise<string> {
    if (input.authorization === undefined || input.authorization === '') throw new ClientAuthenticationError('HTTP Basic client authentication required, and there is no Authorization header');
    const basic = readBasicCredentials(input.authorization);
    if ('problem' in basic) throw new ClientAuthenticationError(basic.problem);
    const prepared = this.clients.get(basic.userId);
    // The same scrypt runs for an unknown client, so timing does not tell which client ids exist.
    const matches = await this.secrets.verify(basic.userId, basic.password, prepared?.secret);
    if (!prepared) throw new ClientAuthenticationError(`unknown client ${quoteForLog(basic.userId)}`);
    if (!prepared.secret) throw new ClientAuthenticationError(`client ${prepared.client.clientId} has no secretHash and cannot use Basic`);
    if (!matches) throw new ClientAuthenticationError(`wrong secret for client ${prepared.client.clientId}`);
    return prepared.client.clientId;
  }

  /** A TLS client certificate from the HTTPS listener, verified (client-certificate.ts), then the DN rules. */
  byCertificate(input: ClientAuthInput): string {
    const checked = this.certificates!.verify(input.socket, input.now);
    if ('problem' in checked) throw new ClientAuthenticationError(checked.problem);
    const match = this.certificateClients.find((c) => sameDn(c.subjectDn!, checked.subject) && (c.issuerDn === undefined || sameDn(c.issuerDn, checked.issuer)));
    if (!match) throw new ClientAuthenticationError(`no client for the certificate ${checked.fingerprint} with subject ${quoteForLog(dnText(checked.subject))} and issuer ${quoteForLog(dnText(checked.issuer))}`);
    return match.client.clientId;
  }

  private prepare(client: WsTrustClient, where: string): void {
    if (this.clients.has(client.clientId)) throw invalid(`${where}/clientId: duplicate client ${client.clientId}`);
    if (client.secretHash === undefined && client.certificate === undefined) throw invalid(`${where}: a client needs a secretHash, a certificate, or both`);
    let prepared: PreparedClient;
    try {
      prepared = {
        client,
        ...(client.secretHash === undefined ? {} : { secret: parseSecretHash(client.secretHash) }),
        ...(client.certificate === undefined ? {} : { subjectDn: parseConfiguredDn(client.certificate.subjectDn) }),
        ...(client.certificate?.issuerDn === undefined ? {} : { issuerDn: parseConfiguredDn(client.certificate.issuerDn) }),
      };
    } catch (error) {
      throw invalid(`${where}: ${(error as Error).message}`, error);
    }
    if (prepared.subjectDn) {
      // Two clients for one certificate would make the client id depend on the list order.
      const twin = this.certificateClients.find((c) => sameDn(c.subjectDn!, prepared.subjectDn!));
      if (twin) throw invalid(`${where}/certificate/subjectDn: the same subject as client ${twin.client.clientId}`);
      this.certificateClients.push(prepared);
    }
    this.clients.set(client.clientId, prepared);
  }

  private checkConnection(connection: SpConnection, where: string): void {
    const { method, clients } = connection.clientAuthentication;
    for (const id of clients) if (!this.clients.has(id)) throw invalid(`${where}/clients: unknown client ${id}`);
    if (clients.length > 0 && method === 'none' && this.config.clientAuthentication.endpoints.idp === 'none') {
      throw invalid(`${where}/clients: a client list needs a method (here or at clientAuthentication.endpoints.idp)`);
    }
  }
}

/** The CAs client certificates must chain to: the HTTPS listener's, which must ask for certificates. */
function clientCas(config: KernelConfig): X509Certificate[] {
  const tls = config.server.tls;
  if (!tls || !tls.requestClientCertificate) {
    throw invalid('certificate client authentication needs server.tls with requestClientCertificate: true and clientCaFiles');
  }
  return tls.clientCaFiles.map((file, i) => {
    try {
      return new X509Certificate(readFileSync(file));
    } catch (error) {
      throw new StartupError(StartupErrorCode.TLS_INVALID, `/server/tls/clientCaFiles/${i}: ${file}: ${(error as Error).message}`, { cause: error });
    }
  });
}

function invalid(message: string, cause?: unknown): StartupError {
  return new StartupError(StartupErrorCode.CONFIG_INVALID, `clientAuthentication: ${message}`, { cause });
}
