/**
 * Test inputs: SAML 2.0 and SAML 1.1 assertions built with the SDK's escaping builder and signed on the real
 * issue path (`CanonicalXmlSigner`), a processor created the way the loader creates it, and the `ReceivedToken`
 * the kernel would hand over for an assertion found in a `wsse:Security` header.
 */
import { expect } from 'chai';
import {
  InvalidSecurityTokenError,
  MemoryStateStore,
  TokenType,
  trustedCertificateFromPem,
  type ReceivedToken,
  type SigningKey,
  type TokenProcessor,
  type TrustedIssuers,
} from '@sts/sdk';
import { applyConfigSchema, createTestInstance, ManualClock, StaticSigningKeys, StaticTrustedIssuers, TEST_STS_IDENTITY } from '@sts/sdk/testing';
import { NS, CanonicalXmlSigner, el, parseUntrustedXml, toElementData, xsDateTime, type XmlChild, type XmlDomElement } from '@sts/sdk/xml';
import definition, { type SamlTokenProcessorConfig } from '../../src/index.js';

/**
 * The instant every test runs at: now, to the second, so that the generated certificates (valid from a minute
 * ago) are valid and times written with whole seconds compare exactly.
 */
export const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
export const MINUTE = 60_000;

/** `T0` moved by `seconds`. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export const ISSUER = 'https://idp.example.com/saml';
export const AUDIENCE = TEST_STS_IDENTITY.entityId;
export const BEARER20 = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const BEARER11 = 'urn:oasis:names:tc:SAML:1.0:cm:bearer';

/** Everything a test may change in a SAML 2.0 assertion; null leaves the element or attribute out. */
export interface Saml20Options {
  readonly id?: string;
  readonly issuer?: string;
  readonly issueInstant?: Date;
  readonly notBefore?: Date | null;
  readonly notOnOrAfter?: Date | null;
  /** One AudienceRestriction with these audiences; null for none. */
  readonly audiences?: readonly string[] | null;
  readonly subject?: string;
  readonly method?: string;
  /** SubjectConfirmationData attributes; null leaves the element out. */
  readonly confirmationData?: { readonly NotOnOrAfter?: string; readonly Recipient?: string; readonly NotBefore?: string } | null;
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  readonly authnInstant?: Date;
  readonly authnContext?: string;
  /** Extra children of Conditions (after the AudienceRestriction). */
  readonly extraConditions?: readonly XmlChild[];
}

