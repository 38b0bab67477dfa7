import type { Context } from 'moleculer';
import type { SqlExecutor } from '../db/sql-executor';
import { DomainError } from '../errors/domain-error';
import { knowDeadLetterChannel } from './dead-letter.metrics';
import { DeadLetterRepository, type NewDeadLetter } from './dead-letter.repository';
import { retryDelayMs } from './retry-delay';

/** `config.channels`, optionally with the source of jitter pinned (tests). */
export interface ChannelRetry {
  /** Deliveries in all, the first included, before the message becomes a dead letter. */
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Uniform in [0, 1); Math.random unless given. */
  readonly random?: () => number;
}

/** Where a durable channel puts a message whose every delivery failed. */
export interface DeadLetterSink {
  record(letter: NewDeadLetter): Promise<void>;
}

/** Dead letters go to `platform.dead_letters`. */
export function deadLetterSink(db: SqlExecutor, repository = new DeadLetterRepository()): DeadLetterSink {
  return {
    async record(letter) {
      await repository.insert(db, letter);
    },
  };
}

export interface DurableChannelOptions<Params> {
  /** The channel as senders name it; a replay of its dead letters sends there. */
  channel: string;
  /** Consumer group; the service's name unless given. */
  group?: string;
  /** Throws to have the message delivered again; it is called without `this`. */
  handler(ctx: Context<Params>): Promise<void>;
  deadLetters: DeadLetterSink;
  retry: ChannelRetry;
  /**
   * Messages handled at once (per node in-process; unacknowledged across the group under
   * JetStream). A message waiting out its retry delay holds its place, so a channel whose
   * messages may fail for a while (an absent terminal) needs room beside them.
   */
  maxInFlight?: number;
}

/** A channel definition for a service schema's `channels`. */
export interface DurableChannelDefinition {
  group?: string;
  context: true;
  maxRetries: number;
  maxInFlight?: number;
  handler(ctx: Context<unknown>, raw: unknown): Promise<void>;
}

/** The part of a nats.js JsMsg the wrapper uses. */
interface JetStreamDelivery {
  readonly info: { readonly redeliveryCount: number; readonly timestampNanos: number };
  readonly headers?: Iterable<[string, string[]]>;
  nak(delayMs?: number): void;
}

/** What the in-process (Fake) adapter hands a handler as the raw message. */
interface InProcessDelivery {
  readonly headers?: Record<string, unknown>;
}

const MAX_REASON_LENGTH = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A channel whose failed deliveries are retried with exponential backoff and full jitter, and whose
 * message, after `retry.maxRetries` failed deliveries, is recorded in `deadLetters` and acknowledged.
 * Under JetStream a retry is a NAK with the delay (JetStream counts the deliveries, so any node of the
 * group may take the next one); under the in-process adapter, which never redelivers, the handler is
 * run again here after the delay. When recording fails the message is not acknowledged: the JetStream
 * adapter then moves it to its own dead-letter stream (the same count is its limit), and the
 * in-process adapter logs the failure. Nothing is dropped without a trace.
 */
export function durableChannel<Params>(options: DurableChannelOptions<Params>): DurableChannelDefinition {
  const { channel, deadLetters, retry } = options;
  knowDeadLetterChannel(channel);
  const delayAfter = (attempt: number) =>
    retryDelayMs(attempt, { baseMs: retry.retryBaseMs, maxMs: retry.retryMaxMs }, retry.random);

  async function bury(ctx: Context<Params>, error: unknown, attempts: number, firstFailedAt: Date, headers: Record<string, string>) {
    const reason = failureReason(error);
    try {
      await deadLetters.record({ channel, payload: ctx.params, headers, reason, attempts, firstFailedAt });
    } catch (recordError) {
      ctx.broker.logger.error(
        `Channel ${channel}: could not record a dead letter (${reason}); the message is left to the channel adapter`,
        { payload: ctx.params, headers, recordError },
      );
      throw error;
    }
    ctx.broker.logger.warn(`Channel ${channel}: dead letter after ${attempts} attempt(s): ${reason}`);
  }

  function retryLater(ctx: Context<Params>, error: unknown, attempt: number): number {
    const delay = delayAfter(attempt);
    ctx.broker.logger.debug(`Channel ${channel}: attempt ${attempt} failed (${failureReason(error)}); next in ${delay} ms`);
    return delay;
  }

  async function onJetStream(ctx: Context<Params>, message: JetStreamDelivery): Promise<void> {
    // JetStream's delivery count, first delivery included, whichever node had the earlier ones.
    const attempt = message.info.redeliveryCount;
    try {
      await options.handler(ctx);
    } catch (error) {
      if (attempt < retry.maxRetries) return message.nak(retryLater(ctx, error, attempt));
      // The stream's timestamp of the message: its first delivery, which failed, follows it at once.
      const firstFailedAt = new Date(message.info.timestampNanos / 1e6);
      await bury(ctx, error, attempt, firstFailedAt, jetStreamHeaders(message));
    }
  }

  async function inProcess(ctx: Context<Params>, message: InProcessDelivery | undefined): Promise<void> {
    let firstFailedAt: Date | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await options.handler(ctx);
      } catch (error) {
        firstFailedAt ??= new Date();
        if (attempt >= retry.maxRetries) return bury(ctx, error, attempt, firstFailedAt, inProcessHeaders(message));
        await sleep(retryLater(ctx, error, attempt));
      }
    }
  }

  return {
    ...(options.group === undefined ? {} : { group: options.group }),
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    context: true,
    // Channel-level, so the adapter's fallback dead-lettering counts as far as this wrapper does.
    maxRetries: retry.maxRetries,
    handler: (ctx, raw) =>
      isJetStream(raw) ? onJetStream(ctx as Context<Params>, raw) : inProcess(ctx as Context<Params>, raw as InProcessDelivery),
  };
}

/** The last failure as an admin reads it: its code first when it has one (domain, broker or system errors). */
export function failureReason(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; type?: unknown; code?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code =
    error instanceof DomainError ? error.code : typeof e.type === 'string' ? e.type : typeof e.code === 'string' ? e.code : undefined;
  return (code ? `${code}: ${message}` : message).slice(0, MAX_REASON_LENGTH);
}

function isJetStream(raw: unknown): raw is JetStreamDelivery {
  const candidate = raw as Partial<JetStreamDelivery> | null | undefined;
  return typeof candidate?.nak === 'function' && typeof candidate.info?.redeliveryCount === 'number';
}

function jetStreamHeaders(message: JetStreamDelivery): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, values] of message.headers ?? []) {
    if (values[0] !== undefined) headers[key] = values[0];
  }
  return headers;
}

function inProcessHeaders(message: InProcessDelivery | undefined): Record<string, string> {
  const entries = Object.entries(message?.headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries);
}
