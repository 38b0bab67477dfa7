import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importScript } from './k6-script';
import { runTest } from './test-run';

const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

const USAGE = `Usage: npm run load -- <scenario | script.js> [options]    run a scenario
       npm run load -- inspect <scenario | script.js>        print the script's options as JSON
       npm run load -- list                                  the scenarios in tests/load/scenarios

Runs the script with k6 when k6 is on the PATH, else with Tillwire's k6-compatible runner.
Options (k6 run's own; with k6 any other k6 run option is passed on as well):
  -e, --env KEY=VALUE        a script environment variable (__ENV), repeatable
      --summary-export FILE  write the end-of-test summary as JSON (k6's format)
  -q, --quiet                leave out the run's header
      --runner auto|k6|builtin
                             auto (default): k6 when it is on the PATH; builtin: always this runner

Examples:
  npm run load -- steady-checkout -e ADMIN_PASSWORD=… -e OPERATOR_PINS=GROCERY=123456
  npm run load -- peak -e LOAD_SCALE=0.1 --summary-export peak.json`;

type Runner = 'auto' | 'k6' | 'builtin';

async function main(argv: readonly string[]): Promise<number> {
  const { runner, args } = takeRunner(argv);
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    console.info(USAGE);
    return first === undefined ? 64 : 0;
  }
  if (first === 'list') {
    console.info(scenarioNames().join('\n'));
    return 0;
  }
  const command = first === 'inspect' ? 'inspect' : 'run';
  const [target, ...options] = command === 'inspect' ? rest : args;
  if (target === undefined) throw new UsageError(`${command} needs a scenario or script`);
  const script = scriptPath(target);
  const k6 = runner === 'builtin' ? undefined : k6OnPath();
  if (k6) return runK6(k6, command, options, script);
  if (runner === 'k6') throw new UsageError('--runner k6: k6 is not on the PATH');
  const env = { ...systemEnv(), ...parsed(options).env };
  if (command === 'inspect') {
    const loaded = await importScript(script, env);
    console.info(JSON.stringify(loaded.options ?? {}, null, 2));
    return 0;
  }
  const { summaryExport, quiet } = parsed(options);
  return runTest({ script, env, summaryExport, quiet, out: (text) => console.info(text), err: (text) => console.error(text) });
}

class UsageError extends Error {}

function takeRunner(argv: readonly string[]): { runner: Runner; args: string[] } {
  let runner: Runner = 'auto';
  const args: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = arg === '--runner' ? argv[++i] : arg.startsWith('--runner=') ? arg.slice('--runner='.length) : null;
    if (value === null) args.push(arg);
    else if (value === 'auto' || value === 'k6' || value === 'builtin') runner = value;
    else throw new UsageError(`--runner must be auto, k6 or builtin (got ${value ?? 'nothing'})`);
  }
  return { runner, args };
}

/** The options of `k6 run` the runner implements. */
function parsed(options: readonly string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...options],
      options: {
        env: { type: 'string', short: 'e', multiple: true, default: [] },
        'summary-export': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (the built-in runner implements -e, --summary-export and -q; use k6 for the others)`);
  }
  const env = Object.fromEntries(
    values.env.map((pair) => {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new UsageError(`-e takes KEY=VALUE, got "${pair}"`);
      return [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
  return { env, summaryExport: values['summary-export'], quiet: values.quiet };
}

/** A scenario's name (a file of tests/load/scenarios) or a path to any k6 script. */
function scriptPath(target: string): string {
  const scenario = path.join(SCENARIOS_DIR, `${target}.js`);
  if (/^[a-z0-9-]+$/.test(target) && existsSync(scenario)) return scenario;
  const file = path.resolve(target);
  if (!existsSync(file)) throw new UsageError(`No scenario or script "${target}" (scenarios: ${scenarioNames().join(', ')})`);
  return file;
}

function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((name) => name.endsWith('.js'))
    .map((name) => name.slice(0, -3))
    .sort();
}

function k6OnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

function runK6(k6: string, command: 'run' | 'inspect', options: readonly string[], script: string): Promise<number> {
  const child = spawn(k6, [command, ...options, script], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function systemEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
