/**
 * `@sts/sdk/testing`: what a plug-in author tests with.
 * @public
 */
export { RecordingLogger, ManualClock, StaticSigningKeys, StaticTrustedIssuers, TEST_STS_IDENTITY, createTestSigningKeys } from './mock-services.js';
export type { LogRecord } from './mock-services.js';
export { verifyPlugin, PluginVerificationError } from './verify-plugin.js';
export type { VerifyPhase, VerifyPluginOptions, VerifiedPlugin } from './verify-plugin.js';
