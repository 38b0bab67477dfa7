import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { serviceId as newServiceId } from '@tillwire/platform';
import { terminalsErrors } from '../terminals.errors';
import { sendAndSettle } from './send-command';
import type { TerminalsDeps } from './terminals.deps';

/** What the terminal itself says it took since its last reconciliation (nexo GetTotals). */
export async function terminalTotals(
  deps: TerminalsDeps,
  request: z.output<typeof terminals.totalsParams>,
): Promise<z.infer<typeof terminals.totalsResult>> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const command = { kind: 'totals', serviceId: newServiceId(), groupBy: request.groupBy } as const;
  const answer = await sendAndSettle(deps, terminal.id, command, 2 * deps.timeouts.commandMs);
  if (answer.state === 'failed' || answer.reply?.kind !== 'totals') {
    throw terminalsErrors.unavailable(terminal.id, `its totals were not answered (${answer.failure ?? answer.reply?.kind ?? 'no reply'})`);
  }
  return { terminalId: terminal.id, groups: [...answer.reply.groups] };
}
