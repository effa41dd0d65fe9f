/**
 * The SP connection keys for delegation and claims (README "Delegation (OnBehalfOf, ActAs) and claims"):
 * - `delegation`: who may ask for a token of this connection on behalf of (OnBehalfOf, WS-Trust 1.3 section 9.3)
 *   or acting as (ActAs, WS-Trust 1.4) another identity. Absent: both are refused, as CXF refuses delegation
 *   unless a TokenDelegationHandler allows it (peer-sts.md section 1.2 step 4).
 * - `claimTypes`: which wst:Claims ClaimType URI (identity dialect) names which attribute of the contract; a
 *   ClaimType may also name a contract attribute directly.
 * Spread into the SP connection schema (kernel-config.ts); the references are checked at boot
 * (check-delegation-config.ts).
 */
import { str, type FromConfigSchema } from './schema-helpers.js';

const processorId = (what: string) => str(`Processor instance (plugins.json id) that authenticated the ${what}`, { minLength: 1 });

export const delegationProperties = {
  delegation: {
    type: 'object', additionalProperties: false, required: ['requesters'],
    description: 'OnBehalfOf / ActAs for this connection (absent: both refused with wst:RequestFailed)',
    properties: {
      onBehalfOf: { type: 'boolean', default: true, description: 'Allow wst:OnBehalfOf' },
      actAs: { type: 'boolean', default: true, description: 'Allow wst14:ActAs' },
      requesters: {
        type: 'array', minItems: 1, description: 'Who may delegate: the Security header credential of the request, by processor and subject',
        items: {
          type: 'object', additionalProperties: false, required: ['processor', 'subject'],
          properties: {
            processor: processorId('requester'),
            subject: str('The requester subject, exactly as that processor reports it (an X.509 subject DN in RFC 4514 form, a username)', { minLength: 1 }),
          },
        },
      },
      subjects: {
        type: 'array', minItems: 1, description: 'Whose tokens may be presented in OnBehalfOf / ActAs (absent: any token this connection accepts)',
        items: {
          type: 'object', additionalProperties: false, required: ['processor'],
          properties: {
            processor: processorId('delegated token'),
            subject: str('The token subject, exactly (absent: any)', { minLength: 1 }),
            issuer: str('The token issuer, exactly (absent: any)', { minLength: 1 }),
          },
        },
      },
    },
  },
  claimTypes: {
    type: 'array', default: [], description: 'wst:Claims ClaimType URIs (identity dialect) and the contract attribute each names',
    items: {
      type: 'object', additionalProperties: false, required: ['uri', 'attribute'],
      properties: {
        uri: str('ClaimType Uri, e.g. http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', { minLength: 1 }),
        attribute: str('Name of an attribute in this connection\'s attributeContract', { minLength: 1 }),
      },
    },
  },
} as const;

export type DelegationConfig = FromConfigSchema<typeof delegationProperties.delegation>;
export type ClaimTypeMapping = FromConfigSchema<typeof delegationProperties.claimTypes.items>;
