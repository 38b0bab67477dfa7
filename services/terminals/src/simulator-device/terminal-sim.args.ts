import { parseArgs } from 'node:util';
import { terminals } from '@tillwire/contracts';
import type { Vendor } from '../adapters/vendor-adapter';
import { BEHAVIOURS, DEFAULT_SLOW_MS, type Behaviour } from './device-behaviour';

const VENDORS = terminals.terminal.shape.vendor.options;

export const USAGE = `Usage: npm run terminal:sim -- --id <terminal> --vendor ${VENDORS.join('|')} [options]

  --id <terminal>        the registered terminal to be (its certificate's CN)
  --vendor <vendor>      the protocol to speak: ${VENDORS.join(', ')}
  --behaviour <name>     ${BEHAVIOURS.join(', ')} (default approve)
  --slow-ms <ms>         how long a slow terminal keeps a payment in progress (default ${DEFAULT_SLOW_MS})
  --url <wss-url>        the terminal listener (default wss://127.0.0.1:8443)
  --cert <file> --key <file> [--ca <file>]
                         the terminal's certificate and key (PEM); without them a new certificate
                         is issued through the HTTP API, and without --ca the API's CA is trusted
  --api <http-url>       Tillwire's HTTP API (default http://127.0.0.1:8080)
  --token-stdin          read an admin's access token for the API from the first line of stdin, e.g.
                         npm run -s cli -- users token admin | npm run terminal:sim -- … --token-stdin
  -h, --help             this text
`;

export interface SimArgs {
  readonly terminalId: string;
  readonly vendor: Vendor;
  readonly behaviour: Behaviour;
  readonly slowMs: number;
  readonly url: string;
  readonly api: string;
  /** An admin's access token for the API calls comes on stdin. */
  readonly tokenStdin: boolean;
  /** Files to read the credentials from; what is missing comes from the API. */
  readonly files: { readonly cert?: string; readonly key?: string; readonly ca?: string };
}

export type ParsedSimArgs =
  | { readonly type: 'run'; readonly args: SimArgs }
  | { readonly type: 'help' }
  | { readonly type: 'invalid'; readonly error: string };

/** Reads the simulator's command line (without node and the script); never exits, never reads files. */
export function parseSimArgs(argv: readonly string[]): ParsedSimArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        id: { type: 'string' },
        vendor: { type: 'string' },
        behaviour: { type: 'string', default: 'approve' },
        'slow-ms': { type: 'string', default: String(DEFAULT_SLOW_MS) },
        url: { type: 'string', default: 'wss://127.0.0.1:8443' },
        api: { type: 'string', default: 'http://127.0.0.1:8080' },
        cert: { type: 'string' },
        key: { type: 'string' },
        ca: { type: 'string' },
        'token-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return invalid((error as Error).message);
  }
  if (values.help) return { type: 'help' };

  if (values.id === undefined) return invalid('--id is required');
  const terminalId = terminals.terminalId.safeParse(values.id);
  if (!terminalId.success) return invalid(`--id ${JSON.stringify(values.id)} is not a terminal id (1-32 letters, digits, _ and -)`);
  if (values.vendor === undefined) return invalid(`--vendor is required: one of ${VENDORS.join(', ')}`);
  if (!isOneOf(VENDORS, values.vendor)) return invalid(`--vendor must be one of ${VENDORS.join(', ')}, not ${JSON.stringify(values.vendor)}`);
  if (!isOneOf(BEHAVIOURS, values.behaviour)) {
    return invalid(`--behaviour must be one of ${BEHAVIOURS.join(', ')}, not ${JSON.stringify(values.behaviour)}`);
  }
  const slowMs = Number(values['slow-ms']);
  if (!Number.isSafeInteger(slowMs) || slowMs < 0) return invalid(`--slow-ms must be a whole number of milliseconds, not ${values['slow-ms']}`);
  if (!hasProtocol(values.url, ['wss:'])) return invalid(`--url must be a wss:// URL, not ${JSON.stringify(values.url)}`);
  if (!hasProtocol(values.api, ['http:', 'https:'])) return invalid(`--api must be an http:// or https:// URL, not ${JSON.stringify(values.api)}`);
  if ((values.cert === undefined) !== (values.key === undefined)) return invalid('--cert and --key go together');

  return {
    type: 'run',
    args: {
      terminalId: terminalId.data,
      vendor: values.vendor,
      behaviour: values.behaviour,
      slowMs,
      url: values.url,
      api: values.api,
      tokenStdin: values['token-stdin'],
      files: { cert: values.cert, key: values.key, ca: values.ca },
    },
  };
}

const invalid = (error: string): ParsedSimArgs => ({ type: 'invalid', error });

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function hasProtocol(url: string, protocols: string[]): boolean {
  return URL.canParse(url) && protocols.includes(new URL(url).protocol);
}
