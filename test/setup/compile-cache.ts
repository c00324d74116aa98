import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The tests start `bin/opsbot` hundreds of times, and Node strips the types of the whole command
 * graph at every start. Node's on-disk compile cache (NODE_COMPILE_CACHE, checked per file by
 * content hash) saves about a fifth of each start's CPU, which matters most when both cores are
 * busy. Set in the main vitest process, so workers and every process they spawn inherit it. A
 * cache set by the caller is kept. Apps started by a daemon get only their own environment, so
 * they start as users' apps do.
 */
export function shareCompileCache(): void {
  process.env['NODE_COMPILE_CACHE'] ??= join(tmpdir(), 'opsbot-test-compile-cache');
}
