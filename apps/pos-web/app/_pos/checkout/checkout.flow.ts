'use client';
import { ApiError, transactions, type WebClient } from '@tillwire/contracts';
import { useCallback, useMemo, useRef, useState } from 'react';
import { describeError } from '../error-messages';
import { IdempotentActions, isRetryable } from '../idempotent-actions';
import type { TerminalFeed } from '../terminal-status.hook';
import { reserveRequest, type Cart } from './cart.state';

export type Stage = 'reserving' | 'waiting_for_card' | 'completing' | 'declined' | 'printing' | 'done';
export type Payment = transactions.CompleteTransactionRequest['payments'][number];
type View = transactions.TransactionView;

/** What went wrong, and what the operator can do about it. */
export interface Problem {
  message: string;
  code: string | undefined;
  /** The same request may still succeed: retrying sends it again under the same Idempotency-Key. */
  retryable: boolean;
  /** The reservation is gone (expired, failed): a new one keeps the sale going. */
  reReserve: boolean;
}

export interface CheckoutFlow {
  phase: 'selling' | 'paying' | 'receipt';
  transaction: View | null;
  stage: Stage | null;
  problem: Problem | null;
  busy: boolean;
  /** Reserves the cart (with a supervisor's approval token for a large discount); the problem, or null once reserved. */
  reserve(cart: Cart, approvalToken?: string): Promise<Problem | null>;
  pay(cart: Cart, payments: Payment[]): Promise<void>;
  /** Releases the reservation and goes back to the cart, which stays as it was. */
  backToCart(): Promise<void>;
  /** A supervisor's override: the reserved sale is voided with a reason; the problem, or null once voided. */
  voidSale(reason: string, approvalToken?: string): Promise<Problem | null>;
  /** Ends the sale (its trace too): the next reservation starts another. */
  newSale(): void;
  /** Sends the last request again, under its Idempotency-Key when the API has not answered it finally. */
  retry(): void;
}

/** How long the screen waits for the terminal to report the card receipt printed. */
const PRINT_WAIT_MS = 10_000;
const LIVE: readonly string[] = ['reserved'];

/**
 * The checkout's life at the till: reserve, pay (card progress from the terminal's event stream),
 * receipt; declines, expiry and lost answers handled so a retry never sells twice.
 */
