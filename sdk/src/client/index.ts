/**
 * `@sts/sdk/client`: a WS-Trust Issue and Validate client for end-to-end tests, web service clients and web
 * service providers, and `exchangeToken()` for the OAuth face (RFC 8693). This list is the public API; nothing else is exported.
 *
 * @example
 * ```ts
 * import { StsClient } from '@sts/sdk/client';
 * const client = new StsClient({ endpoint: 'https://sts.example.com/sts' });
 * const reply = await client.issue({ appliesTo: 'urn:federation:MicrosoftOnline', username: 'joe', password: 'secret' });
 * const check = await client.validate({ target: assertionXml });
 * ```
 * @public
 */
export { buildIssueRequest } from './build-issue-request.js';
export { usernameTokenXml } from './delegation-elements.js';
export type { RequestedClaim } from './delegation-elements.js';
export { jwtSecurityToken } from './jwt-security-token.js';
export { accessTokenSecurityToken } from './access-token-security-token.js';
export { exchangeToken } from './exchange-token.js';
export type { ExchangeTokenRequest, ExchangeTokenResult } from './exchange-token.js';
export { createLocalValidator } from './create-local-validator.js';
export type { LocalValidator, LocalValidatorOptions } from './create-local-validator.js';
export type { BuiltIssueRequest, IssueRequestOptions } from './build-issue-request.js';
export type {
  AppliesToPolicy,
  BuiltSoapRequest,
  IssueCredential,
  PasswordType,
  SoapRequestOptions,
} from './build-soap-request.js';
export { buildValidateRequest } from './build-validate-request.js';
export { buildCancelRequest, buildRenewRequest } from './build-lifecycle-request.js';
export type { LifecycleRequestOptions } from './build-lifecycle-request.js';
export type { BuiltValidateRequest, ValidateRequestOptions } from './build-validate-request.js';
export { parseIssueResponse } from './parse-issue-response.js';
export type { IssueFault, IssueResponse, IssueSuccess } from './parse-issue-response.js';
export { parseValidateResponse } from './parse-validate-response.js';
export type { ValidateFault, ValidateResponse, ValidateStatus, ValidateSuccess } from './parse-validate-response.js';
export type { StsFault } from './parse-soap-fault.js';
export type { IssuedTokenFields } from './read-rstr.js';
export type { QualifiedName } from './resolve-qname.js';
export { StsClient } from './sts-client.js';
export type {
  StsClientOptions,
  StsIssueCredential,
  StsIssueRequest,
  StsIssueResult,
  StsValidateRequest,
  StsValidateResult,
} from './sts-client.js';
export { StsClientError } from './sts-client-error.js';
export type { StsClientErrorCode, StsClientErrorOptions } from './sts-client-error.js';
export { findSecurityToken } from './find-security-token.js';
export type { FoundSecurityToken, SecurityTokenKind } from './find-security-token.js';
export { validateWithSts } from './validate-with-sts.js';
export type { ValidateWithStsOptions } from './validate-with-sts.js';
export { soapEnvelopeNamespace } from './soap-version.js';
export type { SoapVersion } from './soap-version.js';
export { trustVersionUris } from './trust-version-uris.js';
export type { TrustVersion, TrustVersionUris, ValidateUris } from './trust-version-uris.js';
