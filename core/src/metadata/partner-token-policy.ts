/**
 * What a client should ask the STS for on behalf of one SP connection: an `sp:IssuedToken` assertion
 * (WS-SecurityPolicy 1.2 section 5.4.2) whose `sp:Issuer` is our IdP STS endpoint and whose
 * `sp:RequestSecurityTokenTemplate` holds the RST parameters the connection expects: the default token type,
 * the key type and the claims of its attribute contract (WS-Trust 1.3 section 4.1, Claims with the identity
 * dialect). A relying party can put this policy in its own WSDL; WCF builds its RST from it (peer-sts.md
 * scenario 18). Key types: Bearer, or the connection's `keyTypes` once the proof-key work adds that setting
 * (short names such as `SymmetricKey` or full URIs), one policy alternative each.
 */
import { el, NS, type XmlNode } from '@sts/sdk/xml';
import type { SpConnection } from '../config/kernel-config.js';
import { MD } from './metadata-namespaces.js';

export const PARTNER_POLICY_ID = 'PartnerIssuedTokenPolicy';

const BEARER = `${NS.wst13}/Bearer`;

export function partnerTokenPolicy(partner: SpConnection, issuerAddress: string): XmlNode {
  return el('wsp:Policy', { 'wsu:Id': PARTNER_POLICY_ID }, [
    el('wsp:ExactlyOne', {}, keyTypesOf(partner).map((keyType) => el('wsp:All', {}, [issuedToken(partner, issuerAddress, keyType)]))),
  ]);
}

function issuedToken(partner: SpConnection, issuerAddress: string, keyType: string): XmlNode {
  const claims = partner.attributeContract;
  return el('sp:IssuedToken', { 'sp:IncludeToken': MD.includeAlwaysToRecipient }, [
    el('sp:Issuer', {}, [el('wsa:Address', {}, [issuerAddress])]),
    el('sp:RequestSecurityTokenTemplate', {}, [
      el('wst:TokenType', {}, [partner.defaultTokenType]),
      el('wst:KeyType', {}, [keyType]),
      claims.length === 0
        ? null
        : el(
            'wst:Claims',
            { Dialect: MD.ic, xmlns: { ic: MD.ic } },
            claims.map((c) => el('ic:ClaimType', { Uri: c.name, Optional: c.required ? 'false' : 'true' })),
          ),
    ]),
    el('wsp:Policy', {}, [el('sp:RequireInternalReference')]),
  ]);
}

/** Bearer, or the connection's own list (a setting the proof-key work adds; read defensively until then). */
function keyTypesOf(partner: SpConnection): string[] {
  const configured = (partner as { keyTypes?: unknown }).keyTypes;
  if (!Array.isArray(configured) || configured.length === 0) return [BEARER];
  return configured.filter((k): k is string => typeof k === 'string').map((k) => (k.includes(':') ? k : `${NS.wst13}/${k}`));
}
