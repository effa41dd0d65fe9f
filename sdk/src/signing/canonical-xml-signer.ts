/**
 * The default {@link XmlSigner}: canonical by construction. The element to sign is rendered once, directly in
 * its exclusive canonical form ({@link renderExcC14n}); that string is digested (SHA-256), SignedInfo is
 * written in canonical form around the digest and signed with one RSA-SHA256 operation, and the signature is
 * inserted into the very string that was digested. The enveloped-signature transform removes it again on the
 * verifier's side (XMLDSig 1.1 section 6.6.4), so a verifier's exc-c14n of the token reproduces exactly the
 * digested bytes: no parse, no canonicalizer pass and no second serialization on the issue path (issue 12).
 *
 * The signature has the one shape the SAML signature profile allows (SAML core 2.0 section 5.4; OpenSAML's
 * profile validator, security-rules.md section 6.2): RSA-SHA256, exclusive c14n for SignedInfo, exactly one
 * Reference whose URI is `#` + the root's own ID, transforms enveloped-signature then exc-c14n (with an
 * InclusiveNamespaces PrefixList when the request names prefixes), digest SHA-256.
 *
 * The emitted token is its own canonical form plus the signature: byte-stable for a given tree, attributes in
 * canonical order, empty elements as start and end tag, and no namespace declaration that is neither used nor
 * listed as inclusive (what a relying party reads is what was signed).
 *
 * @example
 * ```ts
 * const signer = new CanonicalXmlSigner(keys);
 * const signed = signer.signEnveloped({
 *   xml: el('saml:Assertion', { xmlns: { saml: NS.saml2 }, ID: id }, [el('saml:Issuer', {}, [issuer])]),
 *   idAttribute: 'ID',
 *   location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
 * });
 * ```
 * @public
 */
import { createHash, sign } from 'node:crypto';
import type { EnvelopedSignatureRequest, SigningKey, SigningKeys, SignatureLocation, XmlSigner } from '../services.js';
import { XmlNode } from '../xml/xml-builder.js';
import { xmlNodeFromString } from '../xml/xml-node-from-string.js';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from './signature-algorithms.js';
import { expandedName, renderExcC14n, scopeOf, type MarkedOffsets } from './render-exc-c14n.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/**
 * The ID values we sign: an NCName (XML Schema `xs:ID`), narrowed to the ASCII subset and length our own
 * verifier accepts in a Reference URI (security-rules.md section 3.2 rule 4), so that we never issue a token
 * we would refuse on Validate.
 */
const ID_VALUE = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/;

/** Where the signature goes in the rendered string, per {@link SignatureLocation.action}. */
const INSERT_AT: Readonly<Record<SignatureLocation['action'], (offsets: MarkedOffsets) => number>> = Object.freeze({
  after: (o) => o.afterEndTag,
  append: (o) => o.beforeEndTag,
  prepend: (o) => o.afterStartTag,
});

/** Signs by rendering canonical XML directly, with the STS's signing keys. @public */
export class CanonicalXmlSigner implements XmlSigner {
  constructor(private readonly keys: SigningKeys) {}

