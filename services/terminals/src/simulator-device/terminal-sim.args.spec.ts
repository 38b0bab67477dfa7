import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './terminal-sim.args';

const error = (argv: string[]) => {
  const parsed = parseSimArgs(argv);
  return parsed.type === 'invalid' ? parsed.error : `not invalid: ${parsed.type}`;
};

describe('parseSimArgs', () => {
  it('defaults to an approving terminal on the local listener, credentials from the local API', () => {
    expect(parseSimArgs(['--id', 'T1', '--vendor', 'nexo'])).toEqual({
      type: 'run',
      args: {
        terminalId: 'T1',
        vendor: 'nexo',
        behaviour: 'approve',
        slowMs: 5_000,
        url: 'wss://127.0.0.1:8443',
        api: 'http://127.0.0.1:8080',
        tokenStdin: false,
        files: { cert: undefined, key: undefined, ca: undefined },
      },
    });
  });

  it('takes every option', () => {
    const argv = ['--id', 'T2', '--vendor', 'simulator', '--behaviour', 'slow', '--slow-ms', '250', '--url', 'wss://till:9443'];
    const files = ['--cert', 'c.pem', '--key', 'k.pem', '--ca', 'ca.pem', '--api', 'https://tw.example'];
    expect(parseSimArgs([...argv, ...files, '--token-stdin'])).toEqual({
      type: 'run',
      args: {
        terminalId: 'T2',
        vendor: 'simulator',
        behaviour: 'slow',
        slowMs: 250,
        url: 'wss://till:9443',
        api: 'https://tw.example',
        tokenStdin: true,
        files: { cert: 'c.pem', key: 'k.pem', ca: 'ca.pem' },
      },
    });
  });

  it('asks for help with -h', () => {
    expect(parseSimArgs(['-h'])).toEqual({ type: 'help' });
  });

  it('names what is wrong and lists the valid values', () => {
    expect(error(['--vendor', 'nexo'])).toBe('--id is required');
    expect(error(['--id', 'T 1', '--vendor', 'nexo'])).toContain('not a terminal id');
    expect(error(['--id', 'T1'])).toBe('--vendor is required: one of simulator, nexo');
    expect(error(['--id', 'T1', '--vendor', 'adyen'])).toBe('--vendor must be one of simulator, nexo, not "adyen"');
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--behaviour', 'flaky'])).toBe(
      '--behaviour must be one of approve, decline, timeout, drop-response, disconnect-mid-payment, slow, not "flaky"',
    );
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--slow-ms', '1.5'])).toContain('--slow-ms');
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--url', 'https://127.0.0.1:8443'])).toContain('wss://');
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--api', 'ftp://x'])).toContain('--api');
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--cert', 'c.pem'])).toBe('--cert and --key go together');
    expect(error(['--id', 'T1', '--vendor', 'nexo', '--colour', 'red'])).toContain("'--colour'");
    expect(error(['--id', 'T1', '--vendor', 'nexo', 'extra'])).toContain('extra');
  });
});
