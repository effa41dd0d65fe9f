/**
 * Duplicate or ambiguous IDs enable signature wrapping (security-rules.md section 1 rows 7 and 8): one pass
 * over every attribute named Id, ID or id in any namespace (wsu:Id included) refuses a repeated value,
 * before any signature or token is looked at.
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { XmlDocument } from '@sts/sdk/xml';

const ID_ATTRIBUTES = "//@*[local-name()='Id' or local-name()='ID' or local-name()='id' or local-name()='AssertionID']";

export function checkUniqueIds(doc: XmlDocument): void {
  const seen = new Set<string>();
  for (const node of doc.find(ID_ATTRIBUTES)) {
    const value = (node as unknown as { value(): string }).value();
    if (seen.has(value)) throw new InvalidRequestError(`duplicate ID value ${quoteForLog(value)}`);
    seen.add(value);
  }
}
