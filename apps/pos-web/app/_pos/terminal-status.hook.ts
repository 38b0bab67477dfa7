'use client';
import { ApiError, terminals, type StreamMessage, type WebClient } from '@tillwire/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';

export type TerminalStatus = terminals.Terminal['status'] | 'unknown';
export type TerminalEventListener = (event: terminals.TerminalEvent) => void;

export interface TerminalFeed {
  status: TerminalStatus;
  /** Whether the event stream is open: while it is not, the status may be stale. */
  live: boolean;
  /** The id of the last event seen: events after it are new. */
  lastEventId(): string | undefined;
  /** Returns the unsubscribe. */
  subscribe(listener: TerminalEventListener): () => void;
}

const RECORD_POLL_MS = 10_000;
const RECONNECT_FIRST_MS = 1_000;
const RECONNECT_MAX_MS = 10_000;

/** Status by lifecycle event: the record is read again after every event for `busy`, which has none. */
const STATUS_OF_EVENT: Partial<Record<terminals.TerminalEventType, TerminalStatus>> = {
  connected: 'online',
  disconnected: 'offline',
  error: 'error',
};

/**
 * The bound terminal's live status for the screen's header: its record (online, offline, busy,
 * error), refreshed on every lifecycle event of its event stream and every few seconds, and the
 * events themselves for whoever follows a payment. Reconnects the stream with backoff, resuming
 * after the last event seen.
 */
export function useTerminalFeed(client: WebClient, terminalId: string, signedIn: boolean): TerminalFeed {
  const [status, setStatus] = useState<TerminalStatus>('unknown');
  const [live, setLive] = useState(false);
  const lastId = useRef<string | undefined>(undefined);
  const listeners = useRef(new Set<TerminalEventListener>());

  const readRecord = useCallback(async () => {
    try {
      const record = await client.get(`/pos/terminals/${encodeURIComponent(terminalId)}`, terminals.terminal);
      setStatus(record.status);
    } catch {
      setStatus('unknown');
    }
  }, [client, terminalId]);

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    const onMessage = (message: StreamMessage) => {
      const event = terminals.terminalEvent.safeParse(message.data);
      if (!event.success) return;
      lastId.current = event.data.id;
      const known = STATUS_OF_EVENT[event.data.type];
      if (known) setStatus(known);
      for (const listener of listeners.current) listener(event.data);
      void readRecord();
    };
    const follow = async () => {
      let wait = RECONNECT_FIRST_MS;
      while (!controller.signal.aborted) {
        try {
          setLive(true);
          await client.stream(`/pos/terminals/${encodeURIComponent(terminalId)}/events`, onMessage, controller.signal, {
            ...(lastId.current ? { lastEventId: lastId.current } : {}),
          });
          wait = RECONNECT_FIRST_MS;
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return;
        } finally {
          setLive(false);
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, RECONNECT_MAX_MS);
      }
    };
    void readRecord();
    void follow();
    const poll = setInterval(() => void readRecord(), RECORD_POLL_MS);
    return () => {
      controller.abort();
      clearInterval(poll);
    };
  }, [client, terminalId, signedIn, readRecord]);

  const subscribe = useCallback((listener: TerminalEventListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const lastEventId = useCallback(() => lastId.current, []);
  return { status: signedIn ? status : 'unknown', live, lastEventId, subscribe };
}
