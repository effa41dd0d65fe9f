import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenType, type IssueRequest, type TokenGenerator, type XmlSigner } from '@sts/sdk';
import { applyConfigSchema, createTestInstance, ManualClock, SAMPLE_ISSUE_INSTANT, sampleIssueRequest } from '@sts/sdk/testing';
import { xmllintValidate, xmlsecVerify, type ToolResult, type XmlsecResult } from '@sts/sdk/testing';
import { readXml, type XmlReader } from '@sts/sdk/testing/xml';
import { NS } from '@sts/sdk/xml';
import definition, { type Saml11GeneratorConfig } from '../../src/index.js';

/** The instant every test issues at. */
export const T0 = SAMPLE_ISSUE_INSTANT;

/**
 * The SAML 1.1 assertion schema (SAML 1.1 keeps the 1.0 namespace), from the shared schema folder:
 * `../shared/xsd` beside the repository (every import in it is local, so `--nonet` holds; see its SOURCES.md),
 * or `STS_XSD_DIR`. This file runs from `plugins/saml11-generator/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));
const ASSERTION_XSD = join(XSD_DIR, 'cs-sstc-schema-assertion-1.1.xsd');

/** A valid bearer issue request for a SAML 1.1 token with two attributes; `overrides` change one thing. */
export function issueRequest(overrides: Partial<IssueRequest> = {}): IssueRequest {
  return sampleIssueRequest({ tokenType: TokenType.Saml11, ...overrides });
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): Saml11GeneratorConfig {
  return applyConfigSchema<Saml11GeneratorConfig>(definition.configSchema, raw);
}

/** Creates the generator the way the loader does, with a clock standing at {@link T0}. */
export function createGenerator(signer: XmlSigner, rawConfig: object = {}): Promise<TokenGenerator> {
  return createTestInstance(definition, { signer, clock: new ManualClock(T0) }, { config: rawConfig });
}

/** A reader of an issued token; XPath prefixes `saml` (SAML 1.0/1.1 assertion), `ds` and `xsi`. */
export function readAssertion(xml: string): XmlReader {
  return readXml(xml, { saml: NS.saml1, ds: NS.ds, xsi: NS.xsi });
}

/**
 * xmlsec1's verdict on the signature, trusting only `certificatePem`; the Reference points at
 * Assertion/@AssertionID (SAML 1.1 core section 5.4.2).
 */
export function verifyAssertion(xml: string, certificatePem: string): XmlsecResult {
  return xmlsecVerify({ xml, certificatePem, idAttribute: { name: 'AssertionID', namespaceUri: NS.saml1, localName: 'Assertion' } });
}

/** xmllint's verdict on `xml` against the SAML 1.1 assertion schema; status 0 means valid. */
export function validateAssertion(xml: string): ToolResult {
  return xmllintValidate(xml, ASSERTION_XSD);
}
