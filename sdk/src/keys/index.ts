/**
 * `@sts/sdk/dev-keys`: generated RSA keys with self-signed certificates, for development and tests only.
 * A separate subpath because its certificate library loads a Reflect polyfill, which plug-ins need not carry.
 * @public
 */
export { createSelfSignedKey } from './create-self-signed-key.js';
export type { SelfSignedKeyOptions, GeneratedKey } from './create-self-signed-key.js';
