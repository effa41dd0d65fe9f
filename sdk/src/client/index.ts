/**
 * `@sts/sdk/client`: a WS-Trust Issue client for end-to-end tests and web service clients. This list is the
 * public API; nothing else is exported.
 *
 * @example
 * ```ts
 * import { StsClient } from '@sts/sdk/client';
 * const reply = await new StsClient({ endpoint: 'https://sts.example.com/sts' })
 *   .issue({ appliesTo: 'urn:federation:MicrosoftOnline', username: 'joe', password: 'secret' });
 * ```
 * @public
 */
export { buildIssueRequest } from './build-issue-request.js';
export type {
  AppliesToPolicy,
  BuiltIssueRequest,
  IssueCredential,
  IssueRequestOptions,
  PasswordType,
} from './build-issue-request.js';
export { parseIssueResponse } from './parse-issue-response.js';
export type { IssueFault, IssueResponse, IssueSuccess } from './parse-issue-response.js';
export type { StsFault } from './parse-soap-fault.js';
export type { IssuedTokenFields } from './read-rstr.js';
export type { QualifiedName } from './resolve-qname.js';
export { StsClient } from './sts-client.js';
export type { StsClientOptions, StsIssueCredential, StsIssueRequest, StsIssueResult } from './sts-client.js';
export { StsClientError } from './sts-client-error.js';
export type { StsClientErrorCode, StsClientErrorOptions } from './sts-client-error.js';
export { soapEnvelopeNamespace } from './soap-version.js';
export type { SoapVersion } from './soap-version.js';
export { trustVersionUris } from './trust-version-uris.js';
export type { TrustVersion, TrustVersionUris } from './trust-version-uris.js';
