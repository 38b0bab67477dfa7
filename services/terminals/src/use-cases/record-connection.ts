import type { TerminalsDeps } from './terminals.deps';

/** A terminal's first session opened (online) or its last one closed (offline); it was seen now. */
export async function recordConnection(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  terminalId: string,
  status: 'online' | 'offline',
): Promise<void> {
  await deps.terminals.markConnection(deps.db, terminalId, status);
}
