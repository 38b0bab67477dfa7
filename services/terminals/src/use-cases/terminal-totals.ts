import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';
import { serviceId as newServiceId } from '@tillwire/platform';
import { terminalsErrors } from '../terminals.errors';
import { sendCommand } from './send-command';
import { settledCommand } from './settled-command';
import type { TerminalsDeps } from './terminals.deps';

/** What the terminal itself says it took since its last reconciliation (nexo GetTotals). */
export async function terminalTotals(
  deps: TerminalsDeps,
  request: z.output<typeof terminals.totalsParams>,
): Promise<z.infer<typeof terminals.totalsResult>> {
  const terminal = await deps.terminals.get(deps.db, request.terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(request.terminalId);
  const asked = await sendCommand(deps, terminal.id, { kind: 'totals', serviceId: newServiceId(), groupBy: request.groupBy });
  const answer = await settledCommand(deps, terminal.id, asked.serviceId, 2 * deps.timeouts.commandMs);
  if (answer.state === 'failed' || answer.reply?.kind !== 'totals') {
    throw terminalsErrors.unavailable(terminal.id, `its totals were not answered (${answer.failure ?? answer.reply?.kind ?? 'no reply'})`);
  }
  return { terminalId: terminal.id, groups: [...answer.reply.groups] };
}
