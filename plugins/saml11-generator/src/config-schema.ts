/**
 * The instance config of the SAML 1.1 generator. The kernel validates it with its strict ajv instance
 * (unknown keys rejected, defaults applied, result frozen); the README table is written from this schema.
 */

/** The config `create()` receives, after defaults. @public */
export interface Saml11GeneratorConfig {
  /** `AttributeNamespace` of an Attribute that {@link attributeNamespaces} does not name. */
  readonly attributeNamespace: string;
  /** `AttributeNamespace` by attribute name, for the attributes that need their own. */
  readonly attributeNamespaces: Readonly<Record<string, string>>;
  /** Put the signing certificate in `ds:KeyInfo/ds:X509Data`. */
  readonly includeCertificate: boolean;
}

/** JSON Schema of {@link Saml11GeneratorConfig}. @public */
export const configSchema = Object.freeze({
  type: 'object',
  title: 'SAML 1.1 generator',
  description: 'Issues signed SAML 1.1 assertions.',
  additionalProperties: false,
  properties: {
    attributeNamespace: {
      type: 'string',
      minLength: 1,
      title: 'Attribute namespace',
      description:
        'AttributeNamespace URI of every saml:Attribute that attributeNamespaces does not name (SAML 1.1 core section ' +
        '2.4.4.1). The default is the one AD FS and Office 365 use; .NET relying parties read namespace + "/" + name as the claim type.',
      default: 'http://schemas.xmlsoap.org/claims',
    },
    attributeNamespaces: {
      type: 'object',
      title: 'Attribute namespaces by name',
      description: 'AttributeNamespace URI per attribute name, overriding attributeNamespace for that attribute.',
      propertyNames: { type: 'string', minLength: 1 },
      additionalProperties: { type: 'string', minLength: 1 },
      default: {},
    },
    includeCertificate: {
      type: 'boolean',
      title: 'Include certificate',
      description: 'Put the signing certificate in ds:KeyInfo/ds:X509Data so that relying parties can match it.',
      default: true,
    },
  },
});
