export { OutboxRelay, type ChannelSender, type OutboxRelayOptions } from './outbox-relay';
export { appendOutboxEvent, type NewOutboxEvent } from './outbox.repository';
