/**
 * `@sts/sdk/testing`: what a plug-in author tests with. Light: the helpers that need the XML toolkit are in
 * `@sts/sdk/testing/xml`.
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
export { xmlsecDecrypt } from './xmlsec-decrypt.js';
export type { XmlsecDecryptResult } from './xmlsec-decrypt.js';
export { xsDateTimeAtOffset } from './xs-date-time-at-offset.js';
export { createMockServices } from './create-mock-services.js';
export type { MockServices } from './create-mock-services.js';
export { runProcessor } from './run-processor.js';
export type { RunProcessorOptions, TestToken } from './run-processor.js';
export { runGenerator } from './run-generator.js';
export type { RunGeneratorOptions } from './run-generator.js';
export { exchangeInProcess } from './exchange-in-process.js';
export type { ExchangeInProcessOptions, InProcessExchange } from './exchange-in-process.js';
