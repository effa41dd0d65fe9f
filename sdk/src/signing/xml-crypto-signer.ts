/**
 * The default {@link XmlSigner}, on xml-crypto 6: an enveloped XML signature over the root element, in the one
 * shape the SAML signature profile allows (SAML core 2.0 section 5.4; OpenSAML's profile validator, see
 * security-rules.md section 6.2): RSA-SHA256, exclusive c14n for SignedInfo, exactly one Reference whose URI
 * is `#` + the root's own ID, transforms enveloped-signature then exc-c14n (with an InclusiveNamespaces
 * PrefixList when the request names prefixes), digest SHA-256.
 *
 * It sits on the issue path, so per call it adds nothing to what xml-crypto needs for one signature (one parse
 * of the document, one digest, one RSA operation, one serialization): no second parse to find the ID, no key
 * or certificate parsing. Keys are the `KeyObject`s parsed once at boot, and KeyInfo is built from the
 * certificate's stored base64 DER.
 *
 * @example
 * ```ts
 * const signer = new XmlCryptoSigner(keys);
 * const signed = signer.signEnveloped({
 *   xml: assertion, idAttribute: 'ID',
 *   location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
 * });
 * ```
 * @public
 */
import { SignedXml } from 'xml-crypto';
import type { EnvelopedSignatureRequest, SigningKey, SigningKeys, XmlSigner } from '../services.js';
import { locationXPath } from './location-xpath.js';
import { rootAttribute } from './root-attribute.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const TRANSFORMS = Object.freeze([ENVELOPED_SIGNATURE, EXC_C14N]);

const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/**
 * The ID values we sign: an NCName (XML Schema `xs:ID`), narrowed to the ASCII subset and length our own
 * verifier accepts in a Reference URI (security-rules.md section 3.2 rule 4), so that we never issue a token
 * we would refuse on Validate.
 */
const ID_VALUE = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/;

/** Signs with xml-crypto and the STS's signing keys. @public */
export class XmlCryptoSigner implements XmlSigner {
  constructor(private readonly keys: SigningKeys) {}

  signEnveloped(request: EnvelopedSignatureRequest): string {
    const { xml, idAttribute, location } = request;
    // Only an unprefixed attribute: xml-crypto matches ID attributes by local name, so a prefixed name
    // would silently match an attribute in any namespace.
    if (!NC_NAME.test(idAttribute)) throw new TypeError(`idAttribute must be an unprefixed NCName: ${idAttribute}`);
    const id = rootAttribute(xml, idAttribute);
    if (id === undefined) throw new TypeError(`the root element has no ${idAttribute} attribute to reference`);
    if (!ID_VALUE.test(id)) throw new TypeError(`the root's ${idAttribute} is not an NCName of at most 128 characters`);

    const key = this.keys.get(request.kid);
    const signature = new SignedXml({
      privateKey: key.privateKey,
      signatureAlgorithm: RSA_SHA256,
      canonicalizationAlgorithm: EXC_C14N,
      getKeyInfoContent: request.includeCertificate === false ? SignedXml.noop : () => x509Data(key),
    });
    // The constructor only puts the name in front of its defaults (Id, ID, id); with the list narrowed to the
    // one name, xml-crypto can never reference a different attribute than the one we just read.
    signature.idAttributes = [idAttribute];
    const prefixes = request.inclusiveNamespacePrefixes ?? [];
    for (const prefix of prefixes) {
      if (!NC_NAME.test(prefix) || prefix.includes(':')) throw new TypeError(`not a namespace prefix: ${prefix}`);
    }
    signature.addReference({ xpath: '/*', transforms: TRANSFORMS, digestAlgorithm: SHA256, inclusiveNamespacesPrefixList: [...prefixes] });
    if (prefixes.length > 0) keepInclusiveNamespacesOnExcC14n(signature);
    signature.computeSignature(xml, {
      prefix: 'ds',
      location: { reference: locationXPath(location), action: location.action },
    });

    // Our start-tag reader and xmldom must agree on the referenced ID; if they ever do not, fail closed.
    const referenced = signature.getReferences()[0]?.uri;
    if (referenced !== id) throw new Error(`xml-crypto referenced ${String(referenced)}, expected ${id}`);
    return signature.getSignedXml();
  }
}

/**
 * xml-crypto 6.3.2 writes a Reference's `ec:InclusiveNamespaces` under every one of its transforms, also under
 * enveloped-signature, which takes no parameters (XMLDSig section 6.6.4) and which our own signature policy
 * therefore refuses on Validate. The element is removed there after xml-crypto builds the References and
 * before it canonicalizes and signs SignedInfo, so what is signed is what is sent. The digest is unaffected:
 * xml-crypto applies the list to the exc-c14n transform only.
 */
function keepInclusiveNamespacesOnExcC14n(signature: SignedXml): void {
  interface DomNode { readonly firstChild: DomNode | null; removeChild(child: DomNode): void; getAttribute(name: string): string | null }
  interface DomElement { getElementsByTagNameNS(ns: string, name: string): { readonly length: number; item(i: number): DomNode | null } }
  type Builder = (doc: unknown, signatureElem: DomElement, ...rest: unknown[]) => void;
  const target = signature as unknown as { addAllReferences: Builder };
  const build = target.addAllReferences;
  if (typeof build !== 'function') throw new Error('xml-crypto no longer builds References in addAllReferences');
  target.addAllReferences = function (this: unknown, doc, signatureElem, ...rest) {
    build.call(this, doc, signatureElem, ...rest);
    const transforms = signatureElem.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Transform');
    for (let i = 0; i < transforms.length; i += 1) {
      const transform = transforms.item(i)!;
      if (transform.getAttribute('Algorithm') === EXC_C14N) continue;
      while (transform.firstChild) transform.removeChild(transform.firstChild);
    }
  };
}

/** KeyInfo content (XMLDSig section 4.4.4): the leaf certificate, already base64 DER in the key. */
function x509Data(key: SigningKey): string {
  const leaf = key.certificateChain[0];
  if (leaf === undefined) throw new Error(`signing key ${key.kid} has no certificate for KeyInfo`);
  return `<ds:X509Data><ds:X509Certificate>${leaf}</ds:X509Certificate></ds:X509Data>`;
}
