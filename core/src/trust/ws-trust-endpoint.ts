/**
 * The IdP STS endpoint (`/idp/sts.wst`): after the XML front door, the WS-Trust request is checked and
 * dispatched (DESIGN.md section 4 steps 5 to 9):
 * - the Body is an RST valid against our schema, RequestType Issue (Validate comes with the SP STS);
 * - wsa:Action, when sent, is the Issue action, and the transport action (SOAPAction or the SOAP 1.2
 *   action parameter), when sent, agrees with it (security-rules.md section 1 row 28);
 * - wsa:To, when sent, names this endpoint at one of our public origins (row 29);
 * - the Security header yields a fresh Timestamp and one credential, then the Issue operation runs.
 */
import type { Middleware } from 'koa';
import { BadRequestError, ExpiredDataError, InvalidRequestError, type Clock, type StateStore } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { SoapRequestState } from '../soap/read-soap-request.js';
import { SOAP_MEDIA_TYPE } from '../soap/soap-version.js';
import { writeEnvelope } from '../soap/write-envelope.js';
import { readSecurityHeader } from '../wssecurity/read-security-header.js';
import type { IssueOperation } from './issue-operation.js';
import { readRst } from './read-rst.js';
import { writeIssueResponse } from './write-issue-response.js';

export interface WsTrustEndpointDeps {
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly issue: IssueOperation;
  readonly clock: Clock;
  readonly stateStore: StateStore;
  /** Origins (scheme://host:port) under which clients reach us. */
  readonly publicOrigins: ReadonlySet<string>;
}

export function wsTrustEndpoint(deps: WsTrustEndpointDeps): Middleware<SoapRequestState> {
  return async (ctx) => {
    const { soap } = ctx.state;
    const rst = readRst(soap.bodyChild);
    ctx.state.trustNamespace = rst.version.namespace;

    if (rst.requestType !== rst.version.requestTypes.issue) {
      throw new BadRequestError(`RequestType ${rst.requestType} is not supported at ${ctx.path}`);
    }
    const expectedAction = rst.version.actions.issue;
    if (soap.headers.action !== undefined && soap.headers.action !== expectedAction) {
      throw new InvalidRequestError(`wsa:Action ${soap.headers.action} does not match RequestType Issue`);
    }
    const transport = ctx.state.transportAction;
    if (transport !== undefined && transport !== (soap.headers.action ?? expectedAction)) {
      throw new InvalidRequestError(`transport action ${transport} disagrees with the message action`);
    }
    if (soap.headers.to !== undefined) checkTo(soap.headers.to, ctx.path, deps.publicOrigins);

    const security = readSecurityHeader(soap.headers.security, deps.registry.processors(), deps.config.security.timestamp, deps.clock.now());
    const tokenProcessorId = ctx.query['TokenProcessorId'];
    if (Array.isArray(tokenProcessorId)) throw new InvalidRequestError('TokenProcessorId given more than once');
    if (soap.headers.messageId !== undefined) await checkMessageIdReplay(deps.stateStore, soap.headers.messageId, deps.config.security.timestamp);
    const result = await deps.issue.issue({
      rst,
      token: security.token,
      context: ctx.state.context,
      message: { xml: soap.text, soapVersion: soap.version },
      ...(tokenProcessorId === undefined ? {} : { tokenProcessorId }),
    });
    const response = writeIssueResponse({
      version: rst.version,
      token: result.token,
      appliesTo: result.appliesTo,
      appliesToNamespace: result.appliesToNamespace,
      ...(rst.context === undefined ? {} : { context: rst.context }),
      ...(soap.headers.messageId === undefined ? {} : { relatesTo: soap.headers.messageId }),
    });
    ctx.status = 200;
    ctx.type = SOAP_MEDIA_TYPE[soap.version];
    ctx.body = writeEnvelope(soap.version, response.headers, response.body);
  };
}

/**
 * A wsa:MessageID is accepted once (security-rules.md section 1 rows 26 and 29): kept for as long as a
 * Timestamp could still be fresh, so a captured request cannot be replayed while it would pass the
 * Timestamp check.
 */
async function checkMessageIdReplay(store: StateStore, messageId: string, policy: KernelConfig['security']['timestamp']): Promise<void> {
  const ttl = policy.maxAgeSeconds + policy.futureSkewSeconds;
  if (!(await store.putIfAbsent('wsa-message-id', messageId, ttl))) throw new ExpiredDataError(`wsa:MessageID ${messageId} was seen before`);
}

function checkTo(to: string, path: string, origins: ReadonlySet<string>): void {
  let url: URL | undefined;
  try {
    url = new URL(to);
  } catch {
    url = undefined;
  }
  if (!url || !origins.has(url.origin) || url.pathname !== path) {
    throw new InvalidRequestError(`wsa:To ${to} does not name this endpoint`);
  }
}

