/**
 * The LDAP password credential validator (PingFederate's "LDAP Username Password Credential Validator",
 * Apache CXF's LDAP login module): find the user with the service account, then bind as that entry with the
 * presented password (RFC 4513 section 5.1.3, simple authentication).
 *
 * - The username goes into the search filter escaped per RFC 4515 (`ldap-user-filter.ts`); exactly one entry
 *   must match: none is "unknown user", more than one is refused and logged as a directory problem.
 * - An empty password is refused here, before any bind: RFC 4513 section 5.1.2 makes a simple bind with a DN
 *   and an empty password an *unauthenticated* bind, which many servers answer with success.
 * - For an unknown user we still bind once (with a DN that cannot exist), so the time taken does not tell
 *   which usernames exist.
 * - A directory that cannot answer (refused, dropped, too slow, a failed StartTLS, a service bind refused,
 *   a bad search base) is `ServerFailureError` (`wst:RequestFailed`), never an authentication failure, and
 *   marks the source not ready until a directory operation succeeds again.
 * - The verified-credential cache keeps the user found with the login; a hit is served only while the
 *   service connection is open and the directory answered within the last 2 s (`reachable`), so a stopped
 *   directory never turns into a successful issue.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ServerFailureError, quoteForLog, type Logger, type VerifiedCredentialCache } from '@sts/sdk';
import type { SearchOptions } from 'ldapts';
import type { LdapSourceConfig } from './config-schema.js';
import type { CredentialCheck, CredentialSource, VerifiedUser } from './credential-source.js';
import { LdapConnectionPool, isLdapResult, type LdapClient, type LdapConnectionSettings } from './ldap-connection-pool.js';
import { checkUserFilterTemplate, userFilter } from './ldap-user-filter.js';

/** What `open` may be given besides the config. @public */
export interface LdapValidatorOptions {
  readonly credentialCache?: VerifiedCredentialCache<VerifiedUser>;
  /** Makes ldapts clients; replaceable so tests can watch every bind. */
  readonly newClient?: LdapConnectionSettings['newClient'];
}

/**
 * Result codes of a user's bind that mean "not this password" (RFC 4511 appendix A): invalidCredentials,
 * inappropriateAuthentication, insufficientAccessRights, unwillingToPerform (e.g. an unauthenticated bind
 * refused), constraintViolation (password policies use it for a locked or expired password). Any other code
 * (busy, unavailable, ...) is the directory failing.
 */
const REFUSED_BIND_CODES: ReadonlySet<number> = new Set([49, 48, 50, 53, 19]);
/** sizeLimitExceeded: the filter matched more entries than we asked for. */
const SIZE_LIMIT_EXCEEDED = 4;
/** How long a readiness answer is reused (monotonic time), so /readyz polling does not become directory load. */
const PROBE_INTERVAL_MS = 2000;
/** A DN that no directory holds: the bind for an unknown user costs a round trip like a real one. */
const NO_SUCH_USER_RDN = 'cn=sts-no-such-user-5f0c1d';

/** @public */
export class LdapValidator implements CredentialSource {
  private healthy = true;
  private probedAt = -Infinity;
  private probing: Promise<boolean> | undefined;
  private readonly scope: SearchOptions['scope'];
  private readonly fetched: string[];

  private constructor(
    private readonly config: LdapSourceConfig,
    private readonly pool: LdapConnectionPool,
    private readonly logger: Logger,
    private readonly options: LdapValidatorOptions,
  ) {
    this.scope = config.userSearchScope;
    this.fetched = [...new Set([...Object.keys(config.attributes), ...(config.subjectAttribute ? [config.subjectAttribute] : [])])];
  }

