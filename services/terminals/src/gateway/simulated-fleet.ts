import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTerminalSimulator, type TerminalSimulator } from '../simulator-device/terminal-simulator';
import { issueCertificate } from '../use-cases/issue-certificate';
import type { TerminalsDeps } from '../use-cases/terminals.deps';

export interface SimulatedFleetOptions {
  readonly deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'certificates' | 'ca' | 'certOverlapSeconds'>;
  /** Where the simulated terminals keep their keys and certificates, as real ones keep theirs. */
  readonly dir: string;
  /** The listener's `wss://` URL once it listens. */
  listenerUrl(): string | undefined;
  readonly logger: { info(message: string): void; warn(message: string): void };
  /** How often the fleet follows the registry: terminals added get a simulator, removed ones lose theirs. */
  readonly pollMs?: number;
}

export interface SimulatedFleet {
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface StoredCredentials {
  readonly serialNumber: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * A simulated terminal, approving every card the simulator's rules approve, for each registered
 * terminal: the embedded demo store takes card payments with no hardware. Each connects over mTLS
 * with its own certificate, issued once and kept in `dir` while the registry keeps it standing.
 */
export function simulatedFleet(options: SimulatedFleetOptions): SimulatedFleet {
  const { deps, dir, logger, pollMs = 2_000 } = options;
  const devices = new Map<string, TerminalSimulator>();
  let timer: NodeJS.Timeout | undefined;
  let following: Promise<void> = Promise.resolve();

  async function credentialsFor(terminalId: string): Promise<StoredCredentials> {
    const file = path.join(dir, `${terminalId}.json`);
    const stored = await readFile(file, 'utf8').then((text) => JSON.parse(text) as StoredCredentials, () => undefined);
    const standing = stored && (await deps.certificates.standing(deps.db, stored.serialNumber));
    if (stored && standing && (standing.revokedAt === null || standing.revokedAt.getTime() > Date.now() + 60_000)) return stored;
    const issued = await issueCertificate(deps, { terminalId });
    const fresh = {
      serialNumber: issued.certificate.serialNumber,
      certificatePem: issued.certificate.certificatePem,
      privateKeyPem: issued.privateKeyPem!,
    };
    await writeFile(file, JSON.stringify(fresh), { mode: 0o600 });
    return fresh;
  }

  async function follow(): Promise<void> {
    const url = options.listenerUrl();
    if (!url) return;
    const registered = await deps.terminals.list(deps.db, {});
    for (const terminal of registered) {
      if (devices.has(terminal.id)) continue;
      const own = await credentialsFor(terminal.id);
      const tls = { certificatePem: own.certificatePem, privateKeyPem: own.privateKeyPem, caPem: deps.ca.certificatePem() };
      devices.set(terminal.id, startTerminalSimulator({ url, terminalId: terminal.id, vendor: terminal.vendor, tls }));
      logger.info(`Simulated terminal ${terminal.id} (${terminal.vendor}) started`);
    }
    const ids = new Set(registered.map((t) => t.id));
    for (const [id, device] of devices) {
      if (ids.has(id)) continue;
      devices.delete(id);
      await device.close();
    }
  }

  const tick = () => {
    following = following.then(follow).catch((error: unknown) => logger.warn(`Simulated terminals did not follow the registry: ${String(error)}`));
  };

  return {
    async start() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      tick();
      await following;
      timer = setInterval(tick, pollMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await following;
      await Promise.all([...devices.values()].map((device) => device.close()));
      devices.clear();
    },
  };
}
