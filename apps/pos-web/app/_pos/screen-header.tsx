import type { ReactNode } from 'react';
import type { PairedTerminal } from './pairing/pairing.store';
import type { TerminalStatus } from './terminal-status.hook';

const STATUS_LOOK: Record<TerminalStatus, { label: string; dot: string }> = {
  online: { label: 'Online', dot: 'bg-emerald-400' },
  busy: { label: 'Busy', dot: 'bg-amber-400' },
  offline: { label: 'Offline', dot: 'bg-red-500' },
  error: { label: 'Error', dot: 'bg-red-500' },
  unknown: { label: 'Sign in to see', dot: 'bg-slate-400' },
};

/** The terminal this screen sells on, always in view: name, department and live status. */
export function ScreenHeader({
  terminal,
  status,
  live,
  children,
}: {
  terminal: PairedTerminal | null;
  status: TerminalStatus;
  live: boolean;
  children?: ReactNode;
}) {
  const look = STATUS_LOOK[status];
  return (
    <header className="flex h-16 shrink-0 items-center gap-4 bg-slate-900 px-4 text-white print:hidden">
      <p className="text-lg font-bold whitespace-nowrap">Tillwire POS</p>
      {terminal ? (
        <>
          <p className="flex flex-col leading-tight whitespace-nowrap" data-testid="terminal-identity">
            <span className="text-lg font-semibold">{terminal.name}</span>
            <span className="text-sm text-slate-300">
              Terminal {terminal.id} · Department {terminal.departmentCode}
            </span>
          </p>
          <p role="status" aria-live="polite" className="flex items-center gap-2 rounded-full bg-slate-800 px-3 py-1 text-base whitespace-nowrap">
            <span aria-hidden="true" className={`size-3 rounded-full ${look.dot}`} />
            <span>
              <span className="sr-only">Terminal status: </span>
              <strong>{look.label}</strong>
              {status !== 'unknown' && !live ? <span className="text-slate-300"> (reconnecting)</span> : null}
            </span>
          </p>
        </>
      ) : (
        <p className="rounded-full bg-slate-800 px-3 py-1 text-base">Not paired</p>
      )}
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </header>
  );
}