  /** Checks the config (throwing an Error that names the key); connects lazily, so a directory down at startup only makes the STS not ready. */
  static async open(config: LdapSourceConfig, logger: Logger, options: LdapValidatorOptions = {}): Promise<LdapValidator> {
    const secure = config.url.startsWith('ldaps://');
    if (secure && config.startTls) throw new Error('ldap.startTls is for ldap:// URLs; an ldaps:// connection is already TLS');
    if (!secure && !config.startTls && !config.allowUnencrypted) {
      throw new Error(`ldap.url ${config.url} without startTls would send passwords in clear text; set ldap.startTls, use ldaps://, or set ldap.allowUnencrypted`);
    }
    if ((config.bindPassword === undefined) === (config.bindPasswordFile === undefined)) {
      throw new Error('set exactly one of ldap.bindPassword and ldap.bindPasswordFile');
    }
    checkUserFilterTemplate(config.userSearchFilter);
    const password = config.bindPassword ?? (await readFirstLine(config.bindPasswordFile!, 'ldap.bindPasswordFile'));
    const ca = config.caFile === undefined ? undefined : await readFile(resolve(process.cwd(), config.caFile)).catch((err: Error) => {
      throw new Error(`cannot read ldap.caFile ${config.caFile}: ${err.message}`);
    });
    const pool = new LdapConnectionPool(
      { url: config.url, startTls: config.startTls, ca, connectTimeoutMs: config.connectTimeoutMs, operationTimeoutMs: config.operationTimeoutMs, maxConnections: config.maxConnections, newClient: options.newClient },
      { dn: config.bindDn, password },
    );
    return new LdapValidator(config, pool, logger, options);
  }

