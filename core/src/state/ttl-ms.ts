/** A TTL in whole milliseconds, at least 1: a fractional TTL (a JWT's exp minus now) never rounds to zero. */
export function ttlMs(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}
