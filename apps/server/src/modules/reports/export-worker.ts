// Worker thread of the report exports (see exporting.ts, lib/workers.ts): renders one report per job and moves the
// bytes back to the main thread.
import type { Report } from '@jingwang/contracts';
import { serveWorker } from '../../lib/workers';
import { reportPdf, reportXlsx } from './export';

export interface ExportJob {
  format: 'pdf' | 'xlsx';
  report: Report;
  utcOffsetMinutes: number;
}

serveWorker<ExportJob, Uint8Array>(
  async (job) => {
    const b = job.format === 'pdf' ? await reportPdf(job.report, job.utcOffsetMinutes) : await reportXlsx(job.report);
    return new Uint8Array(b); // a copy with its own ArrayBuffer (a Buffer may share Node's pool), moved, not copied again
  },
  (out) => [out.buffer as ArrayBuffer],
);
