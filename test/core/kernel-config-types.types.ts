/**
 * Compile-time test (tsc fails the build when it breaks): the config types derived from the kernel schema say
 * what ajv hands over. A defaulted key is required, a key with no default is optional, enums are unions, and
 * every level is read-only (the config is frozen).
 */
import type { KernelConfig, SpConnection, StateConfig } from '@sts/core';

type AttributeSource = SpConnection['nameId']['source'];
type TlsListenerConfig = NonNullable<KernelConfig['server']['tls']>;

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Equal<KernelConfig['server']['port'], number>>,
  Assert<Equal<KernelConfig['server']['workers'], number | undefined>>,
  Assert<Equal<KernelConfig['server']['tls'], TlsListenerConfig | undefined>>,
  Assert<Equal<TlsListenerConfig['minVersion'], 'TLSv1.2' | 'TLSv1.3'>>,
  Assert<Equal<KernelConfig['issuer']['audiences'], readonly string[]>>,
  Assert<Equal<StateConfig['backend'], 'memory' | 'sqlite' | 'redis'>>,
  Assert<Equal<StateConfig['redis']['url'], string | undefined>>,
  Assert<Equal<SpConnection['subjectConfirmation'], 'bearer' | 'sender-vouches'>>,
  Assert<Equal<SpConnection['signingKeyId'], string | undefined>>,
  Assert<Equal<AttributeSource['type'], 'token' | 'subject' | 'text' | 'context'>>,
  Assert<Equal<Extract<AttributeSource, { type: 'context' }>['field'], 'clientAddress' | 'endpoint' | 'requestId' | 'clientId'>>,
  Assert<Equal<SpConnection['lifetime'], { readonly minutesBefore: number; readonly minutesAfter: number }>>,
  Assert<Equal<KernelConfig['idpConnections'][number]['mode'], 'validate-only' | 'issue'>>,
  // The OAuth face's part, derived from its own schema fragment (core/src/config/oauth-config.ts).
  Assert<Equal<KernelConfig['oauth']['clientAssertionMaxLifetimeSeconds'], number>>,
  Assert<Equal<KernelConfig['oauth']['issuer'], string | undefined>>,
  Assert<Equal<KernelConfig['oauth']['clients'][number]['authMethods'][number], 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt'>>,
  Assert<Equal<KernelConfig['oauth']['clients'][number]['scopes'], readonly string[]>>,
  Assert<Equal<KernelConfig['oauth']['tokenExchangePolicies'][number]['actorTokens'][number]['processorTokenType'], string | undefined>>,
  // Client authentication on the WS-Trust face (core/src/config/client-auth-config.ts).
  Assert<Equal<KernelConfig['clientAuthentication']['endpoints']['idp'], 'none' | 'basic' | 'certificate'>>,
  Assert<Equal<KernelConfig['clientAuthentication']['clients'][number]['secretHash'], string | undefined>>,
  Assert<Equal<SpConnection['clientAuthentication']['clients'], readonly string[]>>,
  Assert<Equal<SpConnection['issuanceCriteria'][number]['context'], 'clientId' | undefined>>,
];

export function frozen(config: KernelConfig): void {
  // @ts-expect-error the config is read-only
  config.server.port = 1;
  // @ts-expect-error a key the schema does not declare does not exist
  void config.server.unknownKey;
}

