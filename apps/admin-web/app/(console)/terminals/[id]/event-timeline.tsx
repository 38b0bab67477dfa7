'use client';

import { terminals, type StreamMessage } from '@tillwire/contracts';
import { useEffect, useState } from 'react';
import { useConsole, useFormat } from '../../../_console/console-context';
import { Section } from '../../../_ui/page';
import { Status } from '../../../_ui/status-badge';

type TerminalEvent = terminals.TerminalEvent;

const KEPT = 100;
const RECONNECT_MS = 3_000;

/**
 * The terminal's lifecycle events, newest first: its last ones, then live ones as they happen. A
 * stream that breaks is opened again after the last event seen, so none is missed or shown twice.
 */
export function EventTimeline({ terminalId }: { terminalId: string }) {
  const { client } = useConsole();
  const { dateTime } = useFormat();
  const [events, setEvents] = useState<TerminalEvent[]>([]);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const stop = new AbortController();
    let lastEventId: string | undefined;
    const onEvent = (message: StreamMessage) => {
      const parsed = terminals.terminalEvent.safeParse(message.data);
      if (!parsed.success) return;
      lastEventId = parsed.data.id;
      setEvents((current) => (current.some((e) => e.id === parsed.data.id) ? current : [parsed.data, ...current].slice(0, KEPT)));
    };
    (async () => {
      while (!stop.signal.aborted) {
        setLive(true);
        await client
          .stream(`/pos/terminals/${encodeURIComponent(terminalId)}/events`, onEvent, stop.signal, lastEventId ? { lastEventId } : {})
          .catch(() => undefined);
        setLive(false);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    })();
    return () => stop.abort();
  }, [client, terminalId]);

  return (
    <Section title="Event timeline" actions={<span role="status" className="text-base text-slate-700">{live ? 'Live' : 'Reconnecting…'}</span>}>
      {events.length === 0 ? (
        <p className="text-base text-slate-600">No events yet: they appear here as the terminal connects, prints and reports.</p>
      ) : (
        <ol aria-label={`Events of terminal ${terminalId}, newest first`} className="divide-y divide-slate-200">
          {events.map((event) => (
            <li key={event.id} className="flex flex-wrap items-start gap-4 py-3">
              <span className="w-48 shrink-0 text-base text-slate-700">{dateTime(event.occurredAt)}</span>
              <Status value={event.type} />
              {Object.keys(event.payload).length > 0 && (
                <code className="min-w-0 flex-1 break-all font-mono text-sm text-slate-700">{JSON.stringify(event.payload)}</code>
              )}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
