/**
 * What the middleware chain learns about a request, in Koa's ctx.state: the fault boundary needs the SOAP
 * version and the WS-Trust namespace as soon as they are known, to answer in the request's own terms.
 */
import type { RequestContext } from '@sts/sdk';

export interface StsState {
  context: RequestContext;
  /** Set by the WS-Trust face's front door (the SOAP version it answers in). */
  soapVersion?: '1.1' | '1.2';
  trustNamespace?: string;
  /** The action the transport announced (SOAPAction header or the SOAP 1.2 action parameter). */
  transportAction?: string;
  /** The operation the face dispatched to (issue, validate, ...), for metrics and the audit log. */
  operation?: string;
  /** The fault code the face's error boundary answered with (e.g. wst:FailedAuthentication). */
  fault?: string;
}
