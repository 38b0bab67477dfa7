import { BlockList, isIP } from 'node:net';

/** The proxies (the web apps' servers, an ingress) whose `X-Forwarded-For` is believed. */
export function proxyList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(address, prefix === undefined ? (family === 'ipv6' ? 128 : 32) : Number(prefix), family);
  }
  return list;
}

/**
 * The address rate limits and the audit trail see: the socket's peer, or, while that peer is a
 * trusted proxy, the hop it names before itself in `X-Forwarded-For`. Hops a client wrote itself
 * are never reached, since the walk stops at the first untrusted address.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, proxies: BlockList): string {
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  let address = unmapped(peer);
  while (address !== undefined && isTrusted(address, proxies) && hops.length > 0) address = unmapped(hops.pop());
  return address ?? 'unknown';
}

function isTrusted(address: string, proxies: BlockList): boolean {
  const version = isIP(address);
  return version !== 0 && proxies.check(address, version === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:10.0.0.7` is the IPv4 client 10.0.0.7 on a dual-stack socket. */
function unmapped(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
