import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8's gc() without `--expose-gc` on the command line (jest's leak detector does the same): set at
// run time, the flag exposes it in contexts created afterwards.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** This process's memory after full collections: what live objects and native buffers hold. */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  // A turn of the event loop between two collections: native memory freed by the first one's weak
  // callbacks (sockets' buffers, say) is gone by the second.
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
