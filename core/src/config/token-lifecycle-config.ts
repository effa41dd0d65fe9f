/**
 * The config of Renew, Cancel and batch requests (README "Renew and Cancel", "Batch requests"): per SP
 * connection whether its tokens are stored and renewable, and for the whole STS the administrators who may
 * renew or cancel any stored token and the cap on the RSTs of one RequestSecurityTokenCollection.
 */
import { int, str, type FromConfigSchema } from './schema-helpers.js';

/** `spConnections[].tokenLifecycle`. */
export const connectionLifecycleSchema = {
  type: 'object', additionalProperties: false, default: {}, description: 'Renew and Cancel of the tokens of this connection (README "Renew and Cancel").',
  properties: {
    store: { type: 'boolean', default: false, description: 'Record every token issued here in the state backend, so it can be cancelled and Validate reports it cancelled or renewed (the state backend must hold records: memory, sqlite or redis)' },
    renewing: { type: 'boolean', default: false, description: 'Honour wst:Renewing: a token asked for with Renewing (Allow, the default) may be renewed within its lifetime. Implies store. Off: an Issue with Renewing Allow="true" is refused with wst:InvalidRequest' },
    renewAfterExpiry: { type: 'boolean', default: false, description: 'Honour Renewing OK="true": such a token may be renewed up to graceMinutes after it expired. Off: an Issue with OK="true" is refused with wst:InvalidRequest' },
    graceMinutes: int('How long after expiry a token issued with OK="true" may still be renewed; records are kept this long past expiry', 0, 1440, 30),
  },
} as const;

/** `tokenLifecycle`. */
export const tokenLifecycleSchema = {
  type: 'object', additionalProperties: false, default: {}, description: 'Who besides the requester may renew or cancel a stored token (README "Renew and Cancel").',
  properties: {
    administrators: {
      type: 'array', default: [], description: 'Identities that may renew or cancel any stored token: the processor instance that authenticates the Security header credential and the subject it returns',
      items: {
        type: 'object', additionalProperties: false, required: ['processor', 'subject'],
        properties: {
          processor: str('Processor instance id, e.g. username or x509', { minLength: 1 }),
          subject: str('The subject that processor returns, e.g. a username or a certificate subject DN', { minLength: 1 }),
        },
      },
    },
  },
} as const;

/** `batch`. */
export const batchSchema = {
  type: 'object', additionalProperties: false, default: {}, description: 'RequestSecurityTokenCollection (README "Batch requests").',
  properties: {
    maxRequests: int('Most RSTs in one RequestSecurityTokenCollection; more refuses the whole batch with wst:InvalidRequest', 1, 100, 10),
  },
} as const;

export type ConnectionLifecycle = FromConfigSchema<typeof connectionLifecycleSchema>;
export type TokenLifecycleConfig = FromConfigSchema<typeof tokenLifecycleSchema>;
