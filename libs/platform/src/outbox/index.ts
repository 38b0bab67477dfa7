export { OutboxRelay, type ChannelSender, type OutboxRelayOptions } from './outbox-relay';
