/**
 * The C allocator settings a worker starts with (glibc reads them from the environment at process start, so
 * the primary sets them when it forks; other C libraries ignore them).
 *
 * `MALLOC_MMAP_THRESHOLD_`: glibc serves a block above this with its own mapping and returns it on free. By
 * default the threshold moves up to the largest block freed so far (up to 32 MB), after which such blocks come
 * from the arena of the thread that asked and stay there. scrypt (UsernameToken passwords, OAuth client
 * secrets) needs 16 MB per call on each libuv pool thread: four pool threads kept four 16 MB arenas per worker
 * for good. Measured with `npm run soak:workers -- --minutes 3` (UsernameToken → SAML 2.0, about 135 tokens/s):
 * 286–299 MB per worker with glibc's default, 188–233 MB with the threshold fixed at 128 KB. Fixing it also
 * fixes the trim threshold (glibc moves both together), so freed memory at the top of the heap goes back too.
 * An operator's own setting wins.
 */
export const WORKER_MMAP_THRESHOLD_BYTES = 131_072;

export function workerMallocEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return env['MALLOC_MMAP_THRESHOLD_'] === undefined ? { MALLOC_MMAP_THRESHOLD_: String(WORKER_MMAP_THRESHOLD_BYTES) } : {};
}
