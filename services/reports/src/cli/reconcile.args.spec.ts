import { reportsV1 } from '@tillwire/contracts/grpc';
import { describe, expect, it } from 'vitest';
import { parseReconcileArgs, summaryLines } from './reconcile.args';

const { ReconciliationStatus: S } = reportsV1;

describe('npm run reconcile arguments', () => {
  it('takes --date (re-running by default) and --keep', () => {
    expect(parseReconcileArgs(['--date', '2025-03-10'])).toEqual({ type: 'run', businessDate: '2025-03-10', rerun: true });
    expect(parseReconcileArgs(['--date=2025-03-10', '--keep'])).toEqual({ type: 'run', businessDate: '2025-03-10', rerun: false });
    expect(parseReconcileArgs(['--help'])).toEqual({ type: 'help' });
  });

  it('refuses a missing or impossible date and unknown arguments', () => {
    expect(parseReconcileArgs([])).toMatchObject({ type: 'invalid', error: '--date is required' });
    expect(parseReconcileArgs(['--date', '2025-02-30'])).toMatchObject({ type: 'invalid' });
    expect(parseReconcileArgs(['--date'])).toMatchObject({ type: 'invalid' });
    expect(parseReconcileArgs(['--date', '2025-03-10', '--force'])).toMatchObject({ type: 'invalid', error: 'Unknown argument --force' });
  });

  it('prints one line per terminal and department and counts mismatches by kind', () => {
    const variance = (expectedMinor: number, reportedMinor: number, status: reportsV1.ReconciliationStatus, reason?: string): reportsV1.Variance => ({
      expectedMinor,
      reportedMinor,
      varianceMinor: reportedMinor - expectedMinor,
      varianceBp: expectedMinor === 0 ? undefined : Math.trunc(((reportedMinor - expectedMinor) * 10_000) / expectedMinor),
      mismatchingTransactionIds: [],
      status,
      reason,
    });
    const lines = summaryLines({
      id: 'r1',
      businessDate: '2025-03-10',
      state: reportsV1.ReconciliationState.RECONCILIATION_STATE_COMPLETED,
      status: S.RECONCILIATION_STATUS_FAIL,
      warnThresholdBp: 0,
      failThresholdBp: 100,
      startedAt: new Date(),
      currency: 'EUR',
      terminals: [{ terminalId: 'T1', departmentCode: 'GROCERY', variance: variance(1000, 1500, S.RECONCILIATION_STATUS_FAIL) }],
      departments: [{ departmentCode: 'GROCERY', variance: variance(1000, 1000, S.RECONCILIATION_STATUS_OK) }],
      mismatches: [{ kind: 'terminal_total_differs', scope: 'terminal', key: 'T1' }],
    });
    expect(lines).toEqual([
      'Reconciliation 2025-03-10 (r1): fail',
      'terminal   T1           fail expected 1000 reported 1500 variance 500 (50.00%)',
      'department GROCERY      ok   expected 1000 reported 1000 variance 0 (0.00%)',
      'mismatch   terminal_total_differs: 1',
    ]);
  });
});
