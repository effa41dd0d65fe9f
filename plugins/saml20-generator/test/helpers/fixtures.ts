import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenType, type IssueRequest, type TokenGenerator, type XmlSigner } from '@sts/sdk';
import { applyConfigSchema, createTestInstance, ManualClock, SAMPLE_ISSUE_INSTANT, sampleIssueRequest } from '@sts/sdk/testing';
import { xmllintValidate, xmlsecVerify, type ToolResult, type XmlsecResult } from '@sts/sdk/testing';
import { readXml, type XmlReader } from '@sts/sdk/testing/xml';
import { NS } from '@sts/sdk/xml';
import definition, { type Saml20GeneratorConfig } from '../../src/index.js';

/** The instant every test issues at. */
export const T0 = SAMPLE_ISSUE_INSTANT;

/**
 * The SAML 2.0 assertion schema, from the shared schema folder: `../shared/xsd` beside the repository (every
 * import in it is local, so `--nonet` holds; see its SOURCES.md), or `STS_XSD_DIR`. This file runs from
 * `plugins/saml20-generator/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));
const ASSERTION_XSD = join(XSD_DIR, 'saml-schema-assertion-2.0.xsd');

/** A valid bearer issue request for a SAML 2.0 token with two attributes; `overrides` change one thing. */
export function issueRequest(overrides: Partial<IssueRequest> = {}): IssueRequest {
  return sampleIssueRequest({ tokenType: TokenType.Saml20, ...overrides });
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): Saml20GeneratorConfig {
  return applyConfigSchema<Saml20GeneratorConfig>(definition.configSchema, raw);
}

/** Creates the generator the way the loader does, with a clock standing at {@link T0}. */
export function createGenerator(signer: XmlSigner, rawConfig: object = {}): Promise<TokenGenerator> {
  return createTestInstance(definition, { signer, clock: new ManualClock(T0) }, { config: rawConfig });
}

/** A reader of an issued token; XPath prefixes `saml` (SAML 2.0 assertion), `ds` and `xsi`. */
export function readAssertion(xml: string): XmlReader {
  return readXml(xml, { saml: NS.saml2, ds: NS.ds, xsi: NS.xsi });
}

/** xmlsec1's verdict on the signature, trusting only `certificatePem`; the Reference points at Assertion/@ID. */
export function verifyAssertion(xml: string, certificatePem: string): XmlsecResult {
  return xmlsecVerify({ xml, certificatePem, idAttribute: { name: 'ID', namespaceUri: NS.saml2, localName: 'Assertion' } });
}

/** xmllint's verdict on `xml` against the SAML 2.0 assertion schema; status 0 means valid. */
export function validateAssertion(xml: string): ToolResult {
  return xmllintValidate(xml, ASSERTION_XSD);
}
