import { runtime } from '../vu-runtime';

/** What `import … from 'k6'` gives a script: checks, groups, sleep and fail. */

/** Runs each named check on `value`; every one is a `checks` sample tagged with its name. True when all passed. */
export function check<T>(value: T, sets: Record<string, unknown>, tags: Record<string, string> = {}): boolean {
  let passed = true;
  for (const [name, predicate] of Object.entries(sets)) {
    const ok = Boolean(typeof predicate === 'function' ? (predicate as (value: T) => unknown)(value) : predicate);
    runtime.emit('checks', ok ? 1 : 0, { ...tags, check: name });
    passed &&= ok;
  }
  return passed;
}

/** Runs `fn` inside the group `name` (its samples tagged `group: ::outer::name`) and emits its group_duration. */
export function group<T>(name: string, fn: () => T): T {
  runtime.requireVuCode('group()');
  if (name.includes('::')) throw new Error(`group name "${name}" may not contain "::"`);
  const parent = runtime.groupPath;
  runtime.groupPath = `${parent}::${name}`;
  const started = performance.now();
  try {
    return fn();
  } finally {
    runtime.emit('group_duration', performance.now() - started);
    runtime.groupPath = parent;
  }
}

/** Blocks the VU for `seconds`. */
export function sleep(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, seconds) * 1000);
}

/** Ends the iteration with `message`. */
export function fail(message = ''): never {
  throw new Error(message);
}

export default { check, group, sleep, fail };
