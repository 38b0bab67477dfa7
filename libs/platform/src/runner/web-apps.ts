import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childEnvironment, type Config } from '../config/config';
import type { Log } from './database-setup';
import { WORKSPACE_ROOT } from './workspace';

export interface WebApp {
  readonly name: 'pos-web' | 'admin-web';
  readonly port: number;
}

export function webApps(config: Config): WebApp[] {
  return [
    { name: 'pos-web', port: config.apps.posWebPort },
    { name: 'admin-web', port: config.apps.adminWebPort },
  ];
}

const NEXT_BIN = path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'next');

/**
 * Serves a Next.js app with `next start`, building it first when it has never been built
 * (a fresh clone). Resolves with the running server process once it is launched.
 */
export interface RunningWebApp {
  stop(): void;
}

export async function startWebApp(app: WebApp, config: Config, log: Log): Promise<RunningWebApp> {
  const cwd = path.join(WORKSPACE_ROOT, 'apps', app.name);
  const env = childEnvironment({
    NEXT_TELEMETRY_DISABLED: '1',
    TILLWIRE_API_URL: `http://${config.api.host}:${config.api.port}`,
  });
  if (!existsSync(path.join(cwd, '.next', 'BUILD_ID'))) {
    log.info(`Building ${app.name} (first start only)…`);
    await run(NEXT_BIN, ['build'], cwd, env);
  }
  // Own process group: `next start` forks its server, and stopping must reach both.
  const server = spawn(NEXT_BIN, ['start', '--port', String(app.port), '--hostname', config.api.host], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  return { stop: () => killGroup(server) };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
