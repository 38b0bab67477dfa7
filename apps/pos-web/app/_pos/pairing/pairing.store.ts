import { terminals } from '@tillwire/contracts';
import type { z } from 'zod';

const PAIRING_KEY = 'tillwire.pos.terminal';

/** What this screen remembers of the terminal it is bound to. */
export const pairedTerminal = terminals.terminal.pick({ id: true, name: true, departmentCode: true });
export type PairedTerminal = z.infer<typeof pairedTerminal>;

export function loadPairing(): PairedTerminal | null {
  const text = window.localStorage.getItem(PAIRING_KEY);
  if (!text) return null;
  const parsed = pairedTerminal.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export function savePairing(terminal: PairedTerminal | null): void {
  if (terminal) window.localStorage.setItem(PAIRING_KEY, JSON.stringify(pairedTerminal.parse(terminal)));
  else window.localStorage.removeItem(PAIRING_KEY);
}
