/**
 * Connections to the directory, reused and bounded:
 *
 * - one **service connection**, bound as the service account, that serves every user search (LDAP
 *   multiplexes operations on a connection by message ID, RFC 4511 section 4.1.1); made again on the next
 *   search after it broke;
 * - a **bind pool** of at most `maxConnections` connections for the users' binds. A bind changes the
 *   connection's identity (RFC 4511 section 4.2), so each is used by one login at a time; a caller waits for a
 *   free one (bounded by the caller's deadline). A connection that failed in any way other than an LDAP result
 *   is closed, never put back.
 *
 * Every connection is opened by `openConnection`: connect (bounded by `connectTimeoutMs`), then StartTLS when
 * configured, before any bind. ldapts reconnects a dropped connection by itself on the next operation, in
 * plain text, even after StartTLS; so a connection is used only while it is still the one we opened
 * (`isConnected`), and replaced otherwise.
 */
import { Client, type ClientOptions, type SearchOptions, type SearchResult } from 'ldapts';

/** The part of an ldapts `Client` used here (tests substitute their own). @public */
export interface LdapClient {
  readonly isConnected: boolean;
  startTLS(options?: import('node:tls').ConnectionOptions): Promise<void>;
  bind(dn: string, password?: string): Promise<void>;
  search(baseDN: string, options?: SearchOptions): Promise<SearchResult>;
  unbind(): Promise<void>;
}

/** How connections are made. @public */
export interface LdapConnectionSettings {
  readonly url: string;
  readonly startTls: boolean;
  /** PEM CA certificates for ldaps:// and StartTLS; the system store when absent. */
  readonly ca?: Buffer;
  readonly connectTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly maxConnections: number;
  /** Makes a client; ldapts's `Client` by default. */
  readonly newClient?: (options: ClientOptions) => LdapClient;
}

/** @public */
export class LdapConnectionPool {
  private service: Promise<LdapClient> | undefined;
  private serviceClient: LdapClient | undefined;
  private readonly idle: LdapClient[] = [];
  private open = 0;
  private readonly waiting: ((client: LdapClient | undefined) => void)[] = [];
  private closed = false;

  constructor(
    private readonly settings: LdapConnectionSettings,
    private readonly serviceBind: { readonly dn: string; readonly password: string },
  ) {}

  /** True while the service connection is open and bound (a local check, no round trip). */
  serviceConnected(): boolean {
    return this.serviceClient?.isConnected === true;
  }

  /** Runs `work` on the service connection (bound as the service account). */
  async withService<T>(work: (client: LdapClient) => Promise<T>): Promise<T> {
    const pending = this.service ??= this.openConnection().then(async (client) => {
      try {
        await client.bind(this.serviceBind.dn, this.serviceBind.password);
        this.serviceClient = client;
        return client;
      } catch (err) {
        void client.unbind().catch(() => undefined);
        throw err;
      }
    });
    let client: LdapClient;
    try {
      client = await pending;
    } catch (err) {
      if (this.service === pending) this.service = undefined;
      throw err;
    }
    if (!client.isConnected) {
      // Dropped since: never let ldapts reconnect it on its own (unbound, and without StartTLS).
      if (this.service === pending) this.service = undefined;
      void client.unbind().catch(() => undefined);
      return this.withService(work);
    }
    try {
      return await work(client);
    } catch (err) {
      if (!isLdapResult(err) && this.service === pending) {
        this.service = undefined;
        void client.unbind().catch(() => undefined);
      }
      throw err;
    }
  }

  /** Runs `work` on a connection of the bind pool, waiting for one when all are busy. */
  async withBindConnection<T>(work: (client: LdapClient) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    let reusable = true;
    try {
      return await work(client);
    } catch (err) {
      if (!isLdapResult(err)) reusable = false;
      throw err;
    } finally {
      this.release(client, reusable);
    }
  }

  /** Closes every connection; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake(undefined);
    const clients = [...this.idle.splice(0)];
    const service = this.service;
    this.service = undefined;
    if (service) clients.push(...(await service.then((c) => [c], () => [])));
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }

  private async acquire(): Promise<LdapClient> {
    for (;;) {
      if (this.closed) throw new Error('the LDAP connection pool is closed');
      const client = this.idle.pop();
      if (client === undefined) break;
      if (client.isConnected) return client;
      this.open -= 1;
      void client.unbind().catch(() => undefined);
    }
    if (this.open < this.settings.maxConnections) {
      this.open += 1;
      try {
        return await this.openConnection();
      } catch (err) {
        this.open -= 1;
        this.wakeOne();
        throw err;
      }
    }
    const client = await new Promise<LdapClient | undefined>((resolve) => this.waiting.push(resolve));
    if (client === undefined) return this.acquire();
    return client;
  }

  private release(client: LdapClient, reusable: boolean): void {
    if (!reusable || this.closed || !client.isConnected) {
      this.open -= 1;
      void client.unbind().catch(() => undefined);
      this.wakeOne();
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(client);
    else this.idle.push(client);
  }

  /** A slot was freed: the first waiter tries again (it opens a new connection). */
  private wakeOne(): void {
    this.waiting.shift()?.(undefined);
  }

  private async openConnection(): Promise<LdapClient> {
    const { url, ca, connectTimeoutMs, operationTimeoutMs } = this.settings;
    const host = new URL(url).hostname;
    // `host` makes StartTLS (tls.connect on the existing socket) check the certificate against the URL's host,
    // as ldaps:// does; SNI only for a name (RFC 6066 section 3 forbids an address).
    const tlsOptions = { ...(ca && { ca }), host, ...(!isIpAddress(host) && { servername: host }), minVersion: 'TLSv1.2' as const };
    // ldapts treats any tlsOptions as "connect with TLS": give them only to ldaps://, StartTLS gets them below.
    const secure = url.startsWith('ldaps://');
    const options: ClientOptions = { url, connectTimeout: connectTimeoutMs, timeout: operationTimeoutMs, ...(secure && { tlsOptions }), strictDN: true };
    const client = (this.settings.newClient ?? ((o) => new Client(o)))(options);
    if (this.settings.startTls) {
      // ldapts bounds the StartTLS request, not the TLS handshake after it: a server that goes quiet there
      // would hold this connection (and, for the service connection, every search) forever.
      let timer: NodeJS.Timeout | undefined;
      const handshake = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          destroySocket(client);
          reject(new Error(`StartTLS did not complete within ${connectTimeoutMs + operationTimeoutMs} ms`));
        }, connectTimeoutMs + operationTimeoutMs);
      });
      try {
        await Promise.race([client.startTLS(tlsOptions), handshake]);
      } catch (err) {
        destroySocket(client);
        void client.unbind().catch(() => undefined);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    }
    return client;
  }
}

/** An LDAP result code the server sent (ldapts's ResultCodeError): the connection itself is fine. */
export function isLdapResult(err: unknown): err is Error & { code: number } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number';
}

/** Closes the client's socket at once (ldapts keeps it private; `unbind` would wait for a polite end). */
function destroySocket(client: LdapClient): void {
  (client as { socket?: { destroy(): void } }).socket?.destroy();
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.startsWith('[');
}
