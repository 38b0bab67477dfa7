import type { ServerWritableStream } from '@grpc/grpc-js';
import { reports } from '@tillwire/contracts';
import { reportsV1 } from '@tillwire/contracts/grpc';
import { parseRequest, validatedUnary, type GrpcService } from '@tillwire/platform';
import { z } from 'zod';
import { csvChunks } from './domain/csv';
import { invalidArguments, toReportsGrpcStatus } from './reports.errors';
import {
  departmentSalesResponse,
  reconciliationListResponse,
  reconciliationResponse,
  shiftResponse,
  statusFilterOf,
  summariesResponse,
} from './reports.grpc-messages';
import { cashierShiftReport } from './use-cases/cashier-shift-report';
import { departmentSales } from './use-cases/department-sales';
import { exportCsv, type ExportRequest } from './use-cases/export-csv';
import { getReconciliation, listReconciliations } from './use-cases/read-reconciliations';
import type { ReportsContext } from './use-cases/reports-context';
import { runReconciliation } from './use-cases/run-reconciliation';
import { terminalDailySummaries, type TerminalDailySummary } from './use-cases/terminal-daily-summaries';

const c = reports;
type Log = { error(...args: unknown[]): void };

const EXPORT_KINDS: Partial<Record<reportsV1.ExportKind, ExportRequest['kind']>> = {
  [reportsV1.ExportKind.EXPORT_KIND_TERMINAL_DAILY_SUMMARIES]: 'terminal_daily_summaries',
  [reportsV1.ExportKind.EXPORT_KIND_DEPARTMENT_SALES]: 'department_sales',
  [reportsV1.ExportKind.EXPORT_KIND_CASHIER_SHIFT]: 'cashier_shift',
  [reportsV1.ExportKind.EXPORT_KIND_RECONCILIATION]: 'reconciliation',
};

const exportParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal_daily_summaries'), dates: c.dateRange }),
  z.object({ kind: z.literal('department_sales'), dates: c.dateRange }),
  z.object({ kind: z.literal('cashier_shift'), shiftId: z.uuid() }),
  z.object({ kind: z.literal('reconciliation'), reconciliationId: c.reconciliationRef }),
]);

const getParams = z.object({ id: c.reconciliationRef });
const listParams = z
  .object({
    dates: c.dateRange.optional(),
    status: z.enum(reportsV1.ReconciliationStatus).transform(statusFilterOf),
    pageSize: z.number().int().min(0).max(500).transform((size) => size || 50),
    pageToken: z.union([z.literal(''), c.businessDate]).transform((token) => token || undefined),
  })
  .transform(({ dates, ...rest }) => ({ ...rest, fromDate: dates?.fromDate, toDate: dates?.toDate }));

/** reports.v1.ReportsService: each RPC validates its request, calls one use case, maps errors (reports.errors.ts). */
export function reportsGrpcService(ctx: ReportsContext, log: Log): GrpcService {
  const rpc = <Params extends z.ZodType, Value, Response>(
    params: Params,
    useCase: (input: z.output<Params>) => Promise<Value>,
    respond: (value: Value) => Response,
  ) =>
    validatedUnary(params, async (input) => respond(await useCase(input)), {
      invalid: invalidArguments,
      toStatus: (error) => toReportsGrpcStatus(error, log),
    });

  const summariesOnce = encodedOncePerAnswer();
  const implementation: reportsV1.ReportsServiceServer = {
    terminalDailySummaries: rpc(c.terminalDailySummariesParams, (p) => terminalDailySummaries(ctx, p), summariesOnce.encode),
    departmentSales: rpc(c.departmentSalesParams, (p) => departmentSales(ctx, p), departmentSalesResponse),
    cashierShiftReport: rpc(c.cashierShiftParams, (p) => cashierShiftReport(ctx, p), shiftResponse),
    runReconciliation: rpc(c.runReconciliationParams, (p) => runReconciliation(ctx, p), reconciliationResponse),
    getReconciliation: rpc(getParams, (p) => getReconciliation(ctx, p), reconciliationResponse),
    listReconciliations: rpc(listParams, (p) => listReconciliations(ctx, p), reconciliationListResponse),
    exportCsv: (call: ServerWritableStream<reportsV1.ExportCsvRequest, reportsV1.ExportCsvResponse>) => {
      // A refused export ends the stream with the status (and trailers) a unary call would answer.
      void streamCsv(ctx, call).catch((error: unknown) => call.emit('error', toReportsGrpcStatus(error, log)));
    },
  };
  return { definition: { ...reportsV1.ReportsServiceService, terminalDailySummaries: summariesOnce.method }, implementation };
}

/**
 * Summaries answered from the cache are encoded once per cached answer, not once per request:
 * dashboards poll the same 500 terminals many times a minute, and encoding them is most of the
 * work of a cached answer. The encoding lives as long as the cached answer it was made from.
 */
function encodedOncePerAnswer() {
  const method = reportsV1.ReportsServiceService.terminalDailySummaries;
  const encoded = new WeakMap<TerminalDailySummary[], Buffer>();
  return {
    method: {
      ...method,
      responseSerialize: (value: reportsV1.TerminalDailySummariesResponse | Buffer) =>
        Buffer.isBuffer(value) ? value : method.responseSerialize(value),
    },
    encode(summaries: TerminalDailySummary[]): reportsV1.TerminalDailySummariesResponse {
      let bytes = encoded.get(summaries);
      if (!bytes) {
        bytes = method.responseSerialize(summariesResponse(summaries));
        encoded.set(summaries, bytes);
      }
      // The method's serializer above passes the bytes through as they are.
      return bytes as unknown as reportsV1.TerminalDailySummariesResponse;
    },
  };
}

async function streamCsv(ctx: ReportsContext, call: ServerWritableStream<reportsV1.ExportCsvRequest, reportsV1.ExportCsvResponse>) {
  const { kind, dates, shiftId, reconciliationId } = call.request;
  const request = parseRequest(exportParams, { kind: EXPORT_KINDS[kind], dates, shiftId, reconciliationId }, invalidArguments);
  const file = await exportCsv(ctx, request);
  let first = true;
  for (const data of csvChunks(file.header, file.rows)) {
    if (call.cancelled) return;
    const more = call.write({ data, fileName: first ? file.fileName : '' });
    first = false;
    if (!more) await writable(call);
  }
  if (!call.cancelled) call.end();
}

/** Resolves when the stream takes more, or when the client is gone (then nothing more is written). */
function writable(call: ServerWritableStream<reportsV1.ExportCsvRequest, reportsV1.ExportCsvResponse>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.once('drain', done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}
