import { terminalsErrors } from '../terminals.errors';
import type { CommandMessage, TerminalsDeps } from './terminals.deps';

/** Where the command channel hands a command over: to this node's gateway, or to the node holding the session. */
export interface SessionNodes {
  readonly nodeId: string;
  /** Whether this node holds a session of the terminal. */
  holds(terminalId: string): boolean;
  deliverHere(terminalId: string, serviceId: string): Promise<void>;
  deliverOn(nodeId: string, terminalId: string, serviceId: string): Promise<void>;
}

/**
 * The command channel's handler: finds the node holding the terminal's session and has it write
 * the command. A terminal without a session fails the delivery, which the channel retries with
 * backoff and dead-letters after its last attempt.
 */
export async function deliverCommand(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  nodes: SessionNodes,
  { terminalId, serviceId }: CommandMessage,
): Promise<void> {
  if (nodes.holds(terminalId)) return nodes.deliverHere(terminalId, serviceId);
  const node = await deps.terminals.sessionNode(deps.db, terminalId);
  if (!node) throw terminalsErrors.unavailable(terminalId, 'it has no open session');
  if (node === nodes.nodeId) await nodes.deliverHere(terminalId, serviceId);
  else await nodes.deliverOn(node, terminalId, serviceId);
}
