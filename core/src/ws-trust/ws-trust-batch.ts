/**
 * A batch: RequestSecurityTokenCollection → RequestSecurityTokenResponseCollection (WS-Trust 1.3 section
 * 4.3; README "Batch requests"). The envelope is checked once (addressing against the operation's Batch
 * Action, the Security header, the MessageID); then each RST is read and run on its own, in order, and
 * answered by one RSTR in the RSTRC: a token, a status, RequestedTokenCancelled, or, for an RST that failed,
 * an RSTR holding a batch fault (below). A refusal of the whole batch (read-rstc.ts) is a SOAP fault as usual.
 *
 * - Client authentication: the endpoint's once for the whole batch (a refusal refuses it all, as for one RST);
 *   the one an RST's SP connection requires for that RST (a refusal is that RST's wst:FailedAuthentication).
 * - The Security header's credential is authenticated once per message: its processor runs once per purpose
 *   and every RST sees that result, so a nonce or an assertion ID is not taken as a replay by the second RST.
 *   The request's one-time values (MessageID) are likewise recorded once.
 * - WS-Trust defines no way to say that one RST of a collection failed, so we decided one: the RSTR of a
 *   failed RST carries its Context and one `bf:Fault` (namespace {@link BATCH_FAULT_NS}) holding `bf:Code`,
 *   the WS-Trust fault QName (e.g. `wst:InvalidRequest`), and `bf:Reason`, the same public reason a SOAP
 *   fault would carry. The RSTR's content model is an open wildcard, so the RSTRC stays schema-valid.
 */
import { isStsError, BadRequestError, InvalidRequestError, ServerFailureError, type ProcessedToken, type ReceivedToken } from '@sts/sdk';
import { el, type XmlDomElement, type XmlNode } from '@sts/sdk/xml';
import type { ParameterizedContext } from 'koa';
import { checkAddressing } from './check-addressing.js';
import { readRst, type RstRequest } from './read-rst.js';
import { readRstCollection } from './read-rstc.js';
import type { SoapRequestState } from './soap/read-soap-request.js';
import { SOAP_MEDIA_TYPE } from './soap/soap-version.js';
import { writeEnvelope } from './soap/write-envelope.js';
import type { StsRole } from '../policy/policy-resolver.js';
import type { TrustCall } from './trust-operation.js';
import type { TrustVersion } from './trust-version.js';
import { clientAuthentication } from './client-for.js';
import type { WsTrustEndpointDeps } from './ws-trust-endpoint-deps.js';
import { responseHeaders, writeRstr } from './write-trust-response.js';
import { readSecurityHeader, type FoundToken } from './wssecurity/read-security-header.js';

/** The namespace of the per-RST fault in a batch answer (our own: WS-Trust has none). */
export const BATCH_FAULT_NS = 'https://sts.example/ns/ws-trust-batch-fault';

export async function runBatch(ctx: ParameterizedContext<SoapRequestState>, role: StsRole, deps: WsTrustEndpointDeps): Promise<void> {
  const { soap } = ctx.state;
  const { headers } = soap;
  const collection = readRstCollection(soap.bodyChild!, deps.config.batch.maxRequests);
  const { version } = collection;
  ctx.state.trustNamespace = version.namespace;
  const operation = deps.operations.get(collection.operation);
  if (!operation) throw new BadRequestError(`batch ${collection.operation} is not supported`);
  ctx.state.operation = `batch-${operation.name}`;
  const uris = version.batch[operation.name];
  const addressing = { ...headers, ...(ctx.state.transportAction === undefined ? {} : { transportAction: ctx.state.transportAction }) };
  checkAddressing(addressing, uris.action, uris.requestType, ctx.path, deps.publicOrigins);
  // The endpoint's client authentication refuses the whole batch; a connection's, the RST for it (below).
  const clientFor = clientAuthentication(ctx, role, deps);
  const endpointClient = await clientFor();
  const tokenProcessorId = ctx.query['TokenProcessorId'];
  if (Array.isArray(tokenProcessorId)) throw new InvalidRequestError('TokenProcessorId given more than once');

  const security = readSecurityHeader(headers.security, deps.registry, deps.config.security.timestamp, deps.clock.now(), operation.credential);
  const { messageId } = headers;
  // A copy of the batch is refused as a whole, before any RST runs (MessageIdReplay.refuseSeen).
  if (messageId !== undefined) await deps.messageIds.refuseSeen(messageId);
  let recorded: Promise<void> | undefined;
  const call: Omit<TrustCall, 'rst'> = {
    role,
    security: security.token ? { ...security, token: authenticatedOnce(security.token) } : security,
    message: { xml: soap.text, soapVersion: soap.version },
    context: endpointClient === undefined ? ctx.state.context : Object.freeze({ ...ctx.state.context, clientId: endpointClient }),
    clientFor,
    authenticated: () => (recorded ??= messageId === undefined ? Promise.resolve() : deps.messageIds.record(messageId)),
    ...(tokenProcessorId === undefined ? {} : { tokenProcessorId }),
  };

  const answers: XmlNode[] = [];
  for (const [index, item] of collection.items.entries()) {
    let rst: RstRequest | undefined;
    try {
      rst = readRst(item);
      const clientId = rst.appliesTo ? await clientFor(rst.appliesTo.address) : endpointClient;
      const answer = await operation.run({ ...call, rst, context: clientId === undefined ? call.context : Object.freeze({ ...call.context, clientId }) });
      answers.push(writeRstr({ version, operation: operation.name, ...answer, ...(rst.appliesTo ? { appliesToNamespace: rst.appliesTo.policyNamespace } : {}), ...(rst.context === undefined ? {} : { context: rst.context }) }, false));
    } catch (error) {
      const refusal = isStsError(error) ? error : new ServerFailureError('unexpected error', { cause: error });
      deps.logger[isStsError(error) ? 'warn' : 'error'](
        { event: 'batch.item.refused', requestId: ctx.state.context.requestId, endpoint: ctx.path, item: index, fault: refusal.faultCode, reason: (error as Error)?.message, ...(isStsError(error) ? {} : { stack: (error as Error)?.stack }) },
        'batch item refused',
      );
      answers.push(failedItem(version, item, refusal.faultCode, refusal.reason));
    }
  }
  const body = el('wst:RequestSecurityTokenResponseCollection', { xmlns: { wst: version.namespace } }, answers);
  ctx.status = 200;
  ctx.type = SOAP_MEDIA_TYPE[soap.version];
  ctx.body = writeEnvelope(soap.version, responseHeaders(uris.response, messageId), body);
}

function failedItem(version: TrustVersion, item: XmlDomElement, code: string, reason: string): XmlNode {
  const context = item.attr('Context')?.value();
  return el('wst:RequestSecurityTokenResponse', { Context: context }, [
    el('bf:Fault', { xmlns: { bf: BATCH_FAULT_NS, wst: version.namespace } }, [el('bf:Code', {}, [`wst:${code}`]), el('bf:Reason', {}, [reason])]),
  ]);
}

/** The Security header token with its processor run once per purpose for the whole batch. */
function authenticatedOnce(token: FoundToken): FoundToken {
  const inner = token.processor.processor;
  const results = new Map<ReceivedToken['purpose'], Promise<ProcessedToken>>();
  const processor = Object.create(inner) as typeof inner;
  processor.process = (received) => {
    let result = results.get(received.purpose);
    if (!result) results.set(received.purpose, (result = inner.process(received)));
    return result;
  };
  return { ...token, processor: { ...token.processor, processor } };
}
