import { expect } from 'chai';
import type { BuiltSoapRequest, SoapVersion } from '@sts/sdk/client';

/**
 * The transport of a built request, spelled out independently of the SDK: SOAP 1.1 sends `text/xml` and the
 * quoted action as SOAPAction (SOAP 1.1 section 6.1.1); SOAP 1.2 puts the action in the media type (RFC 3902
 * section 1) and sends no SOAPAction. `action` and `messageId` are what the body's WS-Addressing headers say.
 */
export function expectSoapBinding(built: BuiltSoapRequest, soapVersion: SoapVersion, action: string, messageId: string): void {
  if (soapVersion === '1.1') {
    expect(built.contentType).to.equal('text/xml; charset=utf-8');
    expect(built.soapAction).to.equal(`"${action}"`);
  } else {
    expect(built.contentType).to.equal(`application/soap+xml; charset=utf-8; action="${action}"`);
    expect(built.soapAction).to.equal(undefined);
  }
  expect(built.action).to.equal(action);
  expect(built.messageId).to.equal(messageId);
}