/** An unsigned, valid SAML 2.0 bearer assertion for this STS. */
export function saml20Assertion(options: Saml20Options = {}): string {
  const notOnOrAfter = options.notOnOrAfter === undefined ? at(300) : options.notOnOrAfter;
  const confirmationData =
    options.confirmationData === undefined
      ? { NotOnOrAfter: xsDateTime(at(300)), Recipient: AUDIENCE }
      : options.confirmationData;
  const attributes = options.attributes ?? { mail: ['joe@example.com'], role: ['admin', 'user'] };
  return el(
    'saml:Assertion',
    { xmlns: { saml: NS.saml2 }, ID: options.id ?? '_a1b2c3', Version: '2.0', IssueInstant: xsDateTime(options.issueInstant ?? at(-5)) },
    [
      el('saml:Issuer', {}, [options.issuer ?? ISSUER]),
      el('saml:Subject', {}, [
        el('saml:NameID', { Format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }, [options.subject ?? 'joe']),
        el('saml:SubjectConfirmation', { Method: options.method ?? BEARER20 }, [
          confirmationData === null ? null : el('saml:SubjectConfirmationData', confirmationData),
        ]),
      ]),
      el(
        'saml:Conditions',
        {
          NotBefore: options.notBefore === null ? undefined : xsDateTime(options.notBefore ?? at(-120)),
          NotOnOrAfter: notOnOrAfter === null ? undefined : xsDateTime(notOnOrAfter),
        },
        [
          options.audiences === null
            ? null
            : el('saml:AudienceRestriction', {}, (options.audiences ?? [AUDIENCE]).map((a) => el('saml:Audience', {}, [a]))),
          ...(options.extraConditions ?? []),
        ],
      ),
      el('saml:AuthnStatement', { AuthnInstant: xsDateTime(options.authnInstant ?? at(-10)) }, [
        el('saml:AuthnContext', {}, [
          el('saml:AuthnContextClassRef', {}, [options.authnContext ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport']),
        ]),
      ]),
      el(
        'saml:AttributeStatement',
        {},
        Object.entries(attributes).map(([name, values]) =>
          el('saml:Attribute', { Name: name }, values.map((v) => el('saml:AttributeValue', {}, [v]))),
        ),
      ),
    ],
  ).toString();
}

/** Everything a test may change in a SAML 1.1 assertion. */
export interface Saml11Options {
  readonly id?: string;
  readonly issuer?: string;
  readonly notOnOrAfter?: Date;
  readonly audiences?: readonly string[];
  readonly method?: string;
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
}

/** An unsigned, valid SAML 1.1 bearer assertion for this STS (SAML 1.1 core section 2.3.2). */
export function saml11Assertion(options: Saml11Options = {}): string {
  const subject = el('saml:Subject', {}, [
    el('saml:NameIdentifier', { Format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }, ['joe']),
    el('saml:SubjectConfirmation', {}, [el('saml:ConfirmationMethod', {}, [options.method ?? BEARER11])]),
  ]);
  const attributes = options.attributes ?? { mail: ['joe@example.com'], role: ['admin', 'user'] };
  return el(
    'saml:Assertion',
    {
      xmlns: { saml: NS.saml1 },
      MajorVersion: '1',
      MinorVersion: '1',
      AssertionID: options.id ?? '_s11a1',
      Issuer: options.issuer ?? ISSUER,
      IssueInstant: xsDateTime(at(-5)),
    },
    [
      el('saml:Conditions', { NotBefore: xsDateTime(at(-120)), NotOnOrAfter: xsDateTime(options.notOnOrAfter ?? at(300)) }, [
        el('saml:AudienceRestrictionCondition', {}, (options.audiences ?? [AUDIENCE]).map((a) => el('saml:Audience', {}, [a]))),
      ]),
      el(
        'saml:AuthenticationStatement',
        { AuthenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password', AuthenticationInstant: xsDateTime(at(-10)) },
        [subject],
      ),
      el('saml:AttributeStatement', {}, [
        subject,
        ...Object.entries(attributes).map(([name, values]) =>
          el(
            'saml:Attribute',
            { AttributeName: name, AttributeNamespace: 'http://schemas.example.com/claims' },
            values.map((v) => el('saml:AttributeValue', {}, [v])),
          ),
        ),
      ]),
    ],
  ).toString();
}

/** Signs a SAML 2.0 assertion as our generator does: after Issuer, Reference to `#ID`. */
export function signSaml20(xml: string, key: SigningKey): string {
  return new CanonicalXmlSigner(new StaticSigningKeys([key])).signEnveloped({
    xml,
    idAttribute: 'ID',
    location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
  });
}

/** Signs a SAML 1.1 assertion: the signature is its last child, the Reference is `#AssertionID`. */
export function signSaml11(xml: string, key: SigningKey): string {
  return new CanonicalXmlSigner(new StaticSigningKeys([key])).signEnveloped({
    xml,
    idAttribute: 'AssertionID',
    location: { namespaceUri: NS.saml1, localName: 'Assertion', action: 'append' },
  });
}

/** Trusted issuers with one IdP connection for `ISSUER`, trusting the given signing keys' certificates. */
export function trustedIssuers(...keys: readonly SigningKey[]): TrustedIssuers {
  return new StaticTrustedIssuers([
    { connectionId: 'idp-1', issuer: ISSUER, certificates: keys.map((k) => trustedCertificateFromPem(k.certificatePem)) },
  ]);
}

/**
 * The token as the kernel hands it over: the assertion is placed in a SOAP envelope's Security header, the
 * envelope is gated and parsed strictly, and the Assertion element becomes `element` (plain data) and `xml`
 * (libxml2's serialization of the element, as `core/src/ws-trust/presented-token.ts` makes it).
 * `securityNamespaces` adds declarations to the Security element, for the inherited-namespace tests.
 */
export function received(
  assertion: string,
  tokenType: string = TokenType.Saml20,
  securityNamespaces: Readonly<Record<string, string>> = {},
): ReceivedToken {
  const declarations = Object.entries(securityNamespaces)
    .map(([prefix, uri]) => (prefix === '' ? ` xmlns="${uri}"` : ` xmlns:${prefix}="${uri}"`))
    .join('');
  const envelope =
    `<s:Envelope xmlns:s="${NS.soap12}"><s:Header>` +
    `<wsse:Security xmlns:wsse="${NS.wsse}"${declarations}>${assertion}</wsse:Security>` +
    '</s:Header><s:Body/></s:Envelope>';
  const doc = parseUntrustedXml(envelope);
  const element: XmlDomElement | undefined = doc.root()!.descend(`{${NS.soap12}}Header`, `{${NS.wsse}}Security`)[0]?.elementChildren()[0];
  if (!element) throw new Error('no token in the test envelope');
  return {
    tokenType,
    source: 'security-header',
    purpose: 'use',
    element: toElementData(element),
    xml: element.toString(),
    context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: T0 },
  };
}

/** A token whose `xml` and `element` are exactly the given text, for shapes a SOAP envelope cannot carry. */
export function receivedAsIs(xml: string, tokenType: string = TokenType.Saml20): ReceivedToken {
  const root = parseUntrustedXml(xml).root()!;
  return { ...received(saml20Assertion(), tokenType), element: toElementData(root), xml: root.toString() };
}

/** Validates a raw instance config as the kernel does (strict ajv, defaults applied); throws on errors. */
export function configure(raw: object = {}): SamlTokenProcessorConfig {
  return applyConfigSchema<SamlTokenProcessorConfig>(definition.configSchema, raw);
}

/** A processor with its own clock (at `T0`) and replay cache, created the way the loader creates it. */
export interface Harness {
  readonly processor: TokenProcessor;
  readonly clock: ManualClock;
  readonly stateStore: MemoryStateStore;
}

export async function createHarness(issuers: TrustedIssuers, rawConfig: object = {}): Promise<Harness> {
  const clock = new ManualClock(T0);
  const stateStore = new MemoryStateStore(clock);
  const services = { clock, stateStore, trustedIssuers: issuers, stsIdentity: TEST_STS_IDENTITY };
  const processor = await createTestInstance(definition, services, { config: rawConfig });
  return { processor, clock, stateStore };
}

/**
 * Asserts that `token` is refused with `InvalidSecurityTokenError` whose message matches `reason`, and that
 * nothing was accepted: no assertion ID of the issuer reached the replay cache.
 */
export async function expectRefused(harness: Harness, token: ReceivedToken, reason: RegExp, ids: readonly string[] = ['_a1b2c3', '_s11a1', '_evil']): Promise<InvalidSecurityTokenError> {
  const error = await harness.processor.process(token).then(
    (accepted) => {
      throw new Error(`accepted: ${JSON.stringify(accepted)}`);
    },
    (e: unknown) => e,
  );
  expect(error, String(error)).to.be.instanceOf(InvalidSecurityTokenError);
  expect((error as Error).message).to.match(reason);
  for (const id of ids) {
    expect(await harness.stateStore.count('saml-assertion-id', `${ISSUER}\u0000${id}`), `replay entry for ${id}`).to.equal(0);
  }
  return error as InvalidSecurityTokenError;
}
