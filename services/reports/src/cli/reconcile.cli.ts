import { reportsV1 } from '@tillwire/contracts/grpc';
import { config as loadConfig, GrpcClient, serviceCaller } from '@tillwire/platform';
import { parseReconcileArgs, summaryLines, USAGE } from './reconcile.args';

/** A day's reconciliation takes longer than an ordinary call: every terminal is asked for its totals. */
const DEADLINE_MS = 120_000;

/** `npm run reconcile -- --date YYYY-MM-DD`: RunReconciliation against REPORTS_GRPC_URL, a summary, exit 1 on fail. */
async function main(): Promise<number> {
  const parsed = parseReconcileArgs(process.argv.slice(2));
  if (parsed.type === 'help') {
    console.info(USAGE);
    return 0;
  }
  if (parsed.type === 'invalid') {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const caller = serviceCaller('reconcile-cli', config, console);
  const client = new GrpcClient(reportsV1.ReportsServiceClient, () => config.grpc.reports.url, { deadlineMs: DEADLINE_MS, caller });
  try {
    const { reconciliation } = await client.call('runReconciliation', { businessDate: parsed.businessDate, rerun: parsed.rerun });
    for (const line of summaryLines(reconciliation!)) console.info(line);
    return reconciliation!.status === reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_FAIL ? 1 : 0;
  } finally {
    client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Reconciliation failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
