import type { LoggerInstance } from 'moleculer';
import type { Result } from './domain/inventory-failure';
import type { SweptBatch } from './use-cases/sweep-expired-reservations';

export interface ExpirySweeperOptions {
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly sweep: (batchSize: number) => Promise<Result<SweptBatch>>;
  /** Called once per swept batch that expired anything. */
  readonly onExpired: (transactionIds: string[]) => Promise<void>;
  readonly logger: Pick<LoggerInstance, 'warn' | 'error'>;
}

export interface ExpirySweeper {
  /** Runs a sweep now (or joins the one running) until no full batch is left. */
  sweepNow(): Promise<void>;
  /** Stops the timer and waits for a running sweep to finish. */
  stop(): Promise<void>;
}

/** Releases expired reservations every interval; one sweep at a time per node, batches until drained. */
export function startExpirySweeper(options: ExpirySweeperOptions): ExpirySweeper {
  let stopping = false;
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (!stopping) {
      const batch = await options.sweep(options.batchSize);
      if (!batch.ok) {
        options.logger.warn('Reservation sweep deferred to the next interval', batch.failure);
        return;
      }
      if (batch.value.transactionIds.length > 0) await options.onExpired(batch.value.transactionIds);
      if (batch.value.expired < options.batchSize) return;
    }
  }

  function sweepNow(): Promise<void> {
    running ??= drain()
      .catch((error: unknown) => options.logger.error('Reservation sweep failed', error))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void sweepNow(), options.intervalMs);
  timer.unref();
  return {
    sweepNow,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
    },
  };
}
