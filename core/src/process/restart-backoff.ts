/**
 * How long to wait before replacing a worker that died. A worker that lived past the stable period starts
 * over at the shortest delay; one that keeps dying waits twice as long each time, up to the cap, so a
 * crash loop (a bad plug-in, a full disk) does not burn the machine.
 */
export class RestartBackoff {
  private readonly crashes = new Map<number, number>();

  constructor(
    private readonly firstMs = 200,
    private readonly capMs = 30_000,
    private readonly stableMs = 60_000,
  ) {}

  /** The delay before restarting `slot`, whose worker lived `livedMs`. */
  next(slot: number, livedMs: number): number {
    const count = livedMs >= this.stableMs ? 1 : (this.crashes.get(slot) ?? 0) + 1;
    this.crashes.set(slot, count);
    return Math.min(this.capMs, this.firstMs * 2 ** (count - 1));
  }
}
