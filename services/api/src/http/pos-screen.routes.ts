import { loyalty, terminals, transactions, uuid } from '@tillwire/contracts';
import { z } from 'zod';
import { defineRoute, type Route, type RouteContext } from './route';
import { transactionTerminal } from './transaction-terminals';

const T = transactions.TransactionsActions;

const byTerminal = z.object({ id: terminals.terminalId });
const byTransaction = z.object({ id: uuid });
const byMember = z.object({ id: loyalty.accountId });
// Path parameters are text; the number is checked again by the action's own schema.
const byReceipt = z.object({ receiptNumber: z.string().regex(/^[1-9][0-9]{0,14}$/, 'a receipt number') });

const receiptTransaction = ({ path }: { path: Record<string, string> }, ctx: RouteContext) =>
  ctx.call<transactions.TransactionView>(T.findByReceipt, { receiptNumber: Number(path.receiptNumber) });

/** What the checkout screen needs beyond the checkout itself. */
export const POS_SCREEN_ROUTES: readonly Route[] = [
  defineRoute({
    id: 'getPosTerminal',
    method: 'GET',
    path: '/pos/terminals/:id',
    params: byTerminal,
    summary: 'The terminal a checkout screen is bound to: name, department and status (online, offline, busy while it takes a card, error)',
    tag: 'POS',
    access: 'pos.read',
    terminal: ({ path }) => path.id!,
    response: terminals.terminal,
    status: 200,
    call: ({ path }, ctx) => ctx.call(terminals.TerminalsActions.get, { id: path.id }),
  }),
  defineRoute({
    id: 'findTransactionByReceipt',
    method: 'GET',
    path: '/pos/receipts/:receiptNumber',
    params: byReceipt,
    summary: 'The transaction a receipt number names (to refund it at its terminal); 404 for a number never printed',
    tag: 'POS',
    access: 'pos.read',
    terminal: async (input, ctx) => (await receiptTransaction(input, ctx)).terminalId,
    response: transactions.transactionView,
    status: 200,
    call: (input, ctx) => receiptTransaction(input, ctx),
  }),
  defineRoute({
    id: 'voidTransaction',
    method: 'POST',
    path: '/pos/transactions/:id/void',
    params: byTransaction,
    summary:
      "A supervisor's override: cancel a reserved transaction with a reason, approved by the signed-in supervisor or the one whose access token comes in X-Approval-Token (else 422 override_needs_approval); the reason and approver go to the status history and the audit trail",
    tag: 'POS',
    access: 'pos.sell',
    terminal: transactionTerminal,
    audit: {
      action: 'transaction.void',
      entity: ({ path }) => ({ type: 'transaction', id: path.id! }),
      details: ({ body }, ctx) => ({ override: { reason: body.reason, approvedBy: ctx.approver ?? null } }),
    },
    body: transactions.voidRequest,
    response: transactions.transactionView,
    status: 200,
    call: ({ path, body }, ctx) =>
      ctx.call(T.cancel, { id: path.id, override: { reason: body.reason, ...(ctx.approver ? { approvedBy: ctx.approver } : {}) } }),
  }),
  defineRoute({
    id: 'getLoyaltyMember',
    method: 'GET',
    path: '/pos/loyalty/members/:id',
    params: byMember,
    summary: 'A loyalty member looked up at the till: name, tier, points balance, the value of a point and what the balance can pay',
    tag: 'POS',
    access: 'pos.sell',
    response: loyalty.member,
    status: 200,
    call: ({ path }, ctx) => ctx.call(loyalty.LoyaltyActions.getMember, { id: path.id }),
  }),
];