  async checkPassword(username: string, password: string): Promise<CredentialCheck> {
    if (password === '') return { ok: false, reason: 'wrong password' };
    const cache = this.options.credentialCache;
    const hit = cache?.lookup(username, password);
    if (hit?.value && (await this.reachable())) return { ok: true, user: hit.value };
    try {
      const check = await this.withDeadline((signal) => this.verify(username, password, signal));
      this.setHealthy(true);
      if (check.ok) cache?.remember(username, password, check.user);
      return check;
    } catch (err) {
      if (err instanceof EntryError) {
        // The directory answered; its data does not fit the config. The server's fault, but no outage.
        this.setHealthy(true);
        this.logger.error({ url: this.config.url, reason: err.message }, 'LDAP entry unusable: credential refused');
        throw new ServerFailureError(err.message, { cause: err });
      }
      this.setHealthy(false);
      this.logger.error({ url: this.config.url, reason: (err as Error).message }, 'LDAP directory failed: credential not checked');
      throw new ServerFailureError(`LDAP directory failed while checking ${quoteForLog(username)}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** A directory matches `uid` case-insensitively (caseIgnoreMatch): one lockout allowance for every spelling. */
  lockoutName(username: string): string {
    return username.normalize('NFKC').toLowerCase();
  }

  /**
   * Whether a cached login may be served without asking the directory: its service connection is open (a
   * directory that was stopped closed it) and the directory answered within the last PROBE_INTERVAL_MS
   * (otherwise one probe, shared by concurrent callers). Only a directory that hangs with its connection
   * open can thus be bridged by the cache, for at most that interval.
   */
  private async reachable(): Promise<boolean> {
    if (!this.pool.serviceConnected()) return false;
    return this.ready();
  }

  /** Ready when the directory answered a search as the service account within the last couple of seconds. */
  async ready(): Promise<boolean> {
    if (performance.now() - this.probedAt < PROBE_INTERVAL_MS) return this.healthy;
    this.probing ??= this.withDeadline(() => this.pool.withService((c) => c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] })))
      .then(() => true, (err: Error) => {
        if (this.healthy) this.logger.error({ url: this.config.url, reason: err.message }, 'LDAP directory does not answer: not ready');
        return false;
      })
      .then((ok) => {
        this.setHealthy(ok);
        this.probing = undefined;
        return ok;
      });
    return this.probing;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async verify(username: string, password: string, signal: AbortSignal): Promise<CredentialCheck> {
    const { userSearchBase, operationTimeoutMs } = this.config;
    const entries = await this.pool.withService((c) => c.search(userSearchBase, {
      scope: this.scope,
      filter: userFilter(this.config.userSearchFilter, username),
      attributes: this.fetched.length > 0 ? this.fetched : ['1.1'],
      // Two are enough to tell "exactly one" from "more than one".
      sizeLimit: 2,
      timeLimit: Math.ceil(operationTimeoutMs / 1000),
    })).then((r) => r.searchEntries, (err: unknown) => {
      if (isLdapResult(err) && err.code === SIZE_LIMIT_EXCEEDED) return undefined;
      throw err;
    });
    if (entries === undefined || entries.length > 1) {
      this.logger.error({ username, base: userSearchBase }, 'LDAP user search matched more than one entry: refused (fix ldap.userSearchFilter or the directory)');
      return { ok: false, reason: 'ambiguous user' };
    }
    const entry = entries[0];
    const refused = await this.bindAs(entry?.dn ?? `${NO_SUCH_USER_RDN},${userSearchBase}`, password, signal);
    if (entry === undefined) return { ok: false, reason: 'unknown user' };
    if (refused) return { ok: false, reason: 'wrong password' };
    return { ok: true, user: this.toUser(username, entry) };
  }

  /** True when the directory refused the password; throws when it failed. */
  private async bindAs(dn: string, password: string, signal: AbortSignal): Promise<boolean> {
    // A caller that gave up while waiting for a pooled connection has been answered already: skip its bind.
    const bind = async (c: LdapClient) => (signal.aborted ? undefined : c.bind(dn, password));
    // Fail closed: an abandoned check counts as refused, should anything ever read its result.
    return this.pool.withBindConnection(bind).then(() => signal.aborted, (err: unknown) => {
      if (isLdapResult(err) && REFUSED_BIND_CODES.has(err.code)) return true;
      throw err;
    });
  }

  private toUser(username: string, entry: Record<string, unknown>): VerifiedUser {
    const attributes: Record<string, string[]> = Object.create(null);
    for (const [ldapName, name] of Object.entries(this.config.attributes)) {
      const values = valuesOf(entry, ldapName);
      if (values.length > 0) attributes[name] = [...(attributes[name] ?? []), ...values];
    }
    let subject = username;
    if (this.config.subjectAttribute) {
      const values = valuesOf(entry, this.config.subjectAttribute);
      if (values.length !== 1) throw new EntryError(`entry ${quoteForLog(String(entry['dn']))} has ${values.length} values of ldap.subjectAttribute ${this.config.subjectAttribute}, not one`);
      subject = values[0]!;
    }
    return { username: subject, attributes };
  }

  /** The whole check is bounded: waiting for a pooled connection and a hung TLS handshake included. */
  private async withDeadline<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.config.connectTimeoutMs + 3 * this.config.operationTimeoutMs;
    const abandoned = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned.abort();
        reject(new Error(`no answer within ${ms} ms`));
      }, ms);
    });
    try {
      return await Promise.race([work(abandoned.signal), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private setHealthy(ok: boolean): void {
    if (ok && !this.healthy) this.logger.info({ url: this.config.url }, 'LDAP directory answers again');
    this.healthy = ok;
    this.probedAt = performance.now();
  }
}

/** The entry found does not fit the config (e.g. not exactly one subject value): not a directory outage. */
class EntryError extends Error {}

/** An attribute's values as strings, whatever case the server spelled its name in. */
function valuesOf(entry: Record<string, unknown>, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const raw = key === undefined ? [] : entry[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

async function readFirstLine(file: string, key: string): Promise<string> {
  const text = await readFile(resolve(process.cwd(), file), 'utf8').catch((err: Error) => {
    throw new Error(`cannot read ${key} ${file}: ${err.message}`);
  });
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new Error(`${key} ${file} is empty`);
  return line;
}
