/**
 * The terminals benchmark's simulated terminals: a child process that terminals-fleet.ts
 * starts and drives over IPC. Every simulator approves at once: the payments' round trips hold no
 * think time of the terminal.
 */
import { startTerminalSimulator, type TerminalSimulator } from '../../services/terminals/src/simulator-device/terminal-simulator';
import { forEachConcurrently } from './terminals-concurrency';
import type { ConnectCommand, FleetCommand, FleetReport } from './terminals-fleet';

const PROGRESS_EVERY = 50;
const KEPT_WARNINGS = 5;

const simulators: TerminalSimulator[] = [];
const warnings = { count: 0, first: [] as string[] };
const logger = {
  info: () => undefined,
  warn: (line: string) => {
    warnings.count += 1;
    if (warnings.first.length < KEPT_WARNINGS) warnings.first.push(line);
  },
};

const report = (message: FleetReport): void => void process.send!(message);

process.on('message', (command: FleetCommand) => {
  handle(command).catch((error: unknown) => {
    process.stderr.write(`[terminal fleet] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
// The benchmark is gone (killed, say): nothing else would stop the simulators reconnecting.
process.on('disconnect', () => process.exit(0));

async function handle(command: FleetCommand): Promise<void> {
  switch (command.type) {
    case 'connect':
      return connectAll(command);
    case 'status':
      return report({
        type: 'status',
        open: simulators.filter((simulator) => simulator.connected()).length,
        approved: simulators.reduce((sum, simulator) => sum + simulator.approvedCount(), 0),
        warningCount: warnings.count,
        firstWarnings: warnings.first,
      });
    case 'close':
      await Promise.all(simulators.map((simulator) => simulator.close()));
      process.exit(0);
  }
}

async function connectAll({ url, vendor, caPem, terminals, concurrency }: ConnectCommand): Promise<void> {
  const handshakeMs: number[] = [];
  await forEachConcurrently(terminals, concurrency, async ({ id, certificatePem, privateKeyPem }) => {
    const started = performance.now();
    const simulator = startTerminalSimulator({ url, terminalId: id, vendor, behaviour: 'approve', tls: { certificatePem, privateKeyPem, caPem }, logger });
    simulators.push(simulator);
    await simulator.waitConnected();
    handshakeMs.push(performance.now() - started);
    if (handshakeMs.length % PROGRESS_EVERY === 0) report({ type: 'progress', connected: handshakeMs.length });
  });
  report({ type: 'connected', handshakeMs });
}
