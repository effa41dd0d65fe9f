/**
 * Builds the issued token's subject and attributes from the processor's result through the connection's
 * attribute contract (PingFederate's attribute mapping; pingfederate-sts.md section 2.4):
 * - `token`: the processor attribute's values; `subject`: the authenticated subject;
 * - `text`: literal text in which `${name}` is the first value of processor attribute `name` (or the subject
 *   for `${subject}`); an unknown name is left empty;
 * - `context`: a request-context field.
 * A `required` attribute without a value refuses issuance.
 */
import { RequestFailedError, type Attributes, type ProcessedToken, type RequestContext } from '@sts/sdk';
import type { AttributeSource, IssuancePolicy } from '../config/kernel-config.js';

export interface MappedAttributes {
  readonly subject: string;
  readonly attributes: Attributes;
}

export function mapAttributes(connection: IssuancePolicy, token: ProcessedToken, context: RequestContext): MappedAttributes {
  const subject = valuesOf(connection.nameId.source, token, context)[0];
  if (subject === undefined || subject === '') throw new RequestFailedError(`connection ${connection.id}: the NameID source has no value`);
  const attributes: Record<string, readonly string[]> = {};
  for (const mapping of connection.attributeContract) {
    const values = valuesOf(mapping.source, token, context).filter((v) => v !== '');
    if (values.length === 0) {
      if (mapping.required) throw new RequestFailedError(`connection ${connection.id}: required attribute ${mapping.name} has no value`);
      continue;
    }
    attributes[mapping.name] = Object.freeze(values);
  }
  return { subject, attributes: Object.freeze(attributes) };
}

function valuesOf(source: AttributeSource, token: ProcessedToken, context: RequestContext): readonly string[] {
  switch (source.type) {
    case 'token':
      return token.attributes[source.attribute] ?? [];
    case 'subject':
      return [token.subject];
    case 'context': {
      const value = context[source.field];
      return value === undefined ? [] : [value];
    }
    case 'text':
      return [
        source.value.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (_, name: string) =>
          name === 'subject' ? token.subject : (token.attributes[name]?.[0] ?? ''),
        ),
      ];
  }
}
