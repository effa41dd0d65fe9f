/**
 * An XML Schema compiled once (libxml2-wasm's XsdValidator) and used for every document after: libxmljs2
 * compiled the schema again on every `validate()` (xmlSchemaParse, about 7 % of a worker's time for
 * JWT → SAML 2.0 in issue 12); a compiled schema validates a RequestSecurityToken in about 2 µs here.
 *
 * Our schemas are written here, with no xs:include or xs:import (libxml2-wasm has no file system to load one
 * from) and no identity constraints (security-rules.md section 3.1 rule 6).
 * @public
 */
import { XmlDocument as NativeDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { STRICT_PARSE_OPTIONS as PARSE_OPTIONS } from './strict-parse.js';
import { XmlRejectedError } from './xml-rejected-error.js';

/** A compiled XML Schema. @public */
export class XsdSchema {
  private constructor(
    // libxml2's compiled schema points into the schema document, which therefore lives as long as it.
    private readonly schemaDocument: NativeDocument,
    private readonly validator: XsdValidator,
  ) {}

  /**
   * Compiles the schema text (trusted: our own code wrote it).
   * @throws TypeError when the text is not a schema libxml2 compiles.
   */
  static fromString(text: string): XsdSchema {
    const schemaDocument = NativeDocument.fromString(text, { option: PARSE_OPTIONS });
    try {
      return new XsdSchema(schemaDocument, XsdValidator.fromDoc(schemaDocument));
    } catch (error) {
      schemaDocument.dispose();
      throw new TypeError(`not a schema libxml2 compiles: ${(error as Error).message.trim()}`, { cause: error });
    }
  }

  /**
   * The schema's complaints about `xml`, the first first; empty when it is valid. The text is parsed with the
   * strict options and freed before this returns.
   * @throws {@link XmlRejectedError} `malformed` when `xml` is not well-formed.
   */
  problems(xml: string): readonly string[] {
    let doc: NativeDocument;
    try {
      doc = NativeDocument.fromString(xml, { option: PARSE_OPTIONS });
    } catch (error) {
      throw new XmlRejectedError('malformed', (error as Error).message.trim());
    }
    try {
      this.validator.validate(doc);
      return [];
    } catch (error) {
      if (!(error instanceof XmlValidateError)) throw error;
      const messages = error.details.map((d) => d.message.trim()).filter((m) => m !== '');
      return messages.length > 0 ? messages : [error.message.trim()];
    } finally {
      doc.dispose();
    }
  }

  /** Frees the compiled schema (a schema is normally kept for the life of the process). */
  dispose(): void {
    this.validator.dispose();
    this.schemaDocument.dispose();
  }
}
