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
 */
import { stat } from 'node:fs/promises';
import { ServerFailureError, type Clock, type Logger } from '@sts/sdk';
import { parsePasswordHash, verifyPassword } from './password-hash.js';
import { verifyPasswordDigest } from './password-digest.js';
import { readUsersFile, toUserRecords, type UserRecord } from './users-file.js';

/** The outcome of a credential check; `reason` is for the log only. @public */
export type CredentialCheck =
  | { readonly ok: true; readonly user: UserRecord }
  | { readonly ok: false; readonly reason: 'unknown user' | 'wrong password' | 'no digestPassword for user' };

const STAT_INTERVAL_MS = 2000;

/** Same parameters as `hashPassword`'s defaults, so the dummy run costs what a real one does. */
const DUMMY_HASH = parsePasswordHash(
  'scrypt$16384$8$1$ufzxqCejx1XdUIUgbZzspw==$xy+d8CG84n3H757npTVkjzTD45m1kdnPeDYRY2SZek8=',
);

/** @public */
export class UsersFileValidator {
  private users: ReadonlyMap<string, UserRecord> = new Map();
  private version = '';
  private checkedAt = 0;
  private broken: Error | undefined;
  private refreshing: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Loads `file` (an absolute path); throws an Error naming the file and JSON path when it is invalid. */
  static async open(file: string, clock: Clock, logger: Logger): Promise<UsersFileValidator> {
    const validator = new UsersFileValidator(file, clock, logger);
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
    const user = (await this.current()).get(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user) return { ok: false, reason: 'unknown user' };
    return matches ? { ok: true, user } : { ok: false, reason: 'wrong password' };
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
