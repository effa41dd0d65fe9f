/**
 * The client went away while we read its request (it reset or closed the connection, or the server limits
 * dropped it as too slow). Nobody is left to answer, so this is not a refusal: `dropAbortedRequests` logs it
 * once at info, without a stack, and sends nothing.
 */
export class ClientAbortedError extends Error {
  constructor(options?: { readonly cause?: unknown }) {
    super('the client aborted the request while it was being read', options);
    this.name = 'ClientAbortedError';
  }
}
