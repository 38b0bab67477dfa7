import { transactionId, type TransactionId } from './nexo.messages';

/**
 * A payment's reference, opaque outside this adapter, is the terminal's POITransactionID written
 * `<TransactionID>|<TimeStamp>`: all a ReversalRequest or a refund needs to name the payment again.
 * A TimeStamp never holds a `|`, so the last one splits the two, whatever the TransactionID holds.
 */
export const encodeReference = (id: TransactionId): string => `${id.TransactionID}|${id.TimeStamp}`;

export function decodeReference(reference: string): TransactionId | undefined {
  const split = reference.lastIndexOf('|');
  if (split < 1) return undefined;
  const parsed = transactionId.safeParse({ TransactionID: reference.slice(0, split), TimeStamp: reference.slice(split + 1) });
  return parsed.success ? parsed.data : undefined;
}
