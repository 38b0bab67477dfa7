import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Where a script's imports of k6's own modules lead: this runner's implementations. */
export const K6_MODULES: Readonly<Record<string, string>> = {
  k6: new URL('./modules/k6.module.ts', import.meta.url).href,
  'k6/http': new URL('./modules/k6-http.module.ts', import.meta.url).href,
  'k6/metrics': new URL('./modules/k6-metrics.module.ts', import.meta.url).href,
};

/**
 * A module resolve hook that rewrites the k6 specifiers and hands every specifier on, so the loader
 * after it (tsx) still resolves and compiles the TypeScript modules it leads to. Scripts and their
 * local modules are ES modules, as k6 reads them, wherever they are.
 */
const ALIAS_HOOKS = `
let aliases = {};
export function initialize(data) { aliases = data.aliases; }
export async function resolve(specifier, context, next) {
  if ((specifier === 'k6' || specifier.startsWith('k6/')) && !aliases[specifier]) {
    throw new Error(specifier + ' is not implemented by this runner (it implements ' + Object.keys(aliases).join(', ') + '); run the script with k6');
  }
  const resolved = await next(aliases[specifier] ?? specifier, context);
  return resolved.url.endsWith('.js') && !resolved.url.includes('/node_modules/') ? { ...resolved, format: 'module' } : resolved;
}
`;

let registered = false;

/** Loads a k6 script in this thread, its k6 imports resolved to the runner's modules, as k6's init context would. */
export async function importScript(scriptPath: string, env: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(ALIAS_HOOKS)}`, { data: { aliases: K6_MODULES } });
    registered = true;
  }
  setGlobals(env, 0, 0);
  return (await import(pathToFileURL(scriptPath).href)) as Record<string, unknown>;
}

/** k6's globals: the environment, the VU number (0 outside a VU's iterations) and the VU's iteration number. */
export function setGlobals(env: Readonly<Record<string, string>>, vu: number, iteration: number): void {
  Object.assign(globalThis, { __ENV: { ...env }, __VU: vu, __ITER: iteration });
}
