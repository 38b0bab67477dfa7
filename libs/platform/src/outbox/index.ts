export { OutboxRelay, type ChannelSender, type OutboxRelayOptions } from './outbox-relay';
export { outboxTraceContext, type OutboxTraceContext } from './outbox-trace-context';
