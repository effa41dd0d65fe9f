/** Blocks this thread for `ms`: only where there is no later turn of the event loop to wait for (start-up, closing). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
