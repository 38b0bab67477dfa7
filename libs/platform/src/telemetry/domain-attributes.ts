/** Span attributes a checkout is searched by, wherever it passes: broker hops, channel messages, terminal commands. */
export const DomainAttribute = {
  transactionId: 'tillwire.transaction.id',
  terminalId: 'tillwire.terminal.id',
  departmentCode: 'tillwire.department.code',
} as const;

/**
 * The transaction, terminal and department a payload names. A transactions action's `id` is its
 * transaction; elsewhere only `transactionId` is.
 */
export function domainAttributes(payload: unknown, service?: string): Record<string, string> {
  if (payload === null || typeof payload !== 'object') return {};
  const p = payload as Record<string, unknown>;
  const transactionId = p.transactionId ?? (service === 'transactions' ? p.id : undefined);
  const attributes: Record<string, string> = {};
  if (typeof transactionId === 'string') attributes[DomainAttribute.transactionId] = transactionId;
  if (typeof p.terminalId === 'string') attributes[DomainAttribute.terminalId] = p.terminalId;
  if (typeof p.departmentCode === 'string') attributes[DomainAttribute.departmentCode] = p.departmentCode;
  return attributes;
}
