/**
 * Opens the credential source the config names: `usersFile` or `ldap` (the schema allows exactly one).
 * Dispatch by a map, so a third source is one entry and one file.
 */
import { resolve } from 'node:path';
import type { Clock, Logger, VerifiedCredentialCache } from '@sts/sdk';
import type { UsernameTokenProcessorConfig } from './config-schema.js';
import type { CredentialSource, VerifiedUser } from './credential-source.js';
import { LdapValidator } from './ldap-validator.js';
import { UsersFileValidator } from './users-file-validator.js';

/** What every source is opened with. @public */
export interface CredentialSourceContext {
  readonly config: Readonly<UsernameTokenProcessorConfig>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The verified-credential cache; the processor drops users from it on lockout. */
  readonly credentialCache: VerifiedCredentialCache<VerifiedUser>;
}

type Opener = (context: CredentialSourceContext) => Promise<CredentialSource>;

const OPENERS: Readonly<Record<'usersFile' | 'ldap', Opener>> = {
  usersFile: ({ config, clock, logger, credentialCache }) =>
    UsersFileValidator.open(resolve(process.cwd(), config.usersFile!), clock, logger, { credentialCache }),
  ldap: async ({ config, logger, credentialCache }) => {
    // UsernameToken Profile 1.0 section 3.1: the digest needs the clear password, which a directory never gives.
    if (config.allowPasswordDigest) {
      throw new Error('ldap cannot check a PasswordDigest (the directory never reveals the password): set allowPasswordDigest to false');
    }
    return LdapValidator.open(config.ldap!, logger, { credentialCache });
  },
};

/** The configured source; throws an Error naming the problem when the config cannot work. @public */
export async function openCredentialSource(context: CredentialSourceContext): Promise<CredentialSource> {
  const named = (Object.keys(OPENERS) as (keyof typeof OPENERS)[]).filter((name) => context.config[name] !== undefined);
  if (named.length !== 1) throw new Error(`set exactly one credential source (usersFile or ldap); found ${named.length === 0 ? 'none' : named.join(' and ')}`);
  return OPENERS[named[0]!](context);
}
