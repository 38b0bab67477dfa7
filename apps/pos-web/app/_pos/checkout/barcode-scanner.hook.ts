'use client';
import { useEffect, useRef } from 'react';

/** A wedge scanner types faster than any person: keys closer than this belong to one scan. */
const SCAN_GAP_MS = 50;
const MIN_SCAN_LENGTH = 4;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Hears a keyboard-wedge scanner wherever focus is but in a text field (the search box handles
 * its own Enter): a burst of fast characters ending in Enter is a scan, and its Enter does not
 * also press the focused button.
 */
export function useBarcodeScanner(onScan: (code: string) => void, enabled: boolean) {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  }, [onScan]);

  useEffect(() => {
    if (!enabled) return;
    let buffer = '';
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      const now = event.timeStamp;
      const fast = now - last < SCAN_GAP_MS;
      last = now;
      if (event.key === 'Enter') {
        if (fast && buffer.length >= MIN_SCAN_LENGTH) {
          event.preventDefault();
          event.stopPropagation();
          handler.current(buffer);
        }
        buffer = '';
        return;
      }
      if (event.key.length !== 1) return;
      buffer = fast ? buffer + event.key : event.key;
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [enabled]);
}
