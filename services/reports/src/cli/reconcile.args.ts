import { reports } from '@tillwire/contracts';
import { reportsV1 } from '@tillwire/contracts/grpc';

export const USAGE = `Usage: npm run reconcile -- --date YYYY-MM-DD [--keep]

Reconciles a business day (STORE_TIME_ZONE) over gRPC against REPORTS_GRPC_URL and prints one line per
terminal and department. A day reconciled before is run again and its result replaced; --keep answers
the run already made instead. Exit 0 ok or warn, 1 fail (or the run failed), 2 bad arguments.`;

export type ReconcileArgs =
  | { type: 'run'; businessDate: string; rerun: boolean }
  | { type: 'help' }
  | { type: 'invalid'; error: string };

export function parseReconcileArgs(argv: readonly string[]): ReconcileArgs {
  let date: string | undefined;
  let rerun = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { type: 'help' };
    if (arg === '--keep') rerun = false;
    else if (arg === '--date') date = argv[++i];
    else if (arg.startsWith('--date=')) date = arg.slice('--date='.length);
    else return { type: 'invalid', error: `Unknown argument ${arg}` };
  }
  if (date === undefined) return { type: 'invalid', error: '--date is required' };
  const parsed = reports.businessDate.safeParse(date);
  if (!parsed.success) return { type: 'invalid', error: `--date ${date}: ${parsed.error.issues[0]!.message}` };
  return { type: 'run', businessDate: parsed.data, rerun };
}

const STATUS: Record<number, string> = {
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_OK]: 'ok',
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_WARN]: 'warn',
  [reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_FAIL]: 'fail',
};
export const statusName = (status: reportsV1.ReconciliationStatus) => STATUS[status] ?? 'unknown';

/** One line per terminal and department, then the mismatches by kind. */
export function summaryLines(r: reportsV1.Reconciliation): string[] {
  const row = (scope: string, key: string, v: reportsV1.Variance | undefined) => {
    const bp = v?.varianceBp === undefined ? '-' : `${(v.varianceBp / 100).toFixed(2)}%`;
    const flags = [v?.reason, v && v.mismatchingTransactionIds.length > 0 ? `${v.mismatchingTransactionIds.length} mismatching` : undefined].filter(Boolean);
    return `${scope.padEnd(10)} ${key.padEnd(12)} ${statusName(v?.status ?? 0).padEnd(4)} expected ${v?.expectedMinor ?? 0} reported ${v?.reportedMinor ?? 0} variance ${v?.varianceMinor ?? 0} (${bp})${flags.length > 0 ? ` ${flags.join(', ')}` : ''}`;
  };
  const kinds = new Map<string, number>();
  for (const m of r.mismatches) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  return [
    `Reconciliation ${r.businessDate} (${r.id}): ${statusName(r.status)}`,
    ...r.terminals.map((t) => row('terminal', t.terminalId, t.variance)),
    ...r.departments.map((d) => row('department', d.departmentCode, d.variance)),
    ...[...kinds].map(([kind, count]) => `mismatch   ${kind}: ${count}`),
  ];
}
