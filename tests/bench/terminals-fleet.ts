import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Vendor } from '../../services/terminals/src/adapters/vendor-adapter';
import { WORKSPACE_ROOT } from '../support/processes';

const FLEET_ENTRY = path.join(WORKSPACE_ROOT, 'tests/bench/terminals-fleet-child.ts');
const STOP_GRACE_MS = 15_000;

/** A registered terminal's credentials, as the fleet connects with them. */
export interface FleetTerminal {
  readonly id: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface ConnectCommand {
  readonly type: 'connect';
  /** The listener's base URL, e.g. `wss://127.0.0.1:8443`. */
  readonly url: string;
  readonly vendor: Vendor;
  readonly caPem: string;
  readonly terminals: readonly FleetTerminal[];
  /** Handshakes in flight at most. */
  readonly concurrency: number;
}

/** What the benchmark asks of the fleet over IPC. */
export type FleetCommand = ConnectCommand | { readonly type: 'status' } | { readonly type: 'close' };

export interface FleetStatus {
  readonly type: 'status';
  /** Simulators whose session is open now. */
  readonly open: number;
  /** Payments the simulators approved: the terminals' own count. */
  readonly approved: number;
  /** Simulator warnings (a dropped connection, an unreadable message), and the first few of them. */
  readonly warningCount: number;
  readonly firstWarnings: readonly string[];
}

/** What the fleet reports back. Handshake times run from a simulator's start to its WebSocket being open. */
export type FleetReport = { readonly type: 'progress'; readonly connected: number } | { readonly type: 'connected'; readonly handshakeMs: number[] } | FleetStatus;

/**
 * The simulated terminals in a child process of their own (terminals-fleet-child.ts), so their CPU and
 * memory are not the platform's. Credentials travel over the IPC channel: no private key on disk.
 */
export class TerminalFleet {
  private constructor(private readonly child: ChildProcess) {}

  /** Its stdout and stderr go to this process's stderr: stdout is the benchmark's result line. */
  static start(onProgress: (connected: number) => void): TerminalFleet {
    const child = spawn(process.execPath, ['--import', 'tsx', FLEET_ENTRY], { cwd: WORKSPACE_ROOT, stdio: ['ignore', 2, 2, 'ipc'] });
    child.on('message', (report: FleetReport) => {
      if (report.type === 'progress') onProgress(report.connected);
    });
    return new TerminalFleet(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Connects every terminal; the handshake times, in completion order. */
  async connect(command: Omit<ConnectCommand, 'type'>, timeoutMs: number): Promise<number[]> {
    const connected = this.next('connected', timeoutMs);
    this.child.send({ type: 'connect', ...command } satisfies FleetCommand);
    return (await connected).handshakeMs;
  }

  async status(): Promise<FleetStatus> {
    const status = this.next('status', 10_000);
    this.child.send({ type: 'status' } satisfies FleetCommand);
    return status;
  }

  /** Closes every session (as terminals shutting down do), then waits for the exit; kills it after a grace period. */
  async stop(): Promise<void> {
    if (this.exited()) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'close' } satisfies FleetCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  }

  private exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The next report of `type`; rejects when the fleet exits first or stays silent for `timeoutMs`. */
  private next<T extends FleetReport['type']>(type: T, timeoutMs: number): Promise<Extract<FleetReport, { type: T }>> {
    if (this.exited()) return Promise.reject(new Error(`The terminal fleet has exited (${this.child.exitCode ?? this.child.signalCode})`));
    return new Promise((resolve, reject) => {
      const onMessage = (report: FleetReport) => {
        if (report.type !== type) return;
        done();
        resolve(report as Extract<FleetReport, { type: T }>);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done();
        reject(new Error(`The terminal fleet exited (${code ?? signal}) before reporting ${type}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`The terminal fleet did not report ${type} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}
