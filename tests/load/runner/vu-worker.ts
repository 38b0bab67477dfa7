import { parentPort, workerData } from 'node:worker_threads';
import { blockingHttp } from './http-bridge';
import { importScript, setGlobals } from './k6-script';
import type { VuCall, VuMessage, VuOutcome, VuWorkerData } from './vu-thread';
import { runtime } from './vu-runtime';

/** A VU thread: loads the script (its init context), then runs the calls the main thread sends, one at a time. */

const boot = workerData as VuWorkerData;
const port = parentPort!;
runtime.http = blockingHttp(boot.flag, boot.port);

try {
  const script = await importScript(boot.script, boot.env);
  port.on('message', (call: VuCall) => post({ type: 'outcome', outcome: run(script, call) }));
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: describe(error) });
}

function run(script: Record<string, unknown>, call: VuCall): VuOutcome {
  const iteration = call.kind === 'iteration';
  setGlobals({ ...boot.env, ...(iteration ? call.env : {}) }, iteration ? boot.id : 0, iteration ? call.iteration : 0);
  runtime.begin(iteration ? { scenario: call.scenario, ...call.tags } : {}, iteration ? '' : `::${call.kind}`);
  const fn = script[iteration ? call.exec : call.kind] as (data?: unknown) => unknown;
  const started = performance.now();
  let error: string | undefined;
  let result: unknown;
  try {
    result = call.kind === 'setup' ? fn() : fn(call.data);
  } catch (thrown) {
    error = describe(thrown);
  }
  if (iteration) {
    runtime.emit('iterations', 1);
    runtime.emit('iteration_duration', performance.now() - started);
  }
  const samples = runtime.end();
  return { samples, ...(error === undefined ? {} : { error }), ...(call.kind === 'setup' ? { result: JSON.stringify(result ?? null) } : {}) };
}

function post(message: VuMessage): void {
  port.postMessage(message);
}

/** The error's message and where in the script it was thrown. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split('\n').find((line) => line.includes('file://') && !line.includes('/runner/'));
  return frame ? `${error.message}\n${frame.trim()}` : error.message;
}
