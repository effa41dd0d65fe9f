/**
 * Faults that belong to SOAP itself rather than to WS-Trust (SOAP 1.1 section 4.4.1, SOAP 1.2 part 1
 * section 5.4.6): VersionMismatch and MustUnderstand. Everything else is an StsError.
 */
export class SoapProtocolError extends Error {
  constructor(
    readonly soapCode: 'VersionMismatch' | 'MustUnderstand',
    message: string,
  ) {
    super(message);
    this.name = 'SoapProtocolError';
  }

  get reason(): string {
    return this.soapCode === 'VersionMismatch'
      ? 'The SOAP envelope namespace is not supported'
      : 'A header block marked mustUnderstand was not understood';
  }
}