export function useCheckoutFlow(client: WebClient, terminalId: string, feed: TerminalFeed): CheckoutFlow {
  const actions = useMemo(() => new IdempotentActions(), []);
  const [phase, setPhase] = useState<CheckoutFlow['phase']>('selling');
  const [transaction, setTransaction] = useState<View | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const stopPrintWait = useRef<() => void>(() => undefined);
  const lastAction = useRef<() => unknown>(() => undefined);
  const inFlight = useRef(false);
  // One trace per sale, from its first reservation to its end: the API continues it on each request.
  const trace = useRef<string | null>(null);
  const saleTrace = useCallback(() => (trace.current ??= newTraceId()), []);

  const fail = useCallback((error: unknown): Problem => {
    const code = error instanceof ApiError ? error.code : undefined;
    const gone = code === 'reservation_expired' || (code === 'invalid_state' && !LIVE.includes(String(detailsOf(error).status)));
    const found = { message: describeError(error), code, retryable: isRetryable(error), reReserve: gone };
    setProblem(found);
    return found;
  }, []);

  const reserveView = useCallback(
    async (cart: Cart, approvalToken?: string): Promise<View | Problem> => {
      lastAction.current = () => reserveView(cart, approvalToken);
      const body = reserveRequest(terminalId, cart);
      setBusy(true);
      setProblem(null);
      setStage('reserving');
      try {
        const view = await actions.run('reserve', body, (idempotencyKey) =>
          client.post('/pos/transactions', body, {
            idempotencyKey,
            traceId: saleTrace(),
            schema: transactions.transactionView,
            ...(approvalToken ? { approvalToken } : {}),
          }),
        );
        setTransaction(view);
        setPhase('paying');
        setStage(null);
        return view;
      } catch (error) {
        setStage(null);
        return fail(error);
      } finally {
        setBusy(false);
      }
    },
    [actions, client, fail, saleTrace, terminalId],
  );
  const reserve = useCallback(
    (cart: Cart, approvalToken?: string) =>
      exclusive(inFlight, null, async () => {
        const reserved = await reserveView(cart, approvalToken);
        return 'id' in reserved ? null : reserved;
      }),
    [reserveView],
  );

  /** After a card sale the terminal prints the receipt: done once it says so, or after a while. */
  const awaitPrint = useCallback(
    (after: string | undefined) => {
      setStage('printing');
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        setStage('done');
      };
      const timer = setTimeout(finish, PRINT_WAIT_MS);
      const unsubscribe = feed.subscribe((event) => {
        if (event.type === 'printed' && (after === undefined || BigInt(event.id) > BigInt(after))) finish();
      });
      stopPrintWait.current = () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
    [feed],
  );

  const pay = useCallback(
    (cart: Cart, payments: Payment[]): Promise<void> =>
      exclusive(inFlight, undefined, async () => {
        // A declined card failed the last reservation: the same cart is reserved again first.
        const current = transaction?.status === 'reserved' ? transaction : await reserveView(cart);
        if (!('id' in current)) return;
        lastAction.current = () => pay(cart, payments);
        const id = current.id;
        const card = payments.some((p) => p.method === 'card');
        const body = { payments };
        const eventsBefore = feed.lastEventId();
        setBusy(true);
        setProblem(null);
        setStage(card ? 'waiting_for_card' : 'completing');
        try {
          const view = await actions.run(`complete:${id}`, body, (idempotencyKey) =>
            client.post(`/pos/transactions/${id}/complete`, body, { idempotencyKey, traceId: saleTrace(), schema: transactions.transactionView }),
          );
          setTransaction(view);
          setPhase('receipt');
          if (card) awaitPrint(eventsBefore);
          else setStage('done');
        } catch (error) {
          const declined = error instanceof ApiError && error.code === 'payment_declined';
          setStage(declined ? 'declined' : null);
          const { reReserve } = fail(error);
          // The reservation is gone: the next payment reserves the same cart again first.
          if (declined || reReserve) setTransaction((t) => (t ? { ...t, status: declined ? 'failed' : closedStatus(error) } : t));
        } finally {
          setBusy(false);
        }
      }),
    [actions, awaitPrint, client, fail, feed, reserveView, saleTrace, transaction],
  );

  const backToCart = useCallback(
    (): Promise<void> =>
      exclusive(inFlight, undefined, async () => {
        lastAction.current = backToCart;
        setProblem(null);
        if (transaction?.status === 'reserved') {
          const { id } = transaction;
          setBusy(true);
          try {
            await actions.run(`cancel:${id}`, {}, (idempotencyKey) =>
              client.post(`/pos/transactions/${id}/cancel`, {}, { idempotencyKey, traceId: saleTrace(), schema: transactions.transactionView }),
            );
          } catch (error) {
            // Already closed (expired, failed): nothing is held any more, so the cart is free again.
            if (!(error instanceof ApiError && error.code === 'invalid_state')) {
              fail(error);
              return;
            }
          } finally {
            setBusy(false);
          }
        }
        setTransaction(null);
        setStage(null);
        setPhase('selling');
      }),
    [actions, client, fail, saleTrace, transaction],
  );

  const voidSale = useCallback(
    (reason: string, approvalToken?: string): Promise<Problem | null> =>
      exclusive(inFlight, null, async () => {
        if (!transaction) return null;
        lastAction.current = () => voidSale(reason, approvalToken);
        const { id } = transaction;
        const body = { reason };
        setBusy(true);
        setProblem(null);
        try {
          await actions.run(`void:${id}`, body, (idempotencyKey) =>
            client.post(`/pos/transactions/${id}/void`, body, {
              idempotencyKey,
              traceId: saleTrace(),
              schema: transactions.transactionView,
              ...(approvalToken ? { approvalToken } : {}),
            }),
          );
          trace.current = null;
          setTransaction(null);
          setStage(null);
          setPhase('selling');
          return null;
        } catch (error) {
          return fail(error);
        } finally {
          setBusy(false);
        }
      }),
    [actions, client, fail, saleTrace, transaction],
  );

  const newSale = useCallback(() => {
    stopPrintWait.current();
    trace.current = null;
    setTransaction(null);
    setStage(null);
    setProblem(null);
    setPhase('selling');
  }, []);

  const retry = useCallback(() => void lastAction.current(), []);
  return { phase, transaction, stage, problem, busy, reserve, pay, backToCart, voidSale, newSale, retry };
}

/** A W3C trace id: a random UUID's 32 hex digits. */
function newTraceId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** One request of the screen's at a time: a second tap while one runs does nothing. */
async function exclusive<T>(inFlight: { current: boolean }, idle: T, work: () => Promise<T>): Promise<T> {
  if (inFlight.current) return idle;
  inFlight.current = true;
  try {
    return await work();
  } finally {
    inFlight.current = false;
  }
}

function closedStatus(error: unknown): View['status'] {
  const parsed = transactions.transactionStatus.safeParse(detailsOf(error).status);
  return parsed.success ? parsed.data : 'expired';
}

function detailsOf(error: unknown): Record<string, unknown> {
  return error instanceof ApiError && typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
}
