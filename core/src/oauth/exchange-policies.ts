/**
 * The token-exchange policies, checked against the plug-in registry once at boot (so that a request can
 * never reach an instance that is missing or does not serve the type), and the lookups the token endpoint
 * makes: which processor takes a subject or actor token type, which generator makes a requested type. An
 * unknown type is a refusal, never a default instance. A policy may name a disabled instance (plugins.json
 * switches instances off without editing the config, as for the WS-Trust face): a request that needs it is
 * refused as unsupported, and the log names the disabled instance.
 */
import type { ProcessorInstance, PluginRegistry } from '../plugins/plugin-registry.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import type { OAuthConfig, ProcessorChoice, TokenExchangePolicy } from '../config/oauth-config.js';
import { GrantType } from '../config/grant-types.js';
import { OAuthError } from './oauth-error.js';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, SAML2_TOKEN_TYPE } from './oauth-token-types.js';

/** A subject or actor token type resolved to its processor instance. */
export interface ProcessorRoute {
  readonly oauthType: string;
  readonly processor: ProcessorInstance;
  /** The token type the processor is handed. */
  readonly tokenType: string;
}

/** A requested token type resolved to the token type asked of the SP connection and the generator. */
export interface GeneratorRoute {
  readonly oauthType: string;
  readonly generatorId: string;
  readonly tokenType: string;
}

export class ExchangePolicies {
  private readonly byId = new Map<string, TokenExchangePolicy>();

  constructor(config: OAuthConfig, private readonly registry: PluginRegistry) {
    config.tokenExchangePolicies.forEach((policy, i) => {
      const where = `/oauth/tokenExchangePolicies/${i}`;
      if (this.byId.has(policy.id)) throw invalid(`${where}/id: duplicate policy ${policy.id}`);
      this.byId.set(policy.id, policy);
      checkProcessors(policy.subjectTokens, `${where}/subjectTokens`, registry);
      checkProcessors(policy.actorTokens, `${where}/actorTokens`, registry);
      const requested = new Set<string>();
      policy.requestedTokens.forEach((choice, j) => {
        const type = choice.generatorTokenType ?? choice.tokenType;
        if (requested.has(choice.tokenType)) throw invalid(`${where}/requestedTokens/${j}: ${choice.tokenType} is listed twice`);
        requested.add(choice.tokenType);
        // The registry maps each token type to one generator; the policy names it so a reader sees the route.
        const serves = registry.generatorFor(type)?.id === choice.generator || registry.disabledFor('token-generator', type)?.id === choice.generator;
        if (!serves) throw invalid(`${where}/requestedTokens/${j}: generator '${choice.generator}' is not the generator instance of ${type}`);
      });
      if (!requested.has(policy.defaultRequestedTokenType)) throw invalid(`${where}/defaultRequestedTokenType: not one of requestedTokens`);
    });
    config.clients.forEach((client, i) => {
      const where = `/oauth/clients/${i}`;
      const policy = this.byId.get(client.policy);
      if (!policy) throw invalid(`${where}/policy: no token-exchange policy ${client.policy}`);
      // The assertion grants turn one fixed token type into an access token (RFC 7521 section 4.1).
      const needs: [GrantType, string][] = [[GrantType.JwtBearer, JWT_TOKEN_TYPE], [GrantType.Saml2Bearer, SAML2_TOKEN_TYPE]];
      for (const [grant, subjectType] of needs) {
        if (!client.grantTypes.includes(grant)) continue;
        if (!policy.subjectTokens.some((s) => s.tokenType === subjectType)) throw invalid(`${where}/grantTypes: ${grant} needs policy ${policy.id} to take ${subjectType}`);
        if (!policy.requestedTokens.some((r) => r.tokenType === ACCESS_TOKEN_TYPE)) throw invalid(`${where}/grantTypes: ${grant} needs policy ${policy.id} to issue ${ACCESS_TOKEN_TYPE}`);
      }
    });
  }

  policy(id: string): TokenExchangePolicy {
    const policy = this.byId.get(id);
    if (!policy) throw new Error(`no token-exchange policy ${id}`); // checked at boot
    return policy;
  }

  /** The processor for a subject (or actor) token type, or undefined when the policy takes no such token. */
  processorFor(choices: readonly ProcessorChoice[], oauthType: string, parameter: string): ProcessorRoute | undefined {
    const choice = choices.find((c) => c.tokenType === oauthType);
    if (!choice) return undefined;
    const processor = this.registry.processorById(choice.processor);
    if (!processor) throw disabled(parameter, 'token processor', choice.processor);
    return { oauthType, processor, tokenType: choice.processorTokenType ?? choice.tokenType };
  }

  generatorFor(policy: TokenExchangePolicy, oauthType: string): GeneratorRoute | undefined {
    const choice = policy.requestedTokens.find((c) => c.tokenType === oauthType);
    if (!choice) return undefined;
    if (this.registry.disabledIds.has(choice.generator)) throw disabled('requested_token_type', 'token generator', choice.generator);
    return { oauthType, generatorId: choice.generator, tokenType: choice.generatorTokenType ?? choice.tokenType };
  }
}

function checkProcessors(choices: readonly ProcessorChoice[], where: string, registry: PluginRegistry): void {
  const seen = new Set<string>();
  choices.forEach((choice, j) => {
    if (seen.has(choice.tokenType)) throw invalid(`${where}/${j}: ${choice.tokenType} is listed twice`);
    seen.add(choice.tokenType);
    const type = choice.processorTokenType ?? choice.tokenType;
    if (registry.disabledIds.has(choice.processor)) {
      if (registry.disabledFor('token-processor', type)?.id !== choice.processor) throw invalid(`${where}/${j}: processor '${choice.processor}' (disabled) does not take ${type}`);
      return;
    }
    if (!registry.processorById(choice.processor)) throw invalid(`${where}/${j}/processor: '${choice.processor}' is not a processor instance of plugins.json`);
    if (!registry.typesOf(choice.processor).includes(type)) throw invalid(`${where}/${j}: processor '${choice.processor}' does not take ${type}`);
  });
}

function disabled(parameter: string, kind: string, id: string): OAuthError {
  return new OAuthError('invalid_request', `The ${parameter} is not supported`, { detail: `${kind} instance '${id}' is disabled in plugins.json` });
}

function invalid(message: string): StartupError {
  return new StartupError(StartupErrorCode.CONFIG_INVALID, `oauth: ${message}`);
}
