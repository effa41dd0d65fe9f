/**
 * Reads the Body's RequestSecurityToken (WS-Trust 1.3 section 3.1) after schema validation:
 * RequestType (exactly one), TokenType, KeyType and AppliesTo (each at most once), the Context attribute;
 * the proof-key elements KeySize, ComputedKeyAlgorithm, Entropy and UseKey (each at most once).
 * SecondaryParameters (section 4.2; WCF sends the relying party's policy there: TokenType, KeyType, KeySize,
 * algorithm hints) is accepted and not used: the request's own elements and the connection decide, and the
 * algorithms are always ours (AES-256-GCM, RSA-OAEP, RSA-SHA256).
 * AppliesTo must be wsp:AppliesTo (WS-Policy 2004/09 or 1.5) holding one wsa:EndpointReference with one
 * wsa:Address.
 */
import { quoteForLog, InvalidRequestError } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import { takeDelegationPart, type DelegationElement, type DelegationParts, type RequestedClaims } from './read-delegation.js';
import { elementChildren, textContent } from './soap/read-envelope.js';
import { validateRst } from './rst-schemas.js';
import { trustVersionOf, type TrustVersion } from './trust-version.js';

export interface RstRequest {
  readonly version: TrustVersion;
  readonly requestType: string;
  readonly tokenType?: string;
  readonly keyType?: string;
  readonly appliesTo?: { readonly address: string; readonly policyNamespace: string };
  readonly context?: string;
  /** The one element inside wst:ValidateTarget (WS-Trust 1.3 section 7). */
  readonly validateTarget?: XmlDomElement;
  /** The one element inside wst:RenewTarget (section 8) or wst:CancelTarget (section 10). */
  readonly renewTarget?: XmlDomElement;
  readonly cancelTarget?: XmlDomElement;
  /** wst:Renewing (section 5): Allow defaults to true, OK to false. */
  readonly renewing?: { readonly allow: boolean; readonly ok: boolean };
  /** Proof-key elements (WS-Trust 1.3 section 9.2), read by read-proof-key.ts. */
  readonly keySize?: string;
  readonly computedKeyAlgorithm?: string;
  readonly entropy?: XmlDomElement;
  readonly useKey?: XmlDomElement;
  /** OnBehalfOf or ActAs (read-delegation.ts). */
  readonly delegation?: DelegationElement;
  /** wst:Claims in a supported dialect (read-delegation.ts). */
  readonly claims?: RequestedClaims;
}

/** Proof-key children kept as elements for read-proof-key.ts (SecondaryParameters: kept and not used). */
const ELEMENT_CHILDREN: ReadonlySet<string> = new Set(['Entropy', 'UseKey', 'SecondaryParameters']);

/** The elements that hold one target token, and the field each fills. */
const TARGETS: ReadonlyMap<string, 'validateTarget' | 'renewTarget' | 'cancelTarget'> = new Map([
  ['ValidateTarget', 'validateTarget'],
  ['RenewTarget', 'renewTarget'],
  ['CancelTarget', 'cancelTarget'],
] as const);

