import { terminals } from '@tillwire/contracts';
import { validatedAction, type ServiceDependencies } from '@tillwire/platform';
import type { Context, ServiceSchema } from 'moleculer';
import { z } from 'zod';
import { simulatorTerminal } from './adapters/simulator.adapter';
import { departmentDirectory } from './clients/departments.client';
import { locationDirectory } from './clients/locations.client';
import { openTransactions } from './clients/transactions.client';
import { terminalsRepository } from './db/terminals.repository';
import { countTerminals } from './use-cases/count-terminals';
import { createTerminal } from './use-cases/create-terminal';
import { getTerminal } from './use-cases/get-terminal';
import { listTerminals } from './use-cases/list-terminals';
import { payOnTerminal } from './use-cases/pay-on-terminal';
import { refundPayment } from './use-cases/refund-payment';
import { removeTerminal } from './use-cases/remove-terminal';
import { reversePayment } from './use-cases/reverse-payment';
import type { TerminalsDeps, TerminalsPeers } from './use-cases/terminals.deps';
import { updateTerminal } from './use-cases/update-terminal';

/** The contract has no schema for `terminals.list`; an optional department filter is all it takes. */
const listParams = z.object({ departmentCode: terminals.terminal.shape.departmentCode.optional() });

/** A change to a terminal, broadcast once it is done so caches of it (pricing's) drop it. */
async function announced<T extends { id: string }>(ctx: Context, change: Promise<T>): Promise<T> {
  const terminal = await change;
  await ctx.broadcast(terminals.TerminalsEvents.changed, { id: terminal.id });
  return terminal;
}

const peers = (ctx: Context): TerminalsPeers => ({
  departments: departmentDirectory(ctx),
  locations: locationDirectory(ctx),
  openTransactions: openTransactions(ctx),
});

/** Terminal registry and card payments. Actions validate, call one use case; errors map in terminals.errors.ts. */
export function createTerminalsService({ db }: ServiceDependencies): ServiceSchema {
  const deps: TerminalsDeps = {
    db: db.sql,
    terminals: terminalsRepository,
    // Every vendor is served by the built-in simulator until the terminal gateway adds vendor adapters.
    cardTerminal: simulatorTerminal(),
  };
  return {
    name: 'terminals',
    actions: {
      list: validatedAction({ params: listParams, handler: (p) => listTerminals(deps, p) }),
      get: validatedAction({ params: terminals.getTerminalParams, handler: (p) => getTerminal(deps, p) }),
      create: validatedAction({
        params: terminals.createTerminalParams,
        handler: (p, ctx) => createTerminal(deps, peers(ctx), p),
      }),
      update: validatedAction({
        params: terminals.updateTerminalParams,
        handler: (p, ctx) => announced(ctx, updateTerminal(deps, peers(ctx), p)),
      }),
      remove: validatedAction({
        params: terminals.removeTerminalParams,
        handler: (p, ctx) => announced(ctx, removeTerminal(deps, peers(ctx), p)),
      }),
      count: validatedAction({ params: terminals.countTerminalsParams, handler: (p) => countTerminals(deps, p) }),
      pay: validatedAction({ params: terminals.payParams, handler: (p) => payOnTerminal(deps, p) }),
      reverse: validatedAction({ params: terminals.reverseParams, handler: (p) => reversePayment(deps, p) }),
      refund: validatedAction({ params: terminals.terminalRefundParams, handler: (p) => refundPayment(deps, p) }),
    },
  };
}
