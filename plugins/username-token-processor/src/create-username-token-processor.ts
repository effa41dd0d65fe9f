/**
 * The running processor: one `process()` per wsse:UsernameToken, in this order:
 *
 * 1. structure (`parseUsernameToken`), then the password type the config allows;
 * 2. freshness of wsu:Created: at most `createdMaxAgeSeconds` old and `createdFutureSkewSeconds` ahead
 *    (UsernameToken Profile 1.1 section 3.1 recommends a freshness limit; the numbers are WSS4J's);
 * 3. nonce replay, in the shared store, for as long as a token with that nonce could still be fresh
 *    (section 3.1 again: cache used nonces at least as long as the freshness limit);
 * 4. lockout, before the password, so a locked key learns nothing from a right guess;
 * 5. the credential, against the configured credential source (`open-credential-source.ts`: the users file
 *    or an LDAP directory); a PasswordText verified within `credentialCache.ttlSeconds` is found in the
 *    verified-credential cache instead.
 *
 * A source that cannot answer (unreadable users file, directory down or too slow) throws
 * `ServerFailureError` (`wst:RequestFailed`): it is not counted as a failed password.
 *
 * Every refusal is `FailedAuthenticationError` (WS-Trust 1.3 section 11 `wst:FailedAuthentication`): a
 * malformed token, a replay and a wrong password look the same on the wire; the message is for the log.
 */
import {
  FailedAuthenticationError,
  quoteForLog,
  type Clock,
  type Logger,
  type ProcessedToken,
  type ReceivedToken,
  type StateStore,
  type TokenProcessor,
  VerifiedCredentialCache,
} from '@sts/sdk';
import type { UsernameTokenProcessorConfig } from './config-schema.js';
import { Lockout } from './lockout.js';
import { parseUsernameToken } from './parse-username-token.js';
import type { VerifiedUser } from './credential-source.js';
import { openCredentialSource } from './open-credential-source.js';

/** What `create()` gets from the kernel. @public */
export interface UsernameTokenProcessorContext {
  readonly config: Readonly<UsernameTokenProcessorConfig>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly stateStore: StateStore;
}

const NONCES = 'ut-nonce';

/** Opens the credential source (throwing an Error naming the problem when it cannot work) and returns the processor. @public */
export async function createUsernameTokenProcessor(context: UsernameTokenProcessorContext): Promise<TokenProcessor> {
  const { config, logger, clock, stateStore } = context;
  if (!config.allowPasswordText && !config.allowPasswordDigest) {
    throw new Error('allowPasswordText and allowPasswordDigest are both false: no UsernameToken could ever succeed');
  }
  const credentialCache = new VerifiedCredentialCache<VerifiedUser>(config.credentialCache, clock);
  const users = await openCredentialSource({ config, clock, logger, credentialCache });
  const lockout = new Lockout(stateStore, config.lockout);
  const maxAgeMs = config.createdMaxAgeSeconds * 1000;
  const futureSkewMs = config.createdFutureSkewSeconds * 1000;

  async function processToken(token: ReceivedToken): Promise<ProcessedToken> {
    const { username, password, nonce, created } = parseUsernameToken(token.element, { createdMaxFractionalDigits: config.createdMaxFractionalDigits });
    if (password.type === 'PasswordText' && !config.allowPasswordText) throw refuse('PasswordText is disabled');
    if (password.type === 'PasswordDigest' && !config.allowPasswordDigest) throw refuse('PasswordDigest is disabled');

    if (created) {
      const ageMs = clock.now().getTime() - created.time.getTime();
      if (ageMs > maxAgeMs) throw refuse(`wsu:Created ${quoteForLog(created.text)} is older than ${config.createdMaxAgeSeconds} s`);
      if (-ageMs > futureSkewMs) {
        throw refuse(`wsu:Created ${quoteForLog(created.text)} is more than ${config.createdFutureSkewSeconds} s in the future`);
      }
    }
    // The key is the decoded bytes re-encoded, so two spellings of one nonce (line breaks) are one entry.
    const ttl = config.createdMaxAgeSeconds + config.createdFutureSkewSeconds;
    if (nonce && !(await stateStore.putIfAbsent(NONCES, nonce.toString('base64'), ttl))) {
      throw refuse('the wsse:Nonce was already used (replay)');
    }

    const clientAddress = token.context.clientAddress;
    const key = Lockout.key(users.lockoutName?.(username) ?? username, clientAddress);
    const standing = await lockout.standing(key);
    if (standing.locked) {
      // The lock may have been set by another worker or node: this one's cache must not outlive it.
      credentialCache.forget(username);
      throw refuse(`user ${quoteForLog(username)} is locked out from ${clientAddress}`);
    }

    const check = password.type === 'PasswordText'
      ? await users.checkPassword(username, password.text)
      // parseUsernameToken guarantees Nonce and Created with a digest.
      : await checkDigest(username, password.digest, nonce!, created!.text);
    if (!check.ok) {
      if (await lockout.recordFailure(key)) {
        // The lock is checked before the cache, but a user locked out must prove the password by scrypt again.
        credentialCache.forget(username);
        logger.warn({ username, clientAddress, lockoutSeconds: config.lockout.lockoutSeconds }, 'username locked out after failed passwords');
      }
      throw refuse(`${check.reason} ${quoteForLog(username)} (${password.type})`);
    }
    await lockout.reset(key, standing.failures);
    return {
      subject: check.user.username,
      attributes: check.user.attributes,
      authnContext: config.authnContext,
      authnInstant: clock.now(),
    };
  }

  // A source without digest support is refused at startup when digest is allowed; this is the second lock.
  const checkDigest = users.checkDigest?.bind(users) ?? (async () => ({ ok: false, reason: 'wrong password' }) as const);

  return {
    process: processToken,
    ...(users.ready && { ready: () => users.ready!() }),
    close: async () => {
      await users.close?.();
    },
  };
}

function refuse(message: string): FailedAuthenticationError {
  return new FailedAuthenticationError(message);
}
