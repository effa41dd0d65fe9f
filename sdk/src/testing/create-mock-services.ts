/**
 * `createMockServices()`: the services a plug-in gets under test, by service-ref id, as `verifyPlugin()` and the
 * `run*` helpers hand them to `create()`.
 * @public
 */
import type { PluginDefinition } from '../plugin-types.js';
import { MemoryStateStore } from '../state/memory-state-store.js';
import { ManualClock, RecordingLogger, StaticTrustedIssuers, TEST_STS_IDENTITY, createTestSigningKeys } from './mock-services.js';

/** The logger every mock service shares, and the services by id (`core.clock`, ...). @public */
export interface MockServices {
  readonly logger: RecordingLogger;
  readonly services: Readonly<Record<string, unknown>>;
}

const XML_SIGNER_ID = 'core.xmlSigner';

/** Mocks for every service, `overrides` (by service-ref id) replacing any of them. @public */
export async function createMockServices(definition: PluginDefinition, overrides: Readonly<Record<string, unknown>> = {}): Promise<MockServices> {
  const logger = new RecordingLogger();
  const clock = (overrides['core.clock'] as ManualClock | undefined) ?? new ManualClock();
  const keys = (overrides['core.signingKeys'] as Awaited<ReturnType<typeof createTestSigningKeys>> | undefined) ?? (await createTestSigningKeys());
  const wantsXmlSigner = (Object.values(definition.deps ?? {}) as { id: string }[]).some((ref) => ref.id === XML_SIGNER_ID) && !(XML_SIGNER_ID in overrides);
  const services: Record<string, unknown> = {
    'core.logger': logger,
    'core.clock': clock,
    'core.signingKeys': keys,
    'core.stateStore': new MemoryStateStore(clock),
    'core.trustedIssuers': new StaticTrustedIssuers(),
    'core.stsIdentity': TEST_STS_IDENTITY,
    // The XML signer loads libxml2 (libxml2-wasm, an optional peer of the SDK) for string input: only a plug-in that
    // asks for it gets it, so the tests of a JWT plug-in run without the XML toolkit installed.
    ...(wantsXmlSigner ? { [XML_SIGNER_ID]: new (await import('../signing/canonical-xml-signer.js')).CanonicalXmlSigner(keys) } : {}),
    ...overrides,
  };
  return { logger, services };
}
