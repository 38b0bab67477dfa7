import { metrics, type Meter } from '@opentelemetry/api';

/**
 * Instruments made once per meter provider, by `create` on a meter of `scope`. The metrics API has no
 * proxy meter: instruments made before the process registered its provider would count nothing, so
 * they are made again (and an observable's callback added again) once the provider changes.
 */
export function instrumentsOf<T>(scope: string, create: (meter: Meter) => T): () => T {
  let made: { provider: unknown; instruments: T } | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (made?.provider !== provider) made = { provider, instruments: create(provider.getMeter(scope)) };
    return made.instruments;
  };
}
