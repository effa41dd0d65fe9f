/**
 * Namespaces and fixed URIs of the metadata documents: WSDL 1.1 and its SOAP 1.1 / 1.2 bindings,
 * WS-SecurityPolicy 1.2, WS-MetadataExchange and WS-Transfer (the 2004/09 versions that WCF, MSAL and AD FS
 * speak), the WSDL binding of WS-Addressing, and the identity namespace of WS-Trust claims.
 */
export const MD = Object.freeze({
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soap11Binding: 'http://schemas.xmlsoap.org/wsdl/soap/',
  soap12Binding: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  /** The HTTP transport URI of both SOAP bindings (WSDL 1.1 section 3.3); MSAL's mex.py requires exactly this. */
  httpTransport: 'http://schemas.xmlsoap.org/soap/http',
  sp: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  wsaw: 'http://www.w3.org/2006/05/addressing/wsdl',
  mex: 'http://schemas.xmlsoap.org/ws/2004/09/mex',
  ic: 'http://schemas.xmlsoap.org/ws/2005/05/identity',
  /** Our WSDL's target namespace. */
  tns: 'urn:sts:ws-trust:wsdl',
  /** WS-SecurityPolicy 1.2 section 5.1.1: the token is included in every message to the recipient (the STS). */
  includeAlwaysToRecipient: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient',
});

/** WS-MetadataExchange 2004/09 section 6 and WS-Transfer 2004/09 section 3.1: what a SOAP metadata request says. */
export const MEX_ACTION = Object.freeze({
  transferGet: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get',
  transferGetResponse: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse',
  getMetadata: 'http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Request',
  getMetadataResponse: 'http://schemas.xmlsoap.org/ws/2004/09/mex/GetMetadata/Response',
});

/** The MetadataSection dialect of a WSDL 1.1 document (WS-MetadataExchange 2004/09 section 5). */
export const WSDL_DIALECT = 'http://schemas.xmlsoap.org/wsdl/';
