/**
 * `@sts/core`: what the bin and the tests use. Plug-ins never import this package.
 */
export { bootSts } from './boot.js';
export type { BootOptions, Sts } from './boot.js';
export { loadKernelConfig, parseKernelConfig } from './config/load-kernel-config.js';
export { kernelConfigSchema } from './config/kernel-config.js';
export type { KernelConfig, SpConnection } from './config/kernel-config.js';
export { manifestSchema, readManifest } from './plugins/manifest.js';
export { PluginLoadError } from './plugins/plugin-load-error.js';
export { StartupError, StartupErrorCode } from './errors.js';
export { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH, JWKS_PATH } from './kernel.js';
export { loadPlugins } from './plugins/load-plugins.js';
export type { PluginRegistry } from './plugins/plugin-registry.js';
export { generatedDocs, replaceSection } from './docs/generated-docs.js';
export { createStateStore } from './state/create-state-store.js';
export type { CreateStateStoreOptions } from './state/create-state-store.js';
export { BoundedStateStore } from './state/bounded-state-store.js';
export { boundKey, MAX_KEY_BYTES } from './state/bound-key.js';
export { SqliteStateStore } from './state/sqlite-state-store.js';
export { RedisStateStore } from './state/redis-state-store.js';
export { DEFAULT_MAX_ENTRIES, DEFAULT_SQLITE_FILE } from './config/kernel-config.js';
export type { StateConfig } from './config/kernel-config.js';
