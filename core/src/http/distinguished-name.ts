/**
 * Distinguished names for client-certificate rules. A configured DN is an RFC 4514 string (most specific RDN
 * first: `CN=client, O=Example`); a certificate's Name is in ASN.1 order (RFC 5280 section 4.1.2.4, most
 * general first), so it is compared reversed. RDN by RDN, attribute types and values match
 * case-insensitively with insignificant spaces ignored (the caseIgnoreMatch of RFC 4517 section 4.2.11, which
 * X.520 names use); a multi-valued RDN matches as a set. Parsing is @peculiar/x509's.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { Name } from '@peculiar/x509';

/** A DN reduced to comparable form: RDNs in RFC 4514 order, each a sorted list of `TYPE=value` strings. */
export type NormalizedDn = readonly string[];

/** Parses an RFC 4514 DN from the config; throws an Error saying what is wrong. */
export function parseConfiguredDn(dn: string): NormalizedDn {
  let name: Name;
  try {
    // RFC 4514 section 3: attribute type names are case-insensitive; the parser knows upper-case short names.
    name = new Name(dn.replace(/(^|(?<!\\)[,+])(\s*)([A-Za-z][A-Za-z0-9-]*)(\s*)=/g, (_, sep: string, _a: string, type: string) => `${sep}${type.toUpperCase()}=`));
  } catch (error) {
    throw new Error(`not an RFC 4514 distinguished name: ${(error as Error).message}`);
  }
  const rdns = normalize(name);
  if (rdns.length === 0) throw new Error('an empty distinguished name');
  return rdns;
}

/** A certificate's subject or issuer Name (ASN.1 order), normalized for comparison. */
export function certificateDn(name: Name): NormalizedDn {
  return [...normalize(name)].reverse();
}

export function sameDn(a: NormalizedDn, b: NormalizedDn): boolean {
  return a.length === b.length && a.every((rdn, i) => rdn === b[i]);
}

/** For the log: the normalized DN in RFC 4514 order. */
export function dnText(dn: NormalizedDn): string {
  return dn.join(', ');
}

function normalize(name: Name): string[] {
  return name.toJSON().map((rdn) =>
    Object.entries(rdn)
      .flatMap(([type, values]) => values.map((value) => `${type.toUpperCase()}=${value.trim().replace(/\s+/g, ' ').toLowerCase()}`))
      .sort()
      .join('+'),
  );
}
