/**
 * Duplicate or ambiguous IDs enable signature wrapping (security-rules.md section 1 rows 7 and 8): one pass
 * over every attribute named Id, ID or id in any namespace (wsu:Id included) refuses a repeated value,
 * before any signature or token is looked at.
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { XmlDocument, XmlDomElement } from '@sts/sdk/xml';

const ID_NAMES = new Set(['Id', 'ID', 'id', 'AssertionID']);

export function checkUniqueIds(doc: XmlDocument): void {
  const seen = new Set<string>();
  const visit = (element: XmlDomElement): void => {
    for (const attribute of element.attrs()) {
      if (!ID_NAMES.has(attribute.name())) continue;
      const value = attribute.value();
      if (seen.has(value)) throw new InvalidRequestError(`duplicate ID value ${quoteForLog(value)}`);
      seen.add(value);
    }
    for (const child of element.elementChildren()) visit(child);
  };
  visit(doc.root()!);
}
