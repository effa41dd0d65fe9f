/**
 * A WS-Trust endpoint (`/idp/sts.wst`, `/sp/sts.wst`, `/pf/sts.wst`): after the XML front door, the request
 * is checked and dispatched (DESIGN.md section 4 steps 5 to 9):
 * - the Body is an RST valid against our schema, whose RequestType names an operation of the map;
 * - the addressing headers agree with the operation and this endpoint (check-addressing.ts);
 * - the client authenticates as the endpoint and the connection require (client-authentication.ts), before
 *   anything one-time is recorded; its id joins the request context (audit, issuance criteria);
 * - the Security header yields a fresh Timestamp and the credential the operation requires or allows;
 * - a wsa:MessageID is accepted once, and recorded only once the request has authenticated
 *   (message-id-replay.ts);
 * - the operation runs the exchange; the RSTR echoes the request's Context and MessageID.
 * A RequestSecurityTokenCollection goes to the batch (ws-trust-batch.ts).
 * The role decides which policy applies (see PolicyResolver); the face knows no token type.
 */
import type { Middleware } from 'koa';
import { BadRequestError, InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { StsRole } from '../policy/policy-resolver.js';
import { checkAddressing } from './check-addressing.js';
import { readRst, type RstRequest } from './read-rst.js';
import { isRstCollection } from './read-rstc.js';
import { runBatch } from './ws-trust-batch.js';
import { clientAuthentication } from './client-for.js';
import type { SoapRequestState } from './soap/read-soap-request.js';
import { SOAP_MEDIA_TYPE } from './soap/soap-version.js';
import { writeEnvelope } from './soap/write-envelope.js';
import { operationFor } from './trust-operations.js';
import { writeTrustResponse } from './write-trust-response.js';
import { readSecurityHeader } from './wssecurity/read-security-header.js';
import type { WsTrustEndpointDeps } from './ws-trust-endpoint-deps.js';

export type { WsTrustEndpointDeps };

export function wsTrustEndpoint(role: StsRole, deps: WsTrustEndpointDeps): Middleware<SoapRequestState> {
  return async (ctx) => {
    const { soap } = ctx.state;
    const { headers } = soap;
    if (!soap.bodyChild) throw new InvalidRequestError('the Body has 0 child elements; exactly one is allowed');
    if (isRstCollection(soap.bodyChild)) return runBatch(ctx, role, deps);
    const rst = readRst(soap.bodyChild);
    const { version } = rst;
    ctx.state.trustNamespace = version.namespace;

    const operation = operationFor(deps.operations, version, rst.requestType);
    if (!operation) throw new BadRequestError(`RequestType ${quoteForLog(rst.requestType)} is not supported`);
    ctx.state.operation = operation.name;
    const addressing = { ...headers, ...(ctx.state.transportAction === undefined ? {} : { transportAction: ctx.state.transportAction }) };
    checkAddressing(addressing, operation.requestAction(version), rst.requestType, ctx.path, deps.publicOrigins);
    const clientFor = clientAuthentication(ctx, role, deps);
    const clientId = await clientFor(rst.appliesTo?.address);
    if (clientId !== undefined) ctx.state.context = Object.freeze({ ...ctx.state.context, clientId });
    const tokenProcessorId = ctx.query['TokenProcessorId'];
    if (Array.isArray(tokenProcessorId)) throw new InvalidRequestError('TokenProcessorId given more than once');

    const security = readSecurityHeader(headers.security, deps.registry, deps.config.security.timestamp, deps.clock.now(), operation.credential);
    const { messageId } = headers;
    if (messageId !== undefined) await deps.messageIds.checkUnseen(messageId, security);
    const answer = await operation.run({
      role,
      rst,
      security,
      message: { xml: soap.text, soapVersion: soap.version },
      context: ctx.state.context,
      // The MessageID is recorded only once the exchange has verified the credential (issue 7).
      authenticated: async () => {
        if (messageId !== undefined) await deps.messageIds.record(messageId);
      },
      ...(tokenProcessorId === undefined ? {} : { tokenProcessorId }),
      clientFor,
    });
    const response = writeTrustResponse({ version, operation: operation.name, ...answer, ...echoed(rst, messageId) });
    ctx.status = 200;
    ctx.type = SOAP_MEDIA_TYPE[soap.version];
    ctx.body = writeEnvelope(soap.version, response.headers, response.body);
  };
}

/** What the RSTR echoes of the request: the AppliesTo namespace, Context (WS-Trust 1.3 section 3.2), RelatesTo. */
function echoed(rst: RstRequest, messageId: string | undefined) {
  return {
    ...(rst.appliesTo ? { appliesToNamespace: rst.appliesTo.policyNamespace } : {}),
    ...(rst.context === undefined ? {} : { context: rst.context }),
    ...(messageId === undefined ? {} : { relatesTo: messageId }),
  };
}
