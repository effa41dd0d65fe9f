/**
 * `@sts/sdk`: the plug-in SDK. This list is the public API; nothing else is exported.
 * Subpaths: `@sts/sdk/xml` (strict XML toolkit), `@sts/sdk/client` (WS-Trust client),
 * `@sts/sdk/testing` (what plug-in authors test with).
 * @public
 */
export { defineTokenProcessor, defineTokenGenerator, pluginBrand, isPluginDefinition } from './define-plugin.js';
export type { PluginBrand } from './define-plugin.js';
export type { ConfigFromSchema, DeepReadonly } from './config-from-schema.js';
export { NS } from './xml/namespaces.js';
export { PLUGIN_API_VERSION } from './plugin-types.js';
export { checkPluginPackageJson, checkPluginDefinition } from './check-plugin-package.js';
export { createConfigAjv, deepFreeze } from './instantiate-plugin.js';
export type { PluginPackageJson, PluginPackageProblem } from './check-plugin-package.js';
export type {
  PluginKind,
  ConfigSchema,
  DepsDeclaration,
  CreateContext,
  TokenSelector,
  TokenProcessor,
  TokenGenerator,
  TokenProcessorDefinition,
  TokenGeneratorDefinition,
  PluginDefinition,
} from './plugin-types.js';
export type {
  RequestContext,
  ReceivedMessage,
  ReceivedToken,
  Attributes,
  ProcessedToken,
  SubjectConfirmationMethod,
  ProofKey,
  IssueRequest,
  TokenReference,
  IssuedToken,
} from './trust-types.js';
export { TokenType, ValueType } from './token-types.js';
export type { TokenTypeUri } from './token-types.js';
export {
  StsError,
  isStsError,
  FAULT_REASONS,
  InvalidRequestError,
  FailedAuthenticationError,
  RequestFailedError,
  InvalidSecurityTokenError,
  AuthenticationBadElementsError,
  BadRequestError,
  ExpiredDataError,
  InvalidTimeRangeError,
  InvalidScopeError,
  RenewNeededError,
  UnableToRenewError,
  ServerFailureError,
} from './errors.js';
export type { WsTrustFaultCode, StsErrorOptions } from './errors.js';
export { quoteForLog } from './quote-for-log.js';
export { randomBase64Url, randomHex } from './random-pool.js';
export { findDuplicateMember } from './json/find-duplicate-member.js';
export { readActClaim } from './json/read-act-claim.js';
export { serviceRef, services } from './services.js';
export type {
  ServiceRef,
  ServiceInstances,
  Logger,
  Clock,
  SigningKey,
  SigningKeys,
  SignatureLocation,
  EnvelopedSignatureRequest,
  XmlSigner,
  StateStore,
  TrustedCertificate,
  TrustedIssuer,
  TrustedIssuers,
  StsIdentity,
} from './services.js';
export { MemoryStateStore } from './state/memory-state-store.js';
export { VerifiedCredentialCache } from './credentials/verified-credential-cache.js';
export type { CachedCredential, CredentialCacheSettings } from './credentials/verified-credential-cache.js';
export type { MemoryStateStoreOptions } from './state/memory-state-store.js';
export { StateStoreError } from './state/state-store-error.js';
export type { StateStoreRefusal } from './state/state-store-error.js';
export { checkIssueLifetime } from './issue/check-lifetime.js';
export { issueSignedXml } from './issue/issue-signed-xml.js';
export type { SignedXmlToken } from './issue/issue-signed-xml.js';
export { readCappedBody } from './http/read-capped-body.js';
export { signingKeyFromPem } from "./keys/signing-key-from-pem.js";
export { trustedCertificateFromPem, trustedCertificatesFromPem } from "./keys/trusted-certificate.js";

