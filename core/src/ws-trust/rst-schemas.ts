/**
 * Our own strict XSD for the RequestSecurityToken we accept (DESIGN.md section 4 step 5), one per WS-Trust
 * namespace, parsed once at boot. Only the elements we implement are allowed, each typed; AppliesTo is in
 * a WS-Policy namespace and its structure is checked in code. No identity constraints (xs:key, xs:unique),
 * which is where libxml2 2.9.9's open schema CVEs live (security-rules.md 3.1 rule 6).
 */
import { LRUCache } from 'lru-cache';
import { NS, XsdSchema, elementDataToXml, toElementData, type XmlDomElement } from '@sts/sdk/xml';
import { InvalidRequestError, quoteForLog } from '@sts/sdk';

function schemaText(targetNamespace: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="${NS.xs}" targetNamespace="${targetNamespace}" xmlns:wst="${targetNamespace}" elementFormDefault="qualified">
  <xs:simpleType name="Secret"><xs:restriction base="xs:base64Binary"><xs:minLength value="1"/><xs:maxLength value="512"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Uri"><xs:restriction base="xs:anyURI"><xs:minLength value="1"/><xs:maxLength value="2048"/></xs:restriction></xs:simpleType>
  <xs:element name="RequestSecurityToken">
    <xs:complexType>
      <xs:choice minOccurs="1" maxOccurs="24">
        <xs:element name="RequestType" type="wst:Uri"/>
        <xs:element name="TokenType" type="wst:Uri"/>
        <xs:element name="KeyType" type="wst:Uri"/>
        <xs:element name="KeySize" type="xs:unsignedInt"/>
        <xs:element name="ComputedKeyAlgorithm" type="wst:Uri"/>
        <xs:element name="Entropy">
          <xs:complexType><xs:sequence><xs:element name="BinarySecret">
            <xs:complexType><xs:simpleContent><xs:extension base="wst:Secret">
              <xs:attribute name="Type" type="wst:Uri" use="optional"/>
            </xs:extension></xs:simpleContent></xs:complexType>
          </xs:element></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="SecondaryParameters">
          <xs:complexType><xs:sequence><xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="16"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="UseKey">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="skip"/></xs:sequence>
            <xs:attribute name="Sig" type="xs:anyURI" use="optional"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="ValidateTarget">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="skip"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="RenewTarget">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="skip"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="CancelTarget">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="skip"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Renewing">
          <xs:complexType>
            <xs:attribute name="Allow" type="xs:boolean" use="optional"/>
            <xs:attribute name="OK" type="xs:boolean" use="optional"/>
          </xs:complexType>
        </xs:element>
        <!-- Delegation and claims (WS-Trust 1.3 sections 4.1 and 9.3, 1.4 ActAs): structure checked in read-delegation.ts. -->
        <xs:element name="OnBehalfOf">
          <xs:complexType><xs:sequence><xs:any namespace="##other" processContents="skip"/></xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Claims">
          <xs:complexType>
            <xs:sequence><xs:any namespace="##other" processContents="skip" minOccurs="0" maxOccurs="64"/></xs:sequence>
            <xs:attribute name="Dialect" type="wst:Uri" use="optional"/>
          </xs:complexType>
        </xs:element>
        <xs:any namespace="${NS.wsp2004} ${NS.wsp15} ${NS.wst14}" processContents="skip"/>
      </xs:choice>
      <xs:attribute name="Context" type="wst:Uri" use="optional"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`;
}

const schemas = new Map<string, XsdSchema>(
  [NS.wst13, NS.wst13Slash, NS.wst2005].map((ns) => [ns, XsdSchema.fromString(schemaText(ns))]),
);

/**
 * RSTs that passed, by what determines the answer. Validating means a standalone copy, a parse of it and the
 * validation; a client sends the same RST again and again (same AppliesTo, TokenType, KeyType), and the same RST
 * always gets the same answer, so one that passed passes again without them. Only passes are kept, only keys
 * up to {@link MAX_REMEMBERED_CHARS}, at most {@link MAX_REMEMBERED} of them (least recently used goes first).
 *
 * The key is the subtree's serialization after every namespace binding in scope: the serialization is
 * faithful to names, attributes and text, and the bindings give its prefixes their meaning, so two RSTs with
 * one key are the same element tree (a different spelling of the same tree is only a miss).
 */
const MAX_REMEMBERED = 512;
const passed = new LRUCache<string, true>({ max: MAX_REMEMBERED });
const MAX_REMEMBERED_CHARS = 8192;

/** Validates a RequestSecurityToken element against the schema of its namespace. */
export function validateRst(rst: XmlDomElement): void {
  const ns = rst.namespace()?.href();
  const schema = ns === undefined ? undefined : schemas.get(ns);
  if (!schema) throw new InvalidRequestError(`no schema for namespace ${ns === undefined ? '(none)' : quoteForLog(ns)}`);
  const key = rememberKey(rst);
  if (passed.has(key)) return;
  // A standalone copy rebuilt from plain data: a subtree's toString() drops the namespace declarations it
  // inherits.
  const [first] = schema.problems(elementDataToXml(toElementData(rst)));
  if (first !== undefined) throw new InvalidRequestError(`RST does not match the schema: ${quoteForLog(first, 160)}`);
  if (key.length <= MAX_REMEMBERED_CHARS) passed.set(key, true);
}

function rememberKey(rst: XmlDomElement): string {
  let bindings = '';
  for (const binding of rst.namespaces()) bindings += `${binding.prefix() ?? ''}=${binding.href()} `;
  return `${bindings}\u0000${rst.toString()}`;
}
