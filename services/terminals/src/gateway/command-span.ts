import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { TerminalCommand, TerminalReply, Vendor } from '../adapters/vendor-adapter';
import type { CommandFailure } from '../db/commands.repository';

const tracer = trace.getTracer('tillwire.terminals');

/** How a command written to a terminal ended: its answer (null when none is expected), or why none came. */
export type CommandEnd = { readonly reply: TerminalReply | null } | { readonly failure: CommandFailure };

/**
 * A CLIENT span per command written to a terminal, named `<vendor> <command>`, open until the
 * terminal answers it or it ends without an answer. It is opened inside a trace only (`parent`, else
 * the active span), as SQL spans are: a session's own login and the queries after a reconnection
 * belong to no checkout.
 */
export function startCommandSpan(vendor: Vendor, terminalId: string, command: TerminalCommand, parent?: Span): Span | undefined {
  const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
  if (!trace.getSpanContext(parentContext)) return undefined;
  const attributes: Attributes = {
    // The RPC conventions' names for a vendor protocol spoken over the terminal's session.
    'rpc.system': vendor,
    'rpc.method': command.kind,
    'tillwire.terminal.id': terminalId,
    'tillwire.terminal.vendor': vendor,
    'tillwire.terminal.command.kind': command.kind,
    'tillwire.terminal.command.service_id': command.serviceId,
    ...(command.kind === 'pay' ? { 'tillwire.transaction.id': command.transactionId } : {}),
  };
  return tracer.startSpan(`${vendor} ${command.kind}`, { kind: SpanKind.CLIENT, attributes }, parentContext);
}

/**
 * Ends the span with the command's outcome (`approved`, `declined`, `printed`, `timeout` …). No
 * answer, or a refusal of the request itself, is an error; a declined card is an answer.
 */
export function endCommandSpan(span: Span | undefined, end: CommandEnd): void {
  // Ended already (a write that threw ends it at once): the first end stands.
  if (!span?.isRecording()) return;
  if ('failure' in end) {
    span.setAttributes({ 'tillwire.terminal.command.outcome': end.failure, 'error.type': end.failure });
    span.setStatus({ code: SpanStatusCode.ERROR, message: `no answer: ${end.failure}` });
  } else {
    const outcome = outcomeOf(end.reply);
    span.setAttribute('tillwire.terminal.command.outcome', outcome);
    if (outcome === 'refused') span.setStatus({ code: SpanStatusCode.ERROR, message: 'the terminal refused the request' });
  }
  span.end();
}

/** Runs `work` (what follows the answer: settling the command) inside the command's span, when it has one. */
export function inCommandSpan<T>(span: Span | undefined, work: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}

function outcomeOf(reply: TerminalReply | null): string {
  if (!reply) return 'sent';
  switch (reply.kind) {
    case 'login':
      return reply.ok ? 'ok' : 'refused';
    case 'status':
      return reply.state;
    case 'totals':
      return 'answered';
    default:
      return reply.outcome;
  }
}
