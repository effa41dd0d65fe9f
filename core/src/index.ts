/**
 * `@sts/core`: what the bin and the tests use. Plug-ins never import this package.
 */
export { bootSts } from './boot.js';
export type { BootOptions, Sts } from './boot.js';
export { loadKernelConfig, parseKernelConfig } from './config/load-kernel-config.js';
export { kernelConfigSchema } from './config/kernel-config.js';
export type { KernelConfig, ServerLimits, SpConnection } from './config/kernel-config.js';
export { applyServerLimits } from './http/apply-server-limits.js';
export { ConnectionDrainer } from './http/connection-drainer.js';
export { workerMallocEnv, WORKER_MMAP_THRESHOLD_BYTES } from './process/worker-malloc-env.js';
export { workerExecArgv, WORKER_SEMI_SPACE_MB } from './process/worker-exec-argv.js';
export { WriteBatch } from './state/write-batch.js';
export { validateRst } from './ws-trust/rst-schemas.js';
export { manifestSchema, readManifest } from './plugins/manifest.js';
export { PluginLoadError } from './plugins/plugin-load-error.js';
export { StartupError, StartupErrorCode } from './errors.js';
export { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH, JWKS_PATH } from './kernel.js';
export { loadPlugins } from './plugins/load-plugins.js';
export type { PluginRegistry } from './plugins/plugin-registry.js';
export type { ExchangeObserver, ExchangeOutcome } from './exchange/exchange-outcome.js';
export { generatedDocs, replaceSection } from './docs/generated-docs.js';
export { jsonErrorBoundary } from './http/json-error-boundary.js';
export { RestartBackoff } from './process/restart-backoff.js';
export { createAdminServer } from './admin/admin-server.js';
export type { AdminSources } from './admin/admin-server.js';
export type { AuditEvent, AuditLog } from './audit/audit-log.js';
export { createStateStore } from './state/create-state-store.js';
export type { CreateStateStoreOptions } from './state/create-state-store.js';
export { BoundedStateStore, MAX_RECORD_BYTES } from './state/bounded-state-store.js';
export type { RecordStore } from './state/record-store.js';
export { boundKey, MAX_KEY_BYTES } from './state/bound-key.js';
export { EXTERNAL_CHECKPOINT_BACKSTOP_PAGES, SqliteStateStore } from './state/sqlite-state-store.js';
export { RESTART_AFTER_PAGES, SqliteCheckpointer } from './state/sqlite-checkpointer.js';
export type { CheckpointResult } from './state/sqlite-checkpointer.js';
export { RedisStateStore } from './state/redis-state-store.js';
export { DEFAULT_MAX_ENTRIES, DEFAULT_SQLITE_FILE } from './config/kernel-config.js';
export type { StateConfig } from './config/kernel-config.js';
export { resolvePublicBaseUrl } from './config/public-base-url.js';
