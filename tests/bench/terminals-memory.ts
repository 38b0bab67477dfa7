import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8's gc() without `--expose-gc` on the command line (jest's leak detector does the same): set at
// run time, the flag exposes it in contexts created afterwards.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * After a busy spell V8 gives memory back to the system only once the process has been quiet for a
 * while (its new space shrinks after about 5 s, pooled pages go after about 11 s: tens of MB, more
 * than 500 sessions take). So: a full collection a second until RSS has not fallen for this long.
 */
const QUIET_MS = 10_000;
const MAX_WAIT_MS = 45_000;
const FALL_BYTES = 1024 * 1024;

/** This process's memory once idle and collected: what live objects and native buffers hold. */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const startedAt = Date.now();
  let lowest = await collected();
  let fellAt = startedAt;
  while (Date.now() - fellAt < QUIET_MS && Date.now() - startedAt < MAX_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sample = await collected();
    if (sample.rss < lowest.rss - FALL_BYTES) fellAt = Date.now();
    if (sample.rss < lowest.rss) lowest = sample;
  }
  return lowest;
}

/** Memory after full collections, a turn of the event loop apart: native memory freed by the first one's weak callbacks is gone by the second. */
export async function collected(): Promise<NodeJS.MemoryUsage> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage();
}

/** Per terminal, in KiB, what `after` holds beyond `before`: RSS, then V8's heap and external (Buffer) memory. */
export function perTerminalKib(before: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage, terminals: number) {
  const kib = (bytes: number) => bytes / terminals / 1024;
  return {
    rss: kib(after.rss - before.rss),
    heapUsed: kib(after.heapUsed - before.heapUsed),
    external: kib(after.external - before.external),
  };
}
