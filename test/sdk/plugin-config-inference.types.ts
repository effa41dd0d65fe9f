/**
 * Compile-time test (tsc fails the build when it breaks): `defineTokenGenerator` and `defineTokenProcessor`
 * infer the config type from `configSchema`, with no generics spelled out, and a property with a `default`
 * is required because ajv has filled it by the time `create()` runs.
 */
import { defineTokenGenerator, defineTokenProcessor, services, TokenType, type IssuedToken } from '@sts/sdk';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

export const generator = defineTokenGenerator({
  id: 'typed-generator',
  apiVersion: 1,
  tokenTypes: ['urn:example:token:typed'],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['audience'],
    properties: {
      prefix: { type: 'string', default: 'my' },
      audience: { type: 'string' },
      note: { type: 'string' },
      mode: { enum: ['a', 'b'], default: 'a' },
      lifetimes: { type: 'array', items: { type: 'integer' }, default: [] },
    },
  },
  deps: { clock: services.clock },
  create: ({ config, clock }) => {
    assertType<Equal<typeof config.prefix, string>>();
    assertType<Equal<typeof config.audience, string>>();
    assertType<Equal<typeof config.note, string | undefined>>();
    assertType<Equal<typeof config.mode, 'a' | 'b'>>();
    assertType<Equal<typeof config.lifetimes, readonly number[]>>();
    // @ts-expect-error the config is frozen: create() cannot assign to it
    config.prefix = 'x';
    // @ts-expect-error a property the schema does not declare does not exist
    void config.unknownKey;
    return {
      async issue(request): Promise<IssuedToken> {
        return { tokenType: request.tokenType, text: config.prefix, id: 'x', created: clock.now(), expires: request.notOnOrAfter };
      },
    };
  },
});

export const processor = defineTokenProcessor({
  id: 'typed-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.Jwt],
  configSchema: { type: 'object', additionalProperties: false, properties: { skewSeconds: { type: 'integer', default: 60 } } },
  deps: {},
  create: ({ config }) => {
    assertType<Equal<typeof config.skewSeconds, number>>();
    return { process: async () => ({ subject: String(config.skewSeconds), attributes: {} }) };
  },
});
