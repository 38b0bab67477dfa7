import { parseSimArgs, USAGE } from './terminal-sim.args';
import { loadCredentials } from './terminal-sim.credentials';
import { startTerminalSimulator } from './terminal-simulator';

/** `npm run terminal:sim -- --id T1 --vendor simulator …`: one simulated terminal until Ctrl-C. */
async function main(): Promise<void> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (parsed.type === 'help') return console.info(USAGE);
  if (parsed.type === 'invalid') {
    console.error(`${parsed.error}\n\n${USAGE}`);
    process.exit(2);
  }
  const { args } = parsed;
  const tls = await loadCredentials(args, args.tokenStdin ? await firstLineOfStdin() : undefined);
  const simulator = startTerminalSimulator({
    url: args.url,
    terminalId: args.terminalId,
    vendor: args.vendor,
    behaviour: args.behaviour,
    slowMs: args.slowMs,
    tls,
    logger: { info: (line) => console.info(stamped(line)), warn: (line) => console.warn(stamped(line)) },
  });
  const stop = () => void simulator.close().then(() => console.info(stamped(`Terminal ${args.terminalId} closed`)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.trim();
}

const stamped = (line: string) => `${new Date().toISOString()} ${line}`;

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
