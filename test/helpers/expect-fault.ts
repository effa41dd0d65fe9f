/**
 * The common assertions of the negative end-to-end tests: a request is refused with one fault, as the design
 * says (DESIGN.md section 4 step 10; WS-Trust 1.3 section 11), and nothing was issued.
 *
 * - HTTP status: SOAP 1.1 always 500; SOAP 1.2 Sender 400, Receiver 500; SOAP protocol faults 500; a
 *   transport override (413, 415) wins.
 * - The answer is a SOAP envelope of the expected version, with the matching media type.
 * - The fault code read by the SDK client (`parseIssueResponse`): SOAP 1.1 `faultcode` is the `wst:` QName;
 *   SOAP 1.2 `Code/Value` is Sender or Receiver and `Code/Subcode/Value` the `wst:` QName. Protocol faults
 *   (VersionMismatch, MustUnderstand) carry the envelope's own code and no subcode.
 * - The reason is the standard text, never the internal detail the kernel logged; no stack trace or file path.
 * - Exactly one `request.refused` audit record, at warn level (a known refusal, not an unexpected crash),
 *   naming the same fault.
 * - The response validates with xmllint against the official schemas.
 * - `t.issuedCount()` is unchanged.
 *
 * Set TRACE_REFUSALS=1 to print the logged internal reason of each refusal, to check that a mutation hits
 * the check it is meant for.
 */
import { expect } from 'chai';
import { FAULT_REASONS, type WsTrustFaultCode } from '@sts/sdk';
import { parseIssueResponse, type IssueSuccess, type StsFault } from '@sts/sdk/client';
import { NS } from '@sts/sdk/xml';
import { xmllintSchema } from './external-tools.js';
import { send, type RawRequest, type RawResponse, type SoapVersion } from './issue-request.js';
import type { TestSts } from './start-test-sts.js';

export type ProtocolFaultCode = 'VersionMismatch' | 'MustUnderstand';
export type FaultCode = WsTrustFaultCode | ProtocolFaultCode;

/** The reason texts of the SOAP protocol faults (core/src/ws-trust/soap/soap-protocol-error.ts). */
export const PROTOCOL_REASONS: Readonly<Record<ProtocolFaultCode, string>> = {
  VersionMismatch: 'The SOAP envelope namespace is not supported',
  MustUnderstand: 'A header block marked mustUnderstand was not understood',
};

export interface ExpectedFault {
  /** SOAP version of the answer. */
  readonly soapVersion: SoapVersion;
  readonly code: FaultCode;
  /** A transport override (413, 415); otherwise derived from the SOAP version and the Code. */
  readonly httpStatus?: number;
  /** SOAP 1.2 Code Receiver instead of Sender. */
  readonly receiver?: boolean;
  /** Namespace of the `wst:` QName; default WS-Trust 1.3. */
  readonly trustNamespace?: string;
}

const SOAP_MEDIA: Readonly<Record<SoapVersion, string>> = { '1.1': 'text/xml', '1.2': 'application/soap+xml' };
const PROTOCOL_CODES: ReadonlySet<string> = new Set(['VersionMismatch', 'MustUnderstand']);

/** Text that must never reach the wire: stack frames, file paths, error class names. */
const LEAKS: readonly RegExp[] = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\(/,
  /(?:^|[\s"'(])\/(?:work|home|tmp|usr|opt|root)\//,
  /node_modules/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /\b[A-Z][A-Za-z]*Error\b/,
];

export function expectedHttpStatus(expected: ExpectedFault): number {
  if (expected.httpStatus !== undefined) return expected.httpStatus;
  if (PROTOCOL_CODES.has(expected.code)) return 500;
  if (expected.soapVersion === '1.1') return 500;
  return expected.receiver ? 500 : 400;
}

/** Asserts the response is exactly the expected fault; returns the fault the SDK client read. */
export function expectFaultResponse(res: RawResponse, expected: ExpectedFault): StsFault {
  const context = `HTTP ${res.status} ${res.contentType}\n${res.body.length > 1500 ? `${res.body.slice(0, 1500)}…` : res.body}`;
  expect(res.status, context).to.equal(expectedHttpStatus(expected));
  expect(res.contentType.split(';')[0]!.trim().toLowerCase(), context).to.equal(SOAP_MEDIA[expected.soapVersion]);
  for (const leak of LEAKS) expect(res.body, `leak ${leak}`).to.not.match(leak);

  const reply = parseIssueResponse(res.body);
  if (reply.ok) expect.fail(`expected a fault, got a token:\n${res.body}`);
  expect(reply.soapVersion, context).to.equal(expected.soapVersion);
  const { fault } = reply;
  if (PROTOCOL_CODES.has(expected.code)) {
    expect(fault.code, context).to.equal(expected.code);
    expect(fault.subcode, context).to.equal(undefined);
    expect(fault.reason, context).to.equal(PROTOCOL_REASONS[expected.code as ProtocolFaultCode]);
  } else {
    const wst = { namespaceUri: expected.trustNamespace ?? NS.wst13, localName: expected.code };
    const code = expected.soapVersion === '1.1' ? expected.code : expected.receiver ? 'Receiver' : 'Sender';
    expect(fault.code, context).to.equal(code);
    expect(fault.subcode, context).to.deep.equal(wst);
    expect(fault.reason, context).to.equal(FAULT_REASONS[expected.code as WsTrustFaultCode]);
  }
  const lint = xmllintSchema(res.body);
  expect(lint.status, `${lint.output}\n${res.body}`).to.equal(0);
  return fault;
}

/**
 * Sends the request and asserts it is refused with the expected fault, that the refusal was logged once at
 * warn level with the same fault and without its internal reason reaching the wire, and that nothing was issued.
 */
export async function expectRefused(t: TestSts, request: RawRequest, expected: ExpectedFault): Promise<StsFault> {
  const issuedBefore = t.issuedCount();
  const logBefore = t.logger.records.length;
  const res = await send(t, request);
  const fault = expectFaultResponse(res, expected);
  const refusals = t.logger.records.slice(logBefore).filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  expect(refusals, 'one request.refused audit record').to.have.length(1);
  const record = refusals[0]!;
  const fields = record.fields as { fault?: string; reason?: string; stack?: string };
  expect(record.level, `logged as ${record.level}: ${fields.reason}\n${fields.stack ?? ''}`).to.equal('warn');
  expect(fields.fault).to.equal(expected.code);
  if (fields.reason) expect(res.body, 'the internal reason stays in the log').to.not.include(fields.reason);
  if (process.env['TRACE_REFUSALS']) console.log(`        refused: ${fields.reason}`);
  expect(t.issuedCount(), 'nothing was issued').to.equal(issuedBefore);
  return fault;
}

/** Sends the request and asserts a token was issued (HTTP 200, one more `token.issued` record). */
export async function expectIssued(t: TestSts, request: RawRequest): Promise<IssueSuccess> {
  const issuedBefore = t.issuedCount();
  const res = await send(t, request);
  expect(res.status, res.body).to.equal(200);
  const reply = parseIssueResponse(res.body);
  if (!reply.ok) expect.fail(`expected a token, got fault ${JSON.stringify(reply.fault)}`);
  expect(t.issuedCount()).to.equal(issuedBefore + 1);
  return reply;
}

/** The logged reason of the last refusal ('' without one): the wire carries only the public reason. */
export function lastRefusalReason(t: { readonly logger: { readonly records: readonly { readonly fields: unknown }[] } }): string {
  const refusals = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  return (refusals.at(-1)?.fields as { reason?: string } | undefined)?.reason ?? '';
}
