import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { healthV1 } from '@tillwire/contracts/grpc';

const { HealthCheckResponse_ServingStatus: Serving } = healthV1;
type Serving = healthV1.HealthCheckResponse_ServingStatus;
type Watcher = ServerWritableStream<healthV1.HealthCheckRequest, healthV1.HealthCheckResponse>;

/**
 * The standard `grpc.health.v1.Health` service of one server: the overall status (service "") and
 * one per service the server hosts, e.g. "loyalty.v1.LoyaltyService".
 */
export class HealthService {
  private readonly statuses = new Map<string, Serving>();
  private readonly watchers = new Set<{ service: string; call: Watcher }>();

  constructor(services: readonly string[]) {
    for (const service of ['', ...services]) this.statuses.set(service, Serving.NOT_SERVING);
  }

  set(serving: boolean): void {
    const next = serving ? Serving.SERVING : Serving.NOT_SERVING;
    for (const service of this.statuses.keys()) this.statuses.set(service, next);
    for (const { service, call } of this.watchers) call.write({ status: this.statusOf(service) });
  }

  /** Ends every Watch stream, so a graceful shutdown does not wait for them. */
  close(): void {
    for (const { call } of this.watchers) call.end();
    this.watchers.clear();
  }

  readonly implementation: healthV1.HealthServer = {
    check: (call, callback) => {
      const known = this.statuses.get(call.request.service);
      if (known === undefined) callback({ code: status.NOT_FOUND, details: `Unknown service ${call.request.service}` });
      else callback(null, { status: known });
    },
    watch: (call) => {
      const watcher = { service: call.request.service, call };
      this.watchers.add(watcher);
      call.on('cancelled', () => this.watchers.delete(watcher));
      call.write({ status: this.statusOf(watcher.service) });
    },
    list: (_call, callback) => {
      callback(null, { statuses: Object.fromEntries([...this.statuses].map(([service, serving]) => [service, { status: serving }])) });
    },
  };

  private statusOf(service: string): Serving {
    return this.statuses.get(service) ?? Serving.SERVICE_UNKNOWN;
  }
}
