export { retryDelayMs, type RetryBackoff } from './retry-delay';
export {
  durableChannel,
  deadLetterSink,
  failureReason,
  type ChannelRetry,
  type DeadLetterSink,
  type DurableChannelDefinition,
  type DurableChannelOptions,
} from './durable-channel';
export { DeadLetterRepository, type DeadLetterRecord, type DeadLetterFilter, type NewDeadLetter } from './dead-letter.repository';
export { DeadLetterError, deadLetterErrorStatus, type DeadLetterFailure, type DeadLetterResult } from './dead-letter.errors';
export { listDeadLetters, replayDeadLetter, discardDeadLetter, REPLAY_OF_HEADER, type DeadLetterAdmin } from './dead-letter.use-cases';
export { deadLetterActions, deadLetterView, type DeadLetterActionsDeps } from './dead-letter.actions';
