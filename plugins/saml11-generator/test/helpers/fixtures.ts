import { Ajv } from 'ajv';
import { TokenType, type IssueRequest, type TokenGenerator, type XmlSigner } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import definition, { type Saml11GeneratorConfig } from '../../src/index.js';

/** The instant every test issues at. */
export const T0 = new Date('2026-11-28T06:00:00.000Z');
const HOUR = 3_600_000;

/** A valid bearer issue request with two attributes; `overrides` change one thing. */
export function issueRequest(overrides: Partial<IssueRequest> = {}): IssueRequest {
  return {
    tokenType: TokenType.Saml11,
    appliesTo: 'https://sp.example.com/service',
    issuer: 'https://sts.example.com/idp',
    subject: { name: 'joe', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
    subjectConfirmation: 'bearer',
    attributes: { mail: ['joe@example.com'], role: ['admin', 'user'] },
    authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: new Date(T0.getTime() - 5_000),
    notBefore: T0,
    notOnOrAfter: new Date(T0.getTime() + HOUR),
    issuedAt: T0,
    context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: T0 },
    ...overrides,
  };
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): Saml11GeneratorConfig {
  const ajv = new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true });
  const config = structuredClone(raw);
  if (!ajv.validate(definition.configSchema, config)) throw new Error(ajv.errorsText(ajv.errors));
  return config as Saml11GeneratorConfig;
}

/** Creates the generator the way the loader does, with a clock standing at {@link T0}. */
export async function createGenerator(signer: XmlSigner, rawConfig: object = {}): Promise<TokenGenerator> {
  return definition.create({
    config: configure(rawConfig),
    instanceId: 'saml11-test',
    logger: new RecordingLogger(),
    signer,
    clock: new ManualClock(T0),
  });
}
