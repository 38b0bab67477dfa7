'use client';

import { reports } from '@tillwire/contracts';
import { useConsole } from '../../_console/console-context';
import { downloadText } from '../../_console/download';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';

/** Downloads a day's reconciliation as the reports service's CSV. */
export function ExportCsvButton({ date }: { date: string }) {
  const { client } = useConsole();
  const action = useAction();

  async function exportCsv() {
    const file = await action.run({ export: date, at: Date.now() }, () => client.get(`/reports/reconciliations/${date}/csv`, reports.csvExportView));
    if (file) downloadText(file.fileName, file.csv, file.contentType);
  }

  return (
    <div className="space-y-2">
      <Button busy={action.busy} aria-label={`Export CSV of ${date}`} onClick={() => void exportCsv()}>
        Export CSV
      </Button>
      {action.error && <ErrorNote error={action.error} title="The export failed" />}
    </div>
  );
}
