/**
 * Refusals of the metadata face. On the GET paths each carries its HTTP status (404 unknown partner, 400 a
 * malformed query, 405 a wrong method); a SOAP GetMetadata whose Dialect or Identifier we do not serve is the
 * `UnsupportedMetadata` fault (W3C WS-MetadataExchange section 10.1, Code Sender), rendered in the 2004/09
 * MEX namespace the request used.
 */
export class MetadataError extends Error {
  constructor(
    readonly httpStatus: 400 | 404 | 405,
    message: string,
  ) {
    super(message);
    this.name = 'MetadataError';
  }
}

export class UnsupportedMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMetadataError';
  }
}
