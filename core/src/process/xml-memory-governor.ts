/**
 * Collects garbage on libxml2's behalf. A parsed document's native memory is freed only when V8 collects its
 * JS wrapper, and libxmljs2 does not tell V8 how much native memory those wrappers hold (see
 * `xmlNativeMemoryBytes` in the SDK), so under load a worker's RSS grows by hundreds of MB between the
 * collector's own runs while its heap stays small. The governor reads libxml2's counter off the request path
 * and runs a full collection once libxml2 holds `thresholdBytes` more than survived the last one. Recycling a
 * worker past `server.maxWorkerRssMb` stays the backstop.
 */

export interface XmlMemoryGovernorOptions {
  /** Growth of libxml2's memory over what survived the last collection that triggers one. */
  readonly thresholdBytes: number;
  /** How often the counter is read. */
  readonly intervalMs: number;
  /** libxml2's own count of the bytes it holds. */
  readonly readBytes: () => number;
  /** A full, synchronous collection (`global.gc` with `--expose-gc`). */
  readonly collect: () => void;
  /** Told after each collection: what libxml2 held before and after, and how long it took. */
  readonly onCollect?: (before: number, after: number, ms: number) => void;
}

export class XmlMemoryGovernor {
  /** What libxml2 held after the last collection: documents still in use, which no collection can free. */
  private floor: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: XmlMemoryGovernorOptions) {
    this.floor = options.readBytes();
  }

  start(): this {
    this.timer ??= setInterval(() => this.tick(), this.options.intervalMs).unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One reading; collects when libxml2 has grown past the threshold. Returns whether it collected. */
  tick(): boolean {
    const before = this.options.readBytes();
    if (before - this.floor < this.options.thresholdBytes) {
      // Memory freed by the collector's own runs lowers the floor, so the next growth is measured from there.
      this.floor = Math.min(this.floor, before);
      return false;
    }
    const started = process.hrtime.bigint();
    this.options.collect();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.floor = this.options.readBytes();
    this.options.onCollect?.(before, this.floor, ms);
    return true;
  }
}
