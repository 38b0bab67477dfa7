import { describe, expect, it } from 'vitest';
import { clientAddress, proxyList } from './client-address';

const loopback = proxyList(['127.0.0.0/8', '::1']);

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted', () => {
    expect(clientAddress('10.0.0.7', '1.2.3.4', proxyList([]))).toBe('10.0.0.7');
  });

  it('takes the hop a trusted proxy names', () => {
    expect(clientAddress('127.0.0.1', '10.0.0.7', loopback)).toBe('10.0.0.7');
    expect(clientAddress('::1', '10.0.0.7', loopback)).toBe('10.0.0.7');
    expect(clientAddress('::ffff:127.0.0.1', '10.0.0.7', loopback)).toBe('10.0.0.7');
  });

  it('never believes hops written before the first untrusted one', () => {
    expect(clientAddress('127.0.0.1', '6.6.6.6, 10.0.0.7', loopback)).toBe('10.0.0.7');
  });

  it('walks through a chain of trusted proxies', () => {
    const proxies = proxyList(['127.0.0.0/8', '10.42.0.0/16']);
    expect(clientAddress('127.0.0.1', '192.168.1.20, 10.42.3.4', proxies)).toBe('192.168.1.20');
  });

  it('stays with a trusted peer that names nobody', () => {
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
    expect(clientAddress(undefined, undefined, loopback)).toBe('unknown');
  });
});
