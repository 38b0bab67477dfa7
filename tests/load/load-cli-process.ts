import { spawn } from 'node:child_process';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../support/processes';

const LOAD_CLI = path.join(WORKSPACE_ROOT, 'tests/load/runner/load.cli.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run load -- <args>` with the built-in runner, `env` laid over the test's environment. */
export function runLoadCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOAD_CLI, '--runner', 'builtin', ...args], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
