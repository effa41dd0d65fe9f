/**
 * The instance config of the SAML 2.0 generator. The kernel validates it with its strict ajv instance
 * (unknown keys rejected, defaults applied, result frozen); the README table is written from this schema.
 */

/** The config `create()` receives, after defaults. @public */
export interface Saml20GeneratorConfig {
  /** `NameFormat` of every `saml:Attribute` (SAML core 2.0 section 8.2). */
  readonly attributeNameFormat: string;
  /** Put the signing certificate in `ds:KeyInfo/ds:X509Data`. */
  readonly includeCertificate: boolean;
}

/** JSON Schema of {@link Saml20GeneratorConfig}. @public */
export const configSchema = Object.freeze({
  type: 'object',
  title: 'SAML 2.0 generator',
  description: 'Issues signed SAML 2.0 assertions.',
  additionalProperties: false,
  properties: {
    attributeNameFormat: {
      type: 'string',
      minLength: 1,
      title: 'Attribute name format',
      description: 'NameFormat URI written on every saml:Attribute (SAML core 2.0 section 8.2).',
      default: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    },
    includeCertificate: {
      type: 'boolean',
      title: 'Include certificate',
      description: 'Put the signing certificate in ds:KeyInfo/ds:X509Data so that relying parties can match it.',
      default: true,
    },
  },
});
