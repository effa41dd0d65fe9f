/**
 * The embedded password credential validator: checks a username and password (or PasswordDigest) against
 * the users file, and picks up changes to the file without a restart.
 *
 * - The file is stat'ed at most once every 2 s and re-read when its mtime (or size, or inode) changed, so a
 *   user added with `sts-user add` can log in within seconds.
 * - A file that becomes unreadable or invalid fails closed: every check throws until it is fixed, because
 *   serving the last good copy would keep a user the administrator just removed.
 * - An unknown username still costs one scrypt run against a fixed dummy hash, so response time does not
 *   tell which usernames exist.
 * - A PasswordText that scrypt accepted is remembered in the verified-credential cache (when one is given);
 *   the same username and password skip scrypt until it expires. Only a user that exists and the right
 *   password can hit, so a hit reveals nothing the caller did not know. Every reload, successful or not,
 *   empties the cache: a password replaced in the file stops working as soon as the change is seen.
 */
import { stat } from 'node:fs/promises';
import { ServerFailureError, type Clock, type Logger, type VerifiedCredentialCache } from '@sts/sdk';
import { parsePasswordHash, verifyPassword } from './password-hash.js';
import { verifyPasswordDigest } from './password-digest.js';
import { readUsersFile, toUserRecords, type UserRecord } from './users-file.js';
import type { CredentialCheck, CredentialSource } from './credential-source.js';

export type { CredentialCheck } from './credential-source.js';

/** What `open` may be given besides the file. @public */
export interface UsersFileValidatorOptions {
  /** Remembers PasswordText logins that scrypt accepted; none by default. */
  readonly credentialCache?: VerifiedCredentialCache<unknown>;
  /** The scrypt check; replaceable so tests can count how often it runs. */
  readonly verifyPassword?: typeof verifyPassword;
}


const STAT_INTERVAL_MS = 2000;

/** Same parameters as `hashPassword`'s defaults, so the dummy run costs what a real one does. */
const DUMMY_HASH = parsePasswordHash(
  'scrypt$16384$8$1$ufzxqCejx1XdUIUgbZzspw==$xy+d8CG84n3H757npTVkjzTD45m1kdnPeDYRY2SZek8=',
);

/** @public */
export class UsersFileValidator implements CredentialSource {
  private users: ReadonlyMap<string, UserRecord> = new Map();
  private version = '';
  private checkedAt = 0;
  private broken: Error | undefined;
  private refreshing: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: UsersFileValidatorOptions,
  ) {}

  /** Loads `file` (an absolute path); throws an Error naming the file and JSON path when it is invalid. */
  static async open(file: string, clock: Clock, logger: Logger, options: UsersFileValidatorOptions = {}): Promise<UsersFileValidator> {
    const validator = new UsersFileValidator(file, clock, logger, options);
    const version = await fileVersion(file).catch((err: Error) => {
      throw new Error(`cannot read users file ${file}: ${err.message}`);
    });
    validator.users = toUserRecords(await readUsersFile(file), file);
    validator.version = version;
    validator.checkedAt = clock.now().getTime();
    return validator;
  }

  /** Checks a clear-text password (PasswordText). */
  async checkPassword(username: string, password: string): Promise<CredentialCheck> {
    const users = await this.current();
    const user = users.get(username);
    const cache = this.options.credentialCache;
    if (user && cache?.matches(username, password)) return { ok: true, user };
    const matches = await (this.options.verifyPassword ?? verifyPassword)(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user) return { ok: false, reason: 'unknown user' };
    if (!matches) return { ok: false, reason: 'wrong password' };
    // A reload during scrypt emptied the cache; what was checked against the old file must not go back in.
    if (this.users === users) cache?.remember(username, password);
    return { ok: true, user };
  }

  /** Checks a PasswordDigest (the decoded digest bytes) against the user's `digestPassword`. */
  async checkDigest(username: string, digest: Buffer, nonce: Buffer, created: string): Promise<CredentialCheck> {
    const user = (await this.current()).get(username);
    if (!user) return { ok: false, reason: 'unknown user' };
    if (user.digestPassword === undefined) return { ok: false, reason: 'no digestPassword for user' };
    return verifyPasswordDigest(digest, nonce, created, user.digestPassword)
      ? { ok: true, user }
      : { ok: false, reason: 'wrong password' };
  }

  private async current(): Promise<ReadonlyMap<string, UserRecord>> {
    const now = this.clock.now().getTime();
    if (now - this.checkedAt >= STAT_INTERVAL_MS || now < this.checkedAt) {
      this.refreshing ??= this.refresh(now).finally(() => {
        this.refreshing = undefined;
      });
      await this.refreshing;
    }
    if (this.broken) throw new ServerFailureError(this.broken.message, { cause: this.broken });
    return this.users;
  }

  private async refresh(now: number): Promise<void> {
    this.checkedAt = now;
    let version: string;
    try {
      version = await fileVersion(this.file);
    } catch (err) {
      this.fail(`cannot stat users file ${this.file}: ${(err as Error).message}`, '');
      return;
    }
    if (version === this.version) return;
    this.options.credentialCache?.clear();
    try {
      this.users = toUserRecords(await readUsersFile(this.file), this.file);
      this.version = version;
      this.broken = undefined;
      this.logger.info({ file: this.file, users: this.users.size }, 'users file reloaded');
    } catch (err) {
      this.fail((err as Error).message, version);
    }
  }

  private fail(message: string, version: string): void {
    // Logged once per change of the file, not once per request.
    if (this.broken?.message !== message) this.logger.error({ file: this.file }, message);
    this.broken = new Error(message);
    this.version = version;
  }
}

async function fileVersion(file: string): Promise<string> {
  const s = await stat(file);
  return `${s.mtimeMs}:${s.size}:${s.ino}`;
}
