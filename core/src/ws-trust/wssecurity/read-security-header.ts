/**
 * The wsse:Security header (WSS 1.1; DESIGN.md section 4 steps 6 and 7):
 * - at most one wsu:Timestamp (BSP R3227), required unless configured otherwise, checked for freshness;
 * - exactly one token a registered processor accepts (by namespace, local name and ValueType);
 * - anything else (a Signature, an unknown token) is refused: we never skip what we cannot check.
 */
import { FailedAuthenticationError, InvalidRequestError, RequestFailedError, quoteForLog } from '@sts/sdk';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import type { TokenSelector } from '@sts/sdk';
import { elementChildren } from '../soap/read-envelope.js';
import type { PluginRegistry, ProcessorInstance } from '../../plugins/plugin-registry.js';
import { checkTimestamp, type CheckedTimestamp, type TimestampPolicy } from './check-timestamp.js';

export interface FoundToken {
  readonly element: XmlDomElement;
  readonly tokenType: string;
  readonly processor: ProcessorInstance;
  readonly selector: TokenSelector;
}

/** The processors a token may belong to: the enabled ones, and the disabled ones to refuse it by name. */
export type TokenCatalog = Pick<PluginRegistry, 'processors' | 'disabledProcessors'>;

export interface SecurityHeader {
  readonly timestamp?: CheckedTimestamp;
  /** The credential; absent only when the caller allowed that (Validate). */
  readonly token?: FoundToken;
  /** The header holds a ds:Signature, which the processor of `token` verifies with the token's key. */
  readonly signed?: boolean;
}

export function readSecurityHeader(
  security: XmlDomElement | undefined,
  processors: TokenCatalog,
  policy: TimestampPolicy,
  now: Date,
  credential: 'required' | 'optional' = 'required',
): SecurityHeader {
  if (!security) {
    if (policy.required) throw new InvalidRequestError('no wsse:Security header (a Timestamp is required)');
    if (credential === 'optional') return {};
    throw new FailedAuthenticationError('no wsse:Security header, so no credential');
  }
  let timestamp: CheckedTimestamp | undefined;
  const tokens: FoundToken[] = [];
  let signatures = 0;
  for (const child of elementChildren(security, 'wsse:Security')) {
    const ns = child.namespace()?.href();
    if (ns === NS.wsu && child.name() === 'Timestamp') {
      if (timestamp) throw new InvalidRequestError('more than one Timestamp (BSP R3227)');
      timestamp = checkTimestamp(child, policy, now);
      continue;
    }
    if (ns === NS.ds && child.name() === 'Signature') {
      signatures++;
      continue;
    }
    const match = matchToken(child, ns, processors);
    if (!match) throw new InvalidRequestError(`unsupported element ${quoteForLog(`{${ns ?? ''}}${child.name()}`)} in wsse:Security`);
    tokens.push(match);
  }
  if (!timestamp && policy.required) throw new InvalidRequestError('the Security header has no Timestamp');
  if (tokens.length === 0) {
    if (signatures > 0) throw new InvalidRequestError('a ds:Signature in the Security header without a token to verify it');
    if (credential === 'optional') return timestamp ? { timestamp } : {};
    throw new FailedAuthenticationError('no credential in the Security header');
  }
  if (tokens.length > 1) throw new InvalidRequestError(`${tokens.length} credentials in the Security header; one is allowed`);
  // A signature is checked by the processor of the token whose key made it, or the request is refused:
  // "no check" must never follow from "nobody claimed the signature" (security-rules.md section 1 row 15).
  if (signatures > 0 && !tokens[0]!.selector.verifiesMessageSignature) {
    throw new InvalidRequestError(`a ds:Signature in the Security header, but processor ${tokens[0]!.processor.id} does not verify message signatures`);
  }
  return { ...(timestamp ? { timestamp } : {}), token: tokens[0]!, ...(signatures > 0 ? { signed: true } : {}) };
}

/**
 * The enabled processor whose selector accepts this element, or undefined. A token that only a disabled
 * instance accepts is refused here with wst:RequestFailed naming the instance, as a disabled generator is
 * (README "Write a token plug-in"; issue 9).
 */
export function matchToken(element: XmlDomElement, ns: string | undefined, catalog: TokenCatalog): FoundToken | undefined {
  for (const processor of catalog.processors()) {
    const selector = selectorFor(element, ns, processor.selectors);
    if (selector) return { element, tokenType: selector.tokenType, processor, selector };
  }
  const disabled = catalog.disabledProcessors().find((d) => selectorFor(element, ns, d.selectors));
  if (disabled) throw new RequestFailedError(`the {${ns ?? ''}}${element.name()} token needs token processor instance '${disabled.id}', which is disabled in plugins.json`);
  return undefined;
}

function selectorFor(element: XmlDomElement, ns: string | undefined, selectors: readonly TokenSelector[]): TokenSelector | undefined {
  return selectors.find(
    (s) => s.namespaceUri === ns && s.localName === element.name() && (s.valueType === undefined || element.attr('ValueType')?.value() === s.valueType),
  );
}
