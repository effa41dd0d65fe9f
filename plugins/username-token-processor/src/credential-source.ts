/**
 * Where the UsernameToken processor checks passwords: a credential source. One file per source
 * (`users-file-validator.ts`, `ldap-validator.ts`); `open-credential-source.ts` picks one from the config.
 *
 * A source answers "this username and password are right, here is the user" or "they are not" (the reason is
 * for the log only). It throws `ServerFailureError` (`wst:RequestFailed`) when it cannot answer at all (an
 * unreadable users file, a directory that is down or too slow): an outage is never an authentication failure,
 * so it never counts towards lockout, and never a success.
 */

/** A user whose credential was accepted: the subject and the attributes the source returns. @public */
export interface VerifiedUser {
  readonly username: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/** Why a credential was refused (log only; every reason is `wst:FailedAuthentication` on the wire). @public */
export type RefusalReason = 'unknown user' | 'wrong password' | 'no digestPassword for user' | 'ambiguous user';

/** The outcome of a credential check. @public */
export type CredentialCheck =
  | { readonly ok: true; readonly user: VerifiedUser }
  | { readonly ok: false; readonly reason: RefusalReason };

/** @public */
export interface CredentialSource {
  /** Checks a clear-text password (PasswordText). */
  checkPassword(username: string, password: string): Promise<CredentialCheck>;
  /** Checks a PasswordDigest; absent when the source cannot (a directory never reveals the password). */
  checkDigest?(username: string, digest: Buffer, nonce: Buffer, created: string): Promise<CredentialCheck>;
  /**
   * The name the lockout counts failures under. A directory matches usernames case-insensitively, so `JOE`
   * and `joe` must share one allowance; the users file matches exactly and needs no mapping.
   */
  lockoutName?(username: string): string;
  /** Health for readiness; absent means always ready. */
  ready?(): Promise<boolean>;
  close?(): Promise<void>;
}
