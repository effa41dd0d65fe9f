/**
 * Thrown by the byte gate and the strict parser when untrusted XML is refused. `code` says which rule;
 * the kernel maps every code to `wst:InvalidRequest` (or HTTP 413 for `too-large`).
 * @public
 */
export type XmlRejectionCode =
  | 'too-large'
  | 'empty'
  | 'encoding'
  | 'doctype'
  | 'processing-instruction'
  | 'comment'
  | 'forbidden-character'
  | 'depth'
  | 'attributes'
  | 'namespaces'
  | 'elements'
  | 'text'
  | 'malformed';

/** @public */
export class XmlRejectedError extends Error {
  constructor(
    readonly code: XmlRejectionCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'XmlRejectedError';
  }
}
