/**
 * What a token was issued from, kept in the issued-token store so that a renewal re-issues the same subject
 * and attributes (README "Renew and Cancel").
 */
import type { IssueRequest } from '@sts/sdk';
import type { StsRole } from '../policy/policy-resolver.js';

/** The policy's choices and the mapped subject and attributes a token was issued from. */
export interface Issuance {
  readonly role: StsRole;
  readonly connectionId: string;
  readonly tokenType: string;
  readonly subject: { readonly name: string; readonly format: string };
  readonly attributes: IssueRequest['attributes'];
  readonly authnContext: string;
  readonly authnInstant: Date;
}