  signEnveloped(request: EnvelopedSignatureRequest): string {
    const root = typeof request.xml === 'string' ? xmlNodeFromString(request.xml) : request.xml;
    if (!(root instanceof XmlNode)) throw new TypeError('the XML to sign must be an XmlNode (el()) or a string');
    const { idAttribute } = request;
    // Only an unprefixed attribute: xml-crypto matches ID attributes by local name, so a prefixed name would
    // match an attribute in any namespace.
    if (!NC_NAME.test(idAttribute)) throw new TypeError(`idAttribute must be an unprefixed NCName: ${idAttribute}`);
    const idValue = root.attributes[idAttribute];
    if (idValue === undefined || typeof idValue === 'object') throw new TypeError(`the root element has no ${idAttribute} attribute to reference`);
    const id = String(idValue);
    if (!ID_VALUE.test(id)) throw new TypeError(`the root's ${idAttribute} is not an NCName of at most 128 characters`);
    const prefixes = request.inclusiveNamespacePrefixes ?? [];
    for (const prefix of prefixes) {
      if (!NC_NAME.test(prefix)) throw new TypeError(`not a namespace prefix: ${prefix}`);
    }
    const key = this.keys.get(request.kid);
    // RSASSA-PKCS1-v1_5 is what rsa-sha256 names (RFC 6931 section 2.3.2); any other key type would sign
    // something the SignatureMethod does not say.
    if (key.privateKey.asymmetricKeyType !== 'rsa') throw new TypeError(`signing key ${key.kid} is not an RSA key`);

    const target = locate(root, request.location);
    const { canonical, marked } = renderExcC14n(root, { inclusivePrefixes: prefixes, mark: target });
    if (marked === undefined) throw new Error('the signature location was not rendered');
    const digest = createHash('sha256').update(canonical, 'utf8').digest('base64');
    const signedInfo = signedInfoBody(id, digest, prefixes);
    // Exc-c14n of SignedInfo in place: `ds` is the only prefix it utilizes, so the apex carries that one declaration.
    const signatureValue = sign('sha256', Buffer.from(`<ds:SignedInfo xmlns:ds="${DS}">${signedInfo}`, 'utf8'), key.privateKey).toString('base64');
    const signature =
      `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo>${signedInfo}` +
      `<ds:SignatureValue>${signatureValue}</ds:SignatureValue>${request.includeCertificate === false ? '' : keyInfo(key)}</ds:Signature>`;
    const at = INSERT_AT[request.location.action](marked);
    return canonical.slice(0, at) + signature + canonical.slice(at);
  }
}

/** SignedInfo after its start tag, already canonical: end tags written out, attributes in order. */
function signedInfoBody(id: string, digest: string, prefixes: readonly string[]): string {
  const inclusive =
    prefixes.length === 0 ? '' : `<ec:InclusiveNamespaces xmlns:ec="${EXC_C14N}" PrefixList="${prefixes.join(' ')}"></ec:InclusiveNamespaces>`;
  return (
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${SignatureAlgorithm.RsaSha256}"></ds:SignatureMethod>` +
    `<ds:Reference URI="#${id}"><ds:Transforms>` +
    `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"></ds:Transform>` +
    // The PrefixList sits on the exc-c14n transform only: enveloped-signature takes no parameters (XMLDSig
    // section 6.6.4), and our own signature policy refuses any there.
    `<ds:Transform Algorithm="${EXC_C14N}">${inclusive}</ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${DigestAlgorithm.Sha256}"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue>` +
    '</ds:Reference></ds:SignedInfo>'
  );
}

/**
 * The element the signature is placed relative to: the root when it is the named element, else its first
 * child element with that name. `after` the root would put the signature outside what it signs.
 */
function locate(root: XmlNode, location: SignatureLocation): XmlNode {
  const scope = scopeOf(root, new Map());
  const matches = (node: XmlNode, inScope: ReadonlyMap<string, string>): boolean => {
    const name = expandedName(node.name, inScope);
    return name.localName === location.localName && name.namespaceUri === location.namespaceUri;
  };
  if (matches(root, scope)) {
    if (location.action === 'after') throw new TypeError('a signature cannot follow the element it signs');
    return root;
  }
  for (const child of root.children) {
    if (child instanceof XmlNode && matches(child, scopeOf(child, scope))) return child;
  }
  throw new TypeError(`the signature location {${location.namespaceUri}}${location.localName} is neither the root nor a child of it`);
}

/** KeyInfo (XMLDSig section 4.4.4): the leaf certificate, already base64 DER in the key. */
function keyInfo(key: SigningKey): string {
  const leaf = key.certificateChain[0];
  if (leaf === undefined) throw new Error(`signing key ${key.kid} has no certificate for KeyInfo`);
  return `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${leaf}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
}
