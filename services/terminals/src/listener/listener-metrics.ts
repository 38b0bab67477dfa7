import { terminals } from '@tillwire/contracts';
import { instrumentsOf } from '@tillwire/platform/telemetry';
import type { ListenerRejection } from '../domain/listener-rejection';
import type { ListenerCounters } from './listener-stats';

const REASON = 'tillwire.terminal.rejection.reason';

/** The listeners running in this process, whose online terminals the gauge sums (one, outside tests). */
const running = new Set<ListenerCounters>();

const instruments = instrumentsOf('tillwire.terminals', (meter) => {
  meter
    .createObservableGauge('tillwire.terminal.listener.online_terminals', {
      description: "Terminals with at least one open session on this node's mTLS listener",
      unit: '{terminal}',
    })
    .addCallback((result) => result.observe([...running].reduce((sum, listener) => sum + listener.onlineTerminals, 0)));
  const rejections = meter.createCounter('tillwire.terminal.listener.rejections', {
    description: 'Connections the mTLS listener refused, by reason',
    unit: '{connection}',
  });
  // Every reason shows from 0, so its first refusal is a rise.
  for (const reason of terminals.listenerRejection.options) rejections.add(0, { [REASON]: reason });
  return { rejections };
});

/** Reports a started listener's online terminals as `tillwire.terminal.listener.online_terminals` until the returned function is called. */
export function observeListener(counters: ListenerCounters): () => void {
  running.add(counters);
  instruments();
  return () => void running.delete(counters);
}

/** A connection the listener refused. */
export function countRejection(reason: ListenerRejection): void {
  instruments().rejections.add(1, { [REASON]: reason });
}
