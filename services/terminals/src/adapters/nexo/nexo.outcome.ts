import type { NexoResponse } from './nexo.messages';

/**
 * How a nexo Response (Result, ErrorCondition, AdditionalResponse) says why a request failed, and
 * how Tillwire's simulated terminal says it. A failure is a refusal when the terminal did not take
 * the request up at all (malformed, not allowed, or another one in progress); otherwise the request
 * was decided against (declined). AdditionalResponse is free text, URL-encoded key=value pairs by
 * custom; Tillwire's own reason travels there under the key `reason`.
 */
const REFUSING = new Set(['MessageFormat', 'NotAllowed', 'InProgress']);

/** Snake-cased ErrorConditions make the reasons, except where Tillwire has its own word. */
const REASON_OF_CONDITION = new Map([['Refusal', 'card_declined']]);
const CONDITION_OF_REASON = new Map([
  ['card_declined', 'Refusal'],
  ['aborted', 'Aborted'],
  ['payment_in_progress', 'InProgress'],
]);

type Failure = { readonly refused: boolean; readonly reason: string };

/** Why the request failed; undefined on Success. Partial (an approval of less than asked) is a failure: Tillwire never asks for one. */
export function failureOf(response: NexoResponse): Failure | undefined {
  if (response.Result === 'Success') return undefined;
  if (response.Result === 'Partial') return { refused: false, reason: 'partial_approval' };
  const condition = response.ErrorCondition;
  const reason = ownReason(response.AdditionalResponse) ?? (condition && (REASON_OF_CONDITION.get(condition) ?? snakeCase(condition)));
  return { refused: condition !== undefined && REFUSING.has(condition), reason: reason ?? 'failed' };
}

/** A Failure saying `reason`; its ErrorCondition follows from the reason where nexo has a word for it. */
export function failure(reason: string | undefined, otherwise: string): NexoResponse {
  const condition = (reason === undefined ? undefined : CONDITION_OF_REASON.get(reason)) ?? otherwise;
  return reason
    ? { Result: 'Failure', ErrorCondition: condition, AdditionalResponse: new URLSearchParams({ reason }).toString() }
    : { Result: 'Failure', ErrorCondition: condition };
}

function ownReason(additionalResponse: string | undefined): string | undefined {
  const reason = new URLSearchParams(additionalResponse ?? '').get('reason');
  return reason !== null && /^[a-z][a-z0-9_]*$/.test(reason) ? reason : undefined;
}

/** `WrongPIN` → `wrong_pin`, `UnavailableDevice` → `unavailable_device`. */
const snakeCase = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
