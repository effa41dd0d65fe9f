/**
 * For a web service provider: has an STS validate the token a client sent, in one call —
 * {@link findSecurityToken} on the incoming SOAP request, then {@link StsClient.validate} with that token as
 * the ValidateTarget. Ask for a status (the default) or, with `tokenType` and `appliesTo`, exchange the token
 * for one the service understands.
 *
 * A request without a token, or one {@link findSecurityToken} refuses, rejects with {@link StsClientError}
 * `unexpected-request` before anything is sent; everything else is as for {@link StsClient.validate}: a fault
 * or an invalid status is an answer, a reply that cannot be read rejects.
 *
 * @example
 * ```ts
 * const client = new StsClient({ endpoint: 'https://sts.example.com/idp/sts.wst' });
 * const result = await validateWithSts(client, soapRequestText);
 * if (!result.ok || !result.status.valid) return sendFault(res, 'wsse:FailedAuthentication');
 * ```
 * @public
 */
import type { ValidateRequestOptions } from './build-validate-request.js';
import { findSecurityToken } from './find-security-token.js';
import type { StsClient, StsIssueCredential, StsValidateResult } from './sts-client.js';
import { StsClientError } from './sts-client-error.js';

/**
 * Options of {@link validateWithSts}: every field of a {@link StsValidateRequest} except the target.
 *
 * @example
 * ```ts
 * const options: ValidateWithStsOptions = { tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' };
 * ```
 * @public
 */
export type ValidateWithStsOptions = Omit<
  ValidateRequestOptions,
  'endpoint' | 'soapVersion' | 'trustVersion' | 'credential' | 'now' | 'target'
> &
  StsIssueCredential;

/** Finds the request's token and sends it to the STS in a Validate request. @public */
export async function validateWithSts(
  client: StsClient,
  soapRequest: string | Buffer,
  options: ValidateWithStsOptions = {},
): Promise<StsValidateResult> {
  const found = findSecurityToken(soapRequest);
  if (!found) throw new StsClientError('unexpected-request', 'the request carries no security token in a wsse:Security header');
  return client.validate({ ...options, target: found.xml });
}
