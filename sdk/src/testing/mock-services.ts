/**
 * Mock services for plug-in tests: a logger that records, a clock you can move, an in-memory state store,
 * generated signing keys. Pass them to `verifyPlugin()` or straight to a definition's `create()`.
 * @public
 */
import type { Clock, Logger, SigningKey, SigningKeys, StsIdentity, TrustedIssuer, TrustedIssuers } from '../services.js';
import { createSelfSignedKey } from '../keys/create-self-signed-key.js';

/** A log line a {@link RecordingLogger} kept. @public */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message?: string;
}

/** A logger that keeps every record, for assertions. @public */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: object = {},
  ) {}
  debug(fields: object, message?: string): void { this.add('debug', fields, message); }
  info(fields: object, message?: string): void { this.add('info', fields, message); }
  warn(fields: object, message?: string): void { this.add('warn', fields, message); }
  error(fields: object, message?: string): void { this.add('error', fields, message); }
  child(bindings: object): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }
  private add(level: LogRecord['level'], fields: object, message?: string): void {
    this.records.push(message === undefined ? { level, fields: { ...this.bindings, ...fields } } : { level, fields: { ...this.bindings, ...fields }, message });
  }
}

/** A clock that stands still until you move it. @public */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date { return new Date(this.current.getTime()); }
  set(date: Date): void { this.current = new Date(date.getTime()); }
  advance(seconds: number): void { this.current = new Date(this.current.getTime() + seconds * 1000); }
}

/** Signing keys backed by a list; the first is the active one. @public */
export class StaticSigningKeys implements SigningKeys {
  constructor(private readonly keys: readonly SigningKey[]) {
    if (keys.length === 0) throw new Error('StaticSigningKeys needs at least one key');
  }
  get(kid?: string): SigningKey {
    const key = kid === undefined ? this.keys[0] : this.keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`unknown signing key: ${kid}`);
    return key;
  }
  all(): readonly SigningKey[] { return this.keys; }
}

/**
 * Generates one throw-away RSA 2048 key with a self-signed certificate, valid from a day ago: a test clock
 * fixed when its module loaded may be minutes behind the moment a slow suite reaches the hook that makes the key.
 * @public
 */
export async function createTestSigningKeys(kid = 'test-key'): Promise<StaticSigningKeys> {
  const generated = await createSelfSignedKey({ kid, subject: `CN=${kid}`, notBefore: new Date(Date.now() - 86_400_000) });
  return new StaticSigningKeys([generated.signingKey]);
}

/** Trusted issuers backed by a list. @public */
export class StaticTrustedIssuers implements TrustedIssuers {
  constructor(private readonly issuers: readonly TrustedIssuer[] = []) {}
  find(issuer: string): TrustedIssuer | undefined {
    return this.issuers.find((i) => i.issuer === issuer);
  }
}

/** The identity the mocks use: entity id `urn:test:sts` and its IdP STS endpoint as audiences. @public */
export const TEST_STS_IDENTITY: StsIdentity = Object.freeze({
  entityId: 'urn:test:sts',
  audiences: Object.freeze(['urn:test:sts', 'https://sts.test/sp/sts.wst']),
});
