import { terminals } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';
import type { Vendor } from '../adapters/vendor-adapter';
import type { Behaviour } from './device-behaviour';
import { startTerminalSimulator, type TerminalSimulator } from './terminal-simulator';

const { TerminalsActions: T } = terminals;

/**
 * A simulated terminal for `terminalId`, with a certificate the terminals service issues over
 * `broker`, connected to that service's listener; resolves once its session is open.
 */
export async function connectSimulator(
  broker: ServiceBroker,
  terminalId: string,
  vendor: Vendor,
  behaviour: Behaviour,
): Promise<TerminalSimulator> {
  const issued = await broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId });
  const { certificatePem: caPem } = await broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
  const { address } = await broker.call<terminals.ListenerStats, object>(T.listenerStats, {});
  if (!address) throw new Error('The terminal listener is not listening');
  const device = startTerminalSimulator({
    url: `wss://127.0.0.1:${address.port}`,
    terminalId,
    vendor,
    behaviour,
    tls: { certificatePem: issued.certificate.certificatePem, privateKeyPem: issued.privateKeyPem!, caPem },
  });
  await device.waitConnected();
  return device;
}
