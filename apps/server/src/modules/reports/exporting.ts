// Report exports (PDF, Excel) off the API's event loop: the stored snapshot (plain data) goes to a worker thread of
// a bounded pool (lib/workers.ts: at most EXPORT_WORKERS at once, EXPORT_QUEUE waiting, one more is 503
// EXPORT_BUSY), which renders it with export.ts and sends the bytes back. Reading rules are getReport's (404
// REPORT_NOT_FOUND outside the caller's reports); every export is audited.
import type { Ctx } from '../../context';
import { WorkerPool, workerModule, type PoolStats } from '../../lib/workers';
import { audit } from '../audit/service';
import type { Actor } from '../auth/policy';
import type { ExportJob } from './export-worker';
import { getReport } from './reading';

export type ExportFormat = ExportJob['format'];

const CONTENT_TYPE: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const pools = new WeakMap<Ctx, WorkerPool<ExportJob, Uint8Array>>();

function pool(ctx: Ctx): WorkerPool<ExportJob, Uint8Array> {
  let p = pools.get(ctx);
  if (!p) {
    p = new WorkerPool<ExportJob, Uint8Array>({
      name: 'report export',
      entry: workerModule(import.meta.url, './export-worker'),
      size: ctx.config.exportWorkers,
      maxQueue: ctx.config.exportQueue,
      busyCode: 'EXPORT_BUSY',
    });
    pools.set(ctx, p);
  }
  return p;
}

/** The export pool's counters (jobs running and waiting now, the most ever at once, done, refused). */
export function exportPoolStats(ctx: Ctx): PoolStats | null {
  return pools.get(ctx)?.stats() ?? null;
}

/** Ends the export workers (the app closes). */
export async function closeExportPool(ctx: Ctx): Promise<void> {
  const p = pools.get(ctx);
  pools.delete(ctx);
  await p?.close();
}

/** A report as a file: rendered in a worker thread, audited. */
export async function exportReport(ctx: Ctx, actor: Actor, id: number, format: ExportFormat, ip: string): Promise<{ bytes: Buffer; contentType: string; fileName: string }> {
  const r = await getReport(ctx, actor, id);
  const out = await pool(ctx).run({ format, report: r, utcOffsetMinutes: ctx.config.utcOffsetMinutes });
  await audit(ctx.db, actor, 'report.export', 'report', String(r.id), { format }, ip);
  return { bytes: Buffer.from(out.buffer, out.byteOffset, out.byteLength), contentType: CONTENT_TYPE[format], fileName: `${r.areaName}-${r.kind}-${r.periodStart}.${format}` };
}
