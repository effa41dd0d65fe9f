/**
 * Parses the reply to an Issue request: a SOAP 1.1 or 1.2 envelope whose Body holds exactly one of
 *
 * - `wst:RequestSecurityTokenResponseCollection` with exactly one `wst:RequestSecurityTokenResponse`
 *   (the WS-Trust 1.3 final Issue reply, section 4.3),
 * - a bare `wst:RequestSecurityTokenResponse` (WS-Trust 2005/02, and some 1.3 servers),
 * - a SOAP Fault (SOAP 1.1 section 4.4; SOAP 1.2 Part 1 section 5.4).
 *
 * Both WS-Trust 1.3 namespace spellings and the 2005/02 namespace are accepted. The text passes a small gate
 * and the SDK's strict parser; elements are reached only by namespace-explicit XPath. Anything else throws
 * {@link StsClientError} (`malformed-response` or `unexpected-response`).
 *
 * @example
 * ```ts
 * const reply = parseIssueResponse(await response.text());
 * if (reply.ok) console.log(reply.tokenType, reply.token);
 * else console.log(reply.fault.code, reply.fault.subcode?.localName, reply.fault.reason);
 * ```
 * @public
 */
import type { StsFault } from './parse-soap-fault.js';
import { readRstr, type IssuedTokenFields } from './read-rstr.js';
import { readTrustReply } from './read-trust-reply.js';
import type { SoapVersion } from './soap-version.js';

/** A successful Issue reply. @public */
export interface IssueSuccess extends IssuedTokenFields {
  readonly ok: true;
  readonly soapVersion: SoapVersion;
  /** true when the RSTR came inside an RSTRC (the WS-Trust 1.3 form), false for a bare RSTR. */
  readonly collection: boolean;
}

/** A SOAP fault reply (to an Issue or a Validate request). @public */
export interface IssueFault {
  readonly ok: false;
  readonly soapVersion: SoapVersion;
  readonly fault: StsFault;
}

/** The reply to an Issue request: a token or a fault. @public */
export type IssueResponse = IssueSuccess | IssueFault;

/** Parses an Issue reply; throws {@link StsClientError} for anything that is neither an RSTR(C) nor a fault. @public */
export function parseIssueResponse(body: string): IssueResponse {
  const reply = readTrustReply(body);
  if (reply.kind === 'fault') return { ok: false, soapVersion: reply.soapVersion, fault: reply.fault };
  return { ok: true, soapVersion: reply.soapVersion, collection: reply.collection, ...readRstr(reply.rstr, reply.trustNamespace) };
}