export function readRst(bodyChild: XmlDomElement): RstRequest {
  const version = trustVersionOf(bodyChild.namespace()?.href());
  if (!version) throw new InvalidRequestError(`the Body holds ${quoteForLog(`{${bodyChild.namespace()?.href() ?? ''}}${bodyChild.name()}`)}, not a WS-Trust request`);
  if (bodyChild.name() !== 'RequestSecurityToken') throw new InvalidRequestError(`unsupported WS-Trust element ${quoteForLog(bodyChild.name())}`);
  validateRst(bodyChild);

  const values = new Map<string, string>();
  let appliesTo: RstRequest['appliesTo'];
  const targets = new Map<string, XmlDomElement>();
  const elements = new Map<string, XmlDomElement>();
  let renewing: RstRequest['renewing'];
  const delegationParts: DelegationParts = {};
  for (const child of elementChildren(bodyChild, 'RequestSecurityToken')) {
    if (takeDelegationPart(child, version.namespace, delegationParts)) continue;
    const ns = child.namespace()?.href();
    const name = child.name();
    if (ns === NS.wsp2004 || ns === NS.wsp15) {
      if (name !== 'AppliesTo' || appliesTo !== undefined) throw new InvalidRequestError(`unexpected ${quoteForLog(`{${ns}}${name}`)} in the RST`);
      appliesTo = { address: readAppliesTo(child), policyNamespace: ns };
      continue;
    }
    if (values.has(name) || targets.has(name) || elements.has(name) || (name === 'Renewing' && renewing)) throw new InvalidRequestError(`more than one ${name} in the RST`);
    if (ELEMENT_CHILDREN.has(name)) {
      elements.set(name, child);
      continue;
    }
    if (TARGETS.has(name)) {
      const [target, ...others] = elementChildren(child, name);
      if (!target || others.length > 0) throw new InvalidRequestError(`${name} must hold one element`);
      targets.set(name, target);
      continue;
    }
    if (name === 'Renewing') {
      // xs:boolean, already checked by the schema: true, false, 1 or 0.
      const flag = (attribute: string, dflt: boolean) => {
        const value = child.attr(attribute)?.value().trim();
        return value === undefined ? dflt : value === 'true' || value === '1';
      };
      renewing = { allow: flag('Allow', true), ok: flag('OK', false) };
      continue;
    }
    values.set(name, textContent(child, name));
  }
  const requestType = values.get('RequestType');
  if (requestType === undefined) throw new InvalidRequestError('the RST has no RequestType');
  const rst: { -readonly [K in keyof RstRequest]: RstRequest[K] } = { version, requestType };
  const tokenType = values.get('TokenType');
  const keyType = values.get('KeyType');
  const context = bodyChild.attr('Context')?.value();
  if (tokenType !== undefined) rst.tokenType = tokenType;
  if (keyType !== undefined) rst.keyType = keyType;
  if (appliesTo !== undefined) rst.appliesTo = appliesTo;
  if (context !== undefined) rst.context = context;
  for (const [element, field] of TARGETS) {
    const target = targets.get(element);
    if (target !== undefined) rst[field] = target;
  }
  if (targets.size > 1) throw new InvalidRequestError(`the RST holds ${[...targets.keys()].join(' and ')}`);
  if (renewing !== undefined) rst.renewing = renewing;
  const keySize = values.get('KeySize');
  const computedKeyAlgorithm = values.get('ComputedKeyAlgorithm');
  const entropy = elements.get('Entropy');
  const useKey = elements.get('UseKey');
  if (keySize !== undefined) rst.keySize = keySize;
  if (computedKeyAlgorithm !== undefined) rst.computedKeyAlgorithm = computedKeyAlgorithm;
  if (entropy !== undefined) rst.entropy = entropy;
  if (useKey !== undefined) rst.useKey = useKey;
  if (delegationParts.delegation) rst.delegation = delegationParts.delegation;
  if (delegationParts.claims) rst.claims = delegationParts.claims;
  return rst;
}

function readAppliesTo(appliesTo: XmlDomElement): string {
  const [epr, ...rest] = elementChildren(appliesTo, 'AppliesTo');
  if (!epr || rest.length > 0 || epr.namespace()?.href() !== NS.wsa || epr.name() !== 'EndpointReference') {
    throw new InvalidRequestError('AppliesTo must hold one wsa:EndpointReference');
  }
  const addresses = elementChildren(epr, 'EndpointReference').filter((c) => c.namespace()?.href() === NS.wsa && c.name() === 'Address');
  if (addresses.length !== 1) throw new InvalidRequestError('the EndpointReference must hold one wsa:Address');
  const address = addresses[0]!;
  const value = textContent(address, 'wsa:Address');
  if (value === '' || value.length > 2048) throw new InvalidRequestError('AppliesTo address is empty or too long');
  return value;
}
