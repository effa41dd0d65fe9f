/**
 * The catalogue of startup and kernel error codes. Every code is listed in README.md ("Error codes");
 * test/core/docs.test.ts fails when this list and the README drift apart.
 */
export const StartupErrorCode = Object.freeze({
  /** The config file cannot be read or is not JSON. */
  CONFIG_READ: 'STS_ERR_CONFIG_READ',
  /** The config file breaks its schema or a cross-reference rule. */
  CONFIG_INVALID: 'STS_ERR_CONFIG_INVALID',
  /** plugins.json cannot be read or is not JSON. */
  MANIFEST_READ: 'STS_ERR_MANIFEST_READ',
  /** plugins.json breaks its schema (unknown key, wrong type, duplicate instance id). */
  MANIFEST_INVALID: 'STS_ERR_MANIFEST_INVALID',
  /** A plug-in package is not installed (or its package.json is unreadable). */
  PLUGIN_NOT_FOUND: 'STS_ERR_PLUGIN_NOT_FOUND',
  /** A plug-in package is installed but one of its own dependencies is missing. */
  PLUGIN_DEPENDENCY_MISSING: 'STS_ERR_PLUGIN_DEPENDENCY_MISSING',
  /** Importing a plug-in package threw. */
  PLUGIN_IMPORT_FAILED: 'STS_ERR_PLUGIN_IMPORT_FAILED',
  /** The package's default export is not a plug-in definition, or its package.json lacks "sts". */
  PLUGIN_NOT_A_PLUGIN: 'STS_ERR_PLUGIN_NOT_A_PLUGIN',
  /** The definition's kind or API version disagrees with package.json or with this kernel. */
  PLUGIN_INCOMPATIBLE: 'STS_ERR_PLUGIN_INCOMPATIBLE',
  /** The instance config breaks the plug-in's configSchema. */
  PLUGIN_CONFIG_INVALID: 'STS_ERR_PLUGIN_CONFIG_INVALID',
  /** The plug-in's create() threw, or its deps name an unknown service. */
  PLUGIN_CREATE_FAILED: 'STS_ERR_PLUGIN_CREATE_FAILED',
  /** The plug-in's create() did not finish in time. */
  PLUGIN_TIMEOUT: 'STS_ERR_PLUGIN_TIMEOUT',
  /** Two enabled instances claim the same token type. */
  PLUGIN_DUPLICATE_TOKEN_TYPE: 'STS_ERR_PLUGIN_DUPLICATE_TOKEN_TYPE',
  /** A connection names a plug-in instance or token type that plugins.json does not provide. */
  CONNECTION_INVALID: 'STS_ERR_CONNECTION_INVALID',
  /** A signing key file is missing, unreadable, or does not match its certificate. */
  KEYS_INVALID: 'STS_ERR_KEYS_INVALID',
});

export type StartupErrorCodeValue = (typeof StartupErrorCode)[keyof typeof StartupErrorCode];

/** A refusal to start: the message names the file, the instance and the JSON path where it can. */
export class StartupError extends Error {
  constructor(
    readonly code: StartupErrorCodeValue,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'StartupError';
  }
}
