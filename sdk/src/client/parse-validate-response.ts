/**
 * Parses the reply to a Validate request (WS-Trust 1.3 section 7; WS-Trust 2005/02 section 8): a SOAP 1.1 or
 * 1.2 envelope whose Body holds one `wst:RequestSecurityTokenResponse` (bare, as the spec shows it; one RSTR
 * inside an RSTRC is accepted too) or a SOAP Fault.
 *
 * - `wst:Status/wst:Code` must be the `…/status/valid` or `…/status/invalid` URI of the RSTR's WS-Trust
 *   version; `wst:Reason` is optional. An invalid token is an answer (`ok: true`, `status.valid: false`),
 *   not a fault.
 * - When the request asked for a new token (an exchange), the RSTR also carries RequestedSecurityToken,
 *   TokenType, the references, AppliesTo and Lifetime, read exactly as in an Issue reply into `token`. A
 *   token next to an invalid status is refused as contradictory.
 *
 * Envelope and fault handling are those of {@link parseIssueResponse}; anything else throws
 * {@link StsClientError} (`malformed-response` or `unexpected-response`).
 *
 * @example
 * ```ts
 * const reply = parseValidateResponse(await response.text());
 * if (!reply.ok) console.log('fault', reply.fault.subcode?.localName);
 * else if (reply.status.valid) console.log('valid', reply.token?.token);
 * else console.log('invalid:', reply.status.reason);
 * ```
 * @public
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import type { IssueFault } from './parse-issue-response.js';
import { readRstr, type IssuedTokenFields } from './read-rstr.js';
import { readTrustReply } from './read-trust-reply.js';
import { selectOptional, selectRequired, trimmedText } from './select-elements.js';
import type { SoapVersion } from './soap-version.js';
import { StsClientError } from './sts-client-error.js';
import { trustVersionUris, type TrustVersion, type ValidateUris } from './trust-version-uris.js';

/**
 * The validation status of a Validate reply (`wst:Status`).
 *
 * @example
 * ```ts
 * const status: ValidateStatus = { valid: false, code: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/invalid', reason: 'Authentication failed' };
 * ```
 * @public
 */
export interface ValidateStatus {
  /** true for the `…/status/valid` code, false for `…/status/invalid`. */
  readonly valid: boolean;
  /** The `wst:Code` URI as sent. */
  readonly code: string;
  /** `wst:Reason`, when sent. */
  readonly reason?: string;
}

/**
 * A Validate reply that is not a fault: the status, and the new token when the request asked for one.
 *
 * @example
 * ```ts
 * if (reply.ok && reply.status.valid && reply.token) useAssertion(reply.token.token);
 * ```
 * @public
 */
export interface ValidateSuccess {
  readonly ok: true;
  readonly soapVersion: SoapVersion;
  /** The namespace of the RSTR elements (one of the WS-Trust 1.3 spellings, or 2005/02). */
  readonly trustNamespace: string;
  readonly status: ValidateStatus;
  /** The token issued in exchange for the validated one; absent for a status-only reply. */
  readonly token?: IssuedTokenFields;
}

/**
 * A SOAP fault in reply to a Validate request (the same shape as an Issue fault).
 *
 * @example
 * ```ts
 * if (!reply.ok) console.log((reply satisfies ValidateFault).fault.subcode?.localName);
 * ```
 * @public
 */
export type ValidateFault = IssueFault;

/**
 * The reply to a Validate request: a status (and maybe a token), or a fault.
 *
 * @example
 * ```ts
 * const reply: ValidateResponse = parseValidateResponse(text);
 * ```
 * @public
 */
export type ValidateResponse = ValidateSuccess | ValidateFault;

const VERSIONS: readonly TrustVersion[] = ['1.3', '1.3-slash', '2005'];

/** Parses a Validate reply; throws {@link StsClientError} for anything that is neither a Validate RSTR nor a fault. @public */
export function parseValidateResponse(body: string): ValidateResponse {
  const reply = readTrustReply(body);
  if (reply.kind === 'fault') return { ok: false, soapVersion: reply.soapVersion, fault: reply.fault };
  const { rstr, trustNamespace } = reply;
  const status = readStatus(rstr, trustNamespace);
  const token = readRstr(rstr, trustNamespace, 'optional');
  if (token && !status.valid) throw new StsClientError('unexpected-response', 'the RSTR carries a token next to an invalid status');
  return { ok: true, soapVersion: reply.soapVersion, trustNamespace, status, ...(token && { token }) };
}

function readStatus(rstr: Element, trustNamespace: string): ValidateStatus {
  const uris = validateUris(trustNamespace);
  const ns = { t: trustNamespace };
  const status = selectRequired(rstr, 't:Status', ns, 'Status in the RSTR');
  const code = trimmedText(selectRequired(status, 't:Code', ns, 'Status/Code'));
  const reason = selectOptional(status, 't:Reason', ns, 'Status/Reason');
  if (code !== uris.validCode && code !== uris.invalidCode) {
    throw new StsClientError('unexpected-response', `unknown Status/Code ${JSON.stringify(code)}`);
  }
  return { valid: code === uris.validCode, code, ...(reason && { reason: reason.text() }) };
}

function validateUris(trustNamespace: string): ValidateUris {
  const version = VERSIONS.map(trustVersionUris).find((uris) => uris.namespace === trustNamespace);
  // readTrustReply only returns an RSTR in one of these namespaces.
  if (!version) throw new StsClientError('unexpected-response', `unknown WS-Trust namespace ${trustNamespace}`);
  return version.validate;
}
