'use client';

import { useState, type ReactNode } from 'react';
import { Button } from './button';

/**
 * Paging through a newest-first list by the cursor each page hands on: `cursor` is the one to read
 * with (undefined: the newest page), and `pager(next)` the Newest / Older buttons under the list.
 */
export function useOlderPages(): { cursor: string | undefined; pager: (next: string | null | undefined) => ReactNode; reset: () => void } {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    reset: () => setCursors([]),
    pager: (next) => (
      <div className="mt-4 flex gap-3">
        <Button disabled={cursors.length === 0} onClick={() => setCursors([])}>
          Newest
        </Button>
        <Button disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
          Older
        </Button>
      </div>
    ),
  };
}
