import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const WORKSPACE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(WORKSPACE_ROOT, 'libs/platform/src/runner/cli.ts');
/** Shared by every platform the tests start; its first node creates it, the others read it. */
const TEST_TERMINAL_CA_DIR = path.join(os.tmpdir(), 'tillwire-test-terminal-ca');

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
}

/**
 * Runs a TypeScript entry point with tsx, as `npm start` does, with `env` laid over the test's
 * environment (a variable set to undefined is removed).
 */
export function runTs(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: WORKSPACE_ROOT,
    // Unless the test says otherwise: free ports for the terminal listener and the gRPC servers (tests
    // run side by side), and a terminal CA of the tests' own, never the one a developer's `npm start` made.
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      TERMINAL_LISTEN_PORT: '0',
      LOYALTY_GRPC_PORT: '0',
      REPORTS_GRPC_PORT: '0',
      TERMINAL_CA_DIR: TEST_TERMINAL_CA_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, output: () => output, exited };
}

/** Sends SIGINT (what Ctrl-C sends) and waits for the exit, escalating to SIGKILL after `graceMs`. */
export async function stop(process: RunningProcess, graceMs = 15_000): Promise<number | NodeJS.Signals> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return process.exited;
  process.child.kill('SIGINT');
  const timer = setTimeout(() => process.child.kill('SIGKILL'), graceMs);
  try {
    return await process.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value, failing with the process output after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms (${String(lastError ?? 'no value')})\n${describe()}`);
}

export function freePort(): Promise<number> {
  return bindable(0);
}

/** The first of `count` consecutive ports free on loopback. */
export async function freePorts(count: number): Promise<number> {
  for (;;) {
    const first = await freePort();
    if (first + count - 1 > 65_535) continue;
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => bindable(first + i + 1).catch(() => undefined)));
    if (rest.every((port) => port !== undefined)) return first;
  }
}

/** The port a loopback listener got on `port` (0: any free one), closed again. */
function bindable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

export interface ProcessInfo {
  pid: number;
  command: string;
}

/** Every process below `root`, with its command line, from one `ps` snapshot. */
export async function descendants(root: number): Promise<ProcessInfo[]> {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-ww', '-o', 'pid=,ppid=,args=']);
  const table = stdout
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, pid, ppid, command]) => ({ pid: Number(pid), ppid: Number(ppid), command: command! }));
  const below = new Set([root]);
  const found: ProcessInfo[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        found.push({ pid: p.pid, command: p.command });
        grew = true;
      }
    }
  }
  return found;
}

/** Alive and still the same program: a zombie has no command line, a reused pid another one. */
export async function isRunning({ pid, command }: ProcessInfo): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline !== '' && cmdline.replaceAll('\0', ' ').trim() === command.trim();
}
