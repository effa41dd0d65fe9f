/**
 * The registry: built once at boot from the loaded instances. Each token type maps to exactly one enabled
 * processor and at most one enabled generator; a second claim is a boot error (no first-match dispatch).
 * Disabled instances are kept apart, with what they would accept, so that a request needing one is refused
 * saying so (issue 9).
 */
import type {
  PluginDefinition,
  TokenGenerator,
  TokenProcessor,
  TokenProcessorDefinition,
  TokenSelector,
} from '@sts/sdk';

export interface LoadedInstance {
  readonly id: string;
  readonly packageName: string;
  readonly definition: PluginDefinition;
  readonly implementation: TokenProcessor | TokenGenerator;
  /** The token types the instance claims: its plug-in's, or the subset its manifest entry names. */
  readonly tokenTypes: readonly string[];
}

/** A disabled manifest entry, with its definition when its package could be imported. */
export interface DisabledEntry {
  readonly id: string;
  readonly packageName: string;
  readonly definition?: PluginDefinition;
}

/** What a disabled instance would handle (nothing known when its package did not load). */
export interface DisabledInstance {
  readonly id: string;
  readonly packageName: string;
  readonly kind?: PluginDefinition['kind'];
  readonly tokenTypes: readonly string[];
  readonly selectors: readonly TokenSelector[];
}

export interface ProcessorInstance {
  readonly id: string;
  readonly processor: TokenProcessor;
  readonly selectors: readonly TokenSelector[];
}

export interface GeneratorInstance {
  readonly id: string;
  readonly generator: TokenGenerator;
}

export class DuplicateTokenTypeError extends Error {
  constructor(readonly instanceId: string, message: string) {
    super(message);
  }
}

export class PluginRegistry {
  private readonly processorsByType = new Map<string, ProcessorInstance>();
  private readonly generatorsByType = new Map<string, GeneratorInstance>();
  private readonly processorsById = new Map<string, ProcessorInstance>();
  /** Built once: every request matches its Security header against it. */
  private readonly processorList: readonly ProcessorInstance[];
  private readonly instances: readonly LoadedInstance[];
  private readonly disabled: ReadonlyMap<string, DisabledInstance>;
  readonly disabledIds: ReadonlySet<string>;

  constructor(loaded: readonly LoadedInstance[], disabled: readonly DisabledEntry[]) {
    this.instances = loaded;
    this.disabled = new Map(disabled.map((d) => [d.id, describe(d)]));
    this.disabledIds = new Set(this.disabled.keys());
    for (const instance of loaded) {
      if (instance.definition.kind === 'token-processor') {
        const entry: ProcessorInstance = {
          id: instance.id,
          processor: instance.implementation as TokenProcessor,
          selectors: selectorsOf(instance.definition, instance.tokenTypes),
        };
        this.processorsById.set(instance.id, entry);
        for (const type of instance.tokenTypes) claim(this.processorsByType, type, entry, 'processor');
      } else {
        const entry: GeneratorInstance = { id: instance.id, generator: instance.implementation as TokenGenerator };
        for (const type of instance.tokenTypes) claim(this.generatorsByType, type, entry, 'generator');
      }
    }
    this.processorList = Object.freeze([...this.processorsById.values()]);
  }

  /** The enabled processor for a token type. */
  processorFor(tokenType: string): ProcessorInstance | undefined {
    return this.processorsByType.get(tokenType);
  }

  /** Every enabled processor, for matching tokens in the Security header. */
  processors(): readonly ProcessorInstance[] {
    return this.processorList;
  }

  /** The enabled generator for a token type. */
  generatorFor(tokenType: string): GeneratorInstance | undefined {
    return this.generatorsByType.get(tokenType);
  }

  /** Disabled processors, for telling a token that only a disabled instance accepts from an unknown one. */
  disabledProcessors(): readonly DisabledInstance[] {
    return [...this.disabled.values()].filter((d) => d.kind === 'token-processor');
  }

  /** The disabled instance of this kind that handles the token type, if any. */
  disabledFor(kind: PluginDefinition['kind'], tokenType: string): DisabledInstance | undefined {
    return [...this.disabled.values()].find((d) => d.kind === kind && d.tokenTypes.includes(tokenType));
  }

  /** The enabled processor instance with this id. */
  processorById(instanceId: string): ProcessorInstance | undefined {
    return this.processorsById.get(instanceId);
  }

  /** The token types an enabled instance claims (empty for an unknown or disabled id). */
  typesOf(instanceId: string): readonly string[] {
    return this.instances.find((i) => i.id === instanceId)?.tokenTypes ?? [];
  }

  /** Is an instance id known at all (enabled or disabled)? */
  knows(instanceId: string): boolean {
    return this.disabledIds.has(instanceId) || this.instances.some((i) => i.id === instanceId);
  }

  /** A line per instance for the startup log. */
  summary(): { id: string; package: string; kind: string; tokenTypes: readonly string[]; enabled: boolean }[] {
    return [
      ...this.instances.map((i) => ({ id: i.id, package: i.packageName, kind: i.definition.kind, tokenTypes: i.tokenTypes, enabled: true })),
      ...[...this.disabled.values()].map((d) => ({ id: d.id, package: d.packageName, kind: d.kind ?? '', tokenTypes: d.tokenTypes, enabled: false })),
    ];
  }

  async close(): Promise<void> {
    for (const instance of this.instances) await instance.implementation.close?.();
  }
}

/** A processor's Security-header selectors, for the token types it declares (an OAuth-only processor has none). */
function selectorsOf(definition: PluginDefinition, claimed: readonly string[] = definition.tokenTypes): readonly TokenSelector[] {
  if (definition.kind !== 'token-processor') return [];
  const processor = definition as TokenProcessorDefinition;
  return (processor.accepts ?? []).filter((s) => claimed.includes(s.tokenType));
}

function describe(entry: DisabledEntry): DisabledInstance {
  const d = entry.definition;
  const { id, packageName } = entry;
  return d === undefined ? { id, packageName, tokenTypes: [], selectors: [] } : { id, packageName, kind: d.kind, tokenTypes: d.tokenTypes, selectors: selectorsOf(d) };
}

function claim<T extends { id: string }>(map: Map<string, T>, type: string, entry: T, what: string): void {
  const existing = map.get(type);
  if (existing) {
    throw new DuplicateTokenTypeError(entry.id, `token type ${type} is claimed by ${what} instances '${existing.id}' and '${entry.id}'; disable one`);
  }
  map.set(type, entry);
}
