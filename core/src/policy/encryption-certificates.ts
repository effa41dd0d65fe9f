/**
 * The partners' encryption certificates (`encryptionCertificateFile` on a connection or mapping), read and
 * checked once at boot: one RSA certificate of 2048 bits or more, else a coded startup error. An expired (or
 * not yet valid) certificate only warns at startup, because a partner may roll its certificate while we run
 * on the old config; every issue that needs it is then refused, naming the connection ({@link recipientFor}).
 */
import { readFileSync } from 'node:fs';
import { RequestFailedError, type Logger } from '@sts/sdk';
import { readRecipientCertificate, recipientValidity, type RecipientCertificate } from '@sts/sdk/encryption';
import type { IssuancePolicy, KernelConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';

export class EncryptionCertificates {
  private readonly byPolicy = new Map<IssuancePolicy, RecipientCertificate>();

  constructor(config: KernelConfig, logger: Logger, now: Date) {
    const lists: [string, readonly IssuancePolicy[]][] = [['spConnections', config.spConnections], ['idpConnections', config.idpConnections], ['tokenMappings', config.tokenMappings]];
    for (const [name, list] of lists) list.forEach((policy, i) => {
      const file = policy.encryptionCertificateFile;
      if (file === undefined) return;
      const where = `/${name}/${i}/encryptionCertificateFile`;
      let recipient: RecipientCertificate;
      try {
        recipient = readRecipientCertificate(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}: ${file}: ${(error as Error).message}`, { cause: error });
      }
      const validity = recipientValidity(recipient, now);
      if (validity !== 'valid') {
        logger.warn(
          { event: 'encryption-certificate.invalid', connectionId: policy.id, file, validity, notBefore: recipient.notBefore.toISOString(), notAfter: recipient.notAfter.toISOString() },
          `the encryption certificate of ${policy.id} is ${validity}: requests that need it will be refused`,
        );
      }
      this.byPolicy.set(policy, recipient);
    });
  }

  /**
   * The policy's encryption certificate, valid at `now`; refuses (wst:RequestFailed, the connection named in
   * the log reason) when there is none or it is outside its validity.
   */
  recipientFor(policy: IssuancePolicy, now: Date, purpose: string): RecipientCertificate {
    const recipient = this.byPolicy.get(policy);
    if (!recipient) throw new RequestFailedError(`${policy.id} has no encryptionCertificateFile, needed for ${purpose}`);
    const validity = recipientValidity(recipient, now);
    if (validity !== 'valid') {
      throw new RequestFailedError(`${policy.id}: its encryption certificate is ${validity} (valid ${recipient.notBefore.toISOString()} to ${recipient.notAfter.toISOString()}), needed for ${purpose}`);
    }
    return recipient;
  }
}
