/**
 * `@sts/sdk/testing`: what a plug-in author tests with.
 * @public
 */
export { RecordingLogger, ManualClock, StaticSigningKeys, StaticTrustedIssuers, TEST_STS_IDENTITY, createTestSigningKeys } from './mock-services.js';
export type { LogRecord } from './mock-services.js';
export { verifyPlugin, PluginVerificationError } from './verify-plugin.js';
export type { VerifyPhase, VerifyPluginOptions, VerifiedPlugin } from './verify-plugin.js';
export { applyConfigSchema } from './apply-config-schema.js';
export { createTestInstance } from './create-test-instance.js';
export type { TestInstanceOptions } from './create-test-instance.js';
export { sampleIssueRequest, SAMPLE_ISSUE_INSTANT } from './sample-issue-request.js';
export { runTool } from './run-tool.js';
export type { ToolResult } from './run-tool.js';
export { withTempDir } from './with-temp-dir.js';
export { xmllintValidate } from './xmllint-validate.js';
export { xmlsecVerify } from './xmlsec-verify.js';
export type { XmlIdAttribute, XmlsecVerifyOptions, XmlsecResult } from './xmlsec-verify.js';
export { xmlCryptoVerify } from './xml-crypto-verify.js';
export { signWithKeyValue } from './sign-with-key-value.js';
export type { KeyValueSignatureRequest } from './sign-with-key-value.js';
export { readXml } from './read-xml.js';
export { xsDateTimeAtOffset } from './xs-date-time-at-offset.js';
export type { XmlReader } from './read-xml.js';
