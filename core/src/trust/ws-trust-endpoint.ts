/**
 * A WS-Trust endpoint (`/idp/sts.wst`, `/sp/sts.wst`, `/pf/sts.wst`): after the XML front door, the request
 * is checked and dispatched (DESIGN.md section 4 steps 5 to 9):
 * - the Body is an RST valid against our schema, RequestType Issue or Validate;
 * - wsa:Action, when sent, is the action of that RequestType, and the transport action (SOAPAction or the
 *   SOAP 1.2 action parameter), when sent, agrees with it (security-rules.md section 1 row 28);
 * - wsa:To, when sent, names this endpoint at one of our public origins (row 29);
 * - a wsa:MessageID is accepted once;
 * - Issue: the Security header yields a fresh Timestamp and one credential; Validate: a fresh Timestamp,
 *   a credential optional, and the token in ValidateTarget.
 * The role decides which policy applies (see PolicyResolver); the kernel knows no token type.
 */
import type { Middleware } from 'koa';
import { BadRequestError, quoteForLog, ExpiredDataError, InvalidRequestError, type Clock, type StateStore } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import type { StsRole } from '../policy/policy-resolver.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { SoapRequestState } from '../soap/read-soap-request.js';
import { SOAP_MEDIA_TYPE } from '../soap/soap-version.js';
import { writeEnvelope } from '../soap/write-envelope.js';
import { matchToken, readSecurityHeader } from '../wssecurity/read-security-header.js';
import { readRst } from './read-rst.js';
import type { TrustOperations } from './trust-operations.js';
import { writeTrustResponse } from './write-trust-response.js';

export interface WsTrustEndpointDeps {
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly operations: TrustOperations;
  readonly clock: Clock;
  readonly stateStore: StateStore;
  /** Origins (scheme://host:port) under which clients reach us. */
  readonly publicOrigins: ReadonlySet<string>;
}

export function wsTrustEndpoint(role: StsRole, deps: WsTrustEndpointDeps): Middleware<SoapRequestState> {
  return async (ctx) => {
    const { soap } = ctx.state;
    const rst = readRst(soap.bodyChild);
    const { version } = rst;
    ctx.state.trustNamespace = version.namespace;

    const operation = rst.requestType === version.requestTypes.issue ? 'issue' : rst.requestType === version.requestTypes.validate ? 'validate' : undefined;
    if (!operation) throw new BadRequestError(`RequestType ${quoteForLog(rst.requestType)} is not supported`);
    const expectedAction = operation === 'issue' ? version.actions.issue : version.actions.validate;
    if (soap.headers.action !== undefined && soap.headers.action !== expectedAction) {
      throw new InvalidRequestError(`wsa:Action ${quoteForLog(soap.headers.action)} does not match RequestType ${quoteForLog(rst.requestType)}`);
    }
    const transport = ctx.state.transportAction;
    if (transport !== undefined && transport !== (soap.headers.action ?? expectedAction)) {
      throw new InvalidRequestError(`transport action ${quoteForLog(transport)} disagrees with the message action`);
    }
    if (soap.headers.to !== undefined) checkTo(soap.headers.to, ctx.path, deps.publicOrigins);
    const tokenProcessorId = ctx.query['TokenProcessorId'];
    if (Array.isArray(tokenProcessorId)) throw new InvalidRequestError('TokenProcessorId given more than once');

    const processors = deps.registry.processors();
    const security = readSecurityHeader(soap.headers.security, processors, deps.config.security.timestamp, deps.clock.now(), operation === 'issue' ? 'required' : 'optional');
    if (soap.headers.messageId !== undefined) await checkMessageIdReplay(deps.stateStore, soap.headers.messageId, deps.config.security.timestamp);

    let response;
    if (operation === 'issue') {
      if (rst.validateTarget) throw new InvalidRequestError('ValidateTarget in an Issue request');
      const result = await deps.operations.issue({
        role,
        rst,
        token: security.token!,
        context: ctx.state.context,
        message: { xml: soap.text, soapVersion: soap.version },
        ...(tokenProcessorId === undefined ? {} : { tokenProcessorId }),
      });
      response = writeTrustResponse({ version, operation, token: result.token, audience: result.audience, ...common(rst, soap.headers.messageId) });
    } else {
      if (!rst.validateTarget) throw new InvalidRequestError('Validate needs a ValidateTarget');
      const target = matchToken(rst.validateTarget, rst.validateTarget.namespace()?.href(), processors);
      if (!target) throw new BadRequestError(`no enabled processor accepts a ${quoteForLog(rst.validateTarget.name())} in ValidateTarget`);
      const result = await deps.operations.validate({
        role,
        rst,
        target,
        context: ctx.state.context,
        ...(security.token ? { caller: security.token, message: { xml: soap.text, soapVersion: soap.version } } : {}),
      });
      response = writeTrustResponse({
        version,
        operation,
        status: result.valid ? { valid: true } : { valid: false, reason: result.reason },
        ...(result.valid && result.issued ? { token: result.issued.token, audience: result.issued.audience } : {}),
        ...common(rst, soap.headers.messageId),
      });
    }
    ctx.status = 200;
    ctx.type = SOAP_MEDIA_TYPE[soap.version];
    ctx.body = writeEnvelope(soap.version, response.headers, response.body);
  };
}

function common(rst: ReturnType<typeof readRst>, messageId: string | undefined) {
  return {
    ...(rst.appliesTo ? { appliesToNamespace: rst.appliesTo.policyNamespace } : {}),
    ...(rst.context === undefined ? {} : { context: rst.context }),
    ...(messageId === undefined ? {} : { relatesTo: messageId }),
  };
}

/**
 * A wsa:MessageID is accepted once (security-rules.md section 1 rows 26 and 29): kept for as long as a
 * Timestamp could still be fresh, so a captured request cannot be replayed while it would pass the
 * Timestamp check.
 */
async function checkMessageIdReplay(store: StateStore, messageId: string, policy: KernelConfig['security']['timestamp']): Promise<void> {
  const ttl = policy.maxAgeSeconds + policy.futureSkewSeconds;
  if (!(await store.putIfAbsent('wsa-message-id', messageId, ttl))) throw new ExpiredDataError(`wsa:MessageID ${quoteForLog(messageId)} was seen before`);
}

function checkTo(to: string, path: string, origins: ReadonlySet<string>): void {
  let url: URL | undefined;
  try {
    url = new URL(to);
  } catch {
    url = undefined;
  }
  if (!url || !origins.has(url.origin) || url.pathname !== path) {
    throw new InvalidRequestError(`wsa:To ${quoteForLog(to)} does not name this endpoint`);
  }
}
