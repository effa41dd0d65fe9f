/**
 * The attributes the processor vouches for, read from the validated client certificate:
 *
 * | name | value |
 * |---|---|
 * | `subjectDN`, `issuerDN` | the DNs in RFC 4514 form, most specific first |
 * | one per subject RDN type (`CN`, `O`, `OU`, `C`, `emailAddress`, a dotted OID, ...) | every value of that type, in certificate order |
 * | `email`, `dns`, `upn` | the subjectAltName rfc822Name, dNSName and otherName UPN (1.3.6.1.4.1.311.20.2.3) values |
 * | `serialNumber` | the serial number, hex, upper case, as Node prints it |
 * | `sha256Fingerprint` | SHA-256 of the DER, hex, lower case |
 *
 * An RDN type that has the name of one of the certificate attributes (the DN attribute `serialNumber`,
 * 2.5.4.5, is the only one OpenSSL has) is reported as `subject.<type>` instead.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import type { Attributes } from '@sts/sdk';
import type { DistinguishedName } from './parse-node-distinguished-name.js';
import type { AlternativeName } from './parse-subject-alt-name.js';

const CERTIFICATE_ATTRIBUTES = new Set(['subjectDN', 'issuerDN', 'email', 'dns', 'upn', 'serialNumber', 'sha256Fingerprint']);

/** Builds the frozen attribute map. @public */
export function certificateAttributes(
  certificate: X509Certificate,
  subject: DistinguishedName,
  issuer: DistinguishedName,
  alternativeNames: readonly AlternativeName[],
): Attributes {
  const attributes = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const values = attributes.get(name) ?? [];
    values.push(value);
    attributes.set(name, values);
  };
  add('subjectDN', subject.rfc4514);
  add('issuerDN', issuer.rfc4514);
  for (const rdn of subject.rdns) {
    for (const { type, value } of rdn) add(CERTIFICATE_ATTRIBUTES.has(type) ? `subject.${type}` : type, value);
  }
  for (const { type, value } of alternativeNames) {
    if (type === 'email') add('email', value);
    else if (type === 'DNS') add('dns', value);
    else if (type === 'othername' && value.startsWith('UPN:')) add('upn', value.slice('UPN:'.length));
  }
  add('serialNumber', certificate.serialNumber);
  add('sha256Fingerprint', createHash('sha256').update(certificate.raw).digest('hex'));

  // Object.fromEntries defines own data properties, so even a type named `__proto__` could not reach the prototype.
  return Object.freeze(Object.fromEntries([...attributes].map(([name, values]) => [name, Object.freeze(values)])));
}
