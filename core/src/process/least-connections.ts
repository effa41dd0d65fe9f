/**
 * Which worker gets the next connection: the one with the fewest open connections, ties taken in turn.
 *
 * node:cluster's round robin gives a connection to whichever worker acknowledged its previous one first, so
 * connections opened in the same instant landed 7 to 1 on two workers (README "Processes"), and a keep-alive
 * connection stays where it landed: a proxy's pool of a few long connections could load one core. Counting what
 * each worker holds keeps them even, whatever the clients do. The counts are the primary's: +1 when it hands a
 * connection over, -1 when the worker reports it closed.
 */
export class LeastConnections<K> {
  private readonly open = new Map<K, number>();
  private turn = 0;

  /** Makes `key` eligible (once it listens); a key already present keeps its count. */
  add(key: K): void {
    if (!this.open.has(key)) this.open.set(key, 0);
  }

  /** No more connections for `key` (draining, stopped, gone); its later closes are ignored. */
  remove(key: K): void {
    this.open.delete(key);
  }

  /** The key to hand the next connection to (counted as open), or undefined when none is eligible. */
  pick(): K | undefined {
    const keys = [...this.open.keys()];
    if (keys.length === 0) return undefined;
    let best: K | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    // Starting the scan one further each time makes equal counts take turns instead of always the first key.
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(this.turn + i) % keys.length]!;
      const count = this.open.get(key)!;
      if (count < fewest) {
        best = key;
        fewest = count;
      }
    }
    this.turn = (this.turn + 1) % keys.length;
    this.open.set(best!, fewest + 1);
    return best;
  }

  /** One of `key`'s connections closed (or never arrived). */
  closed(key: K): void {
    const count = this.open.get(key);
    if (count !== undefined && count > 0) this.open.set(key, count - 1);
  }

  /** The open connections per eligible key. */
  counts(): ReadonlyMap<K, number> {
    return new Map(this.open);
  }
}
