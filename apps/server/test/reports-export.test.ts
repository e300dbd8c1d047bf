// Report exports run in worker threads (issue 19 defect 1): the API keeps answering while a PDF is rendered, the
// bytes are still a valid PDF and workbook, the pool never renders more than EXPORT_WORKERS at once, a full queue
// answers 503 EXPORT_BUSY, and a report outside the caller's area is 404 REPORT_NOT_FOUND (nothing rendered, no audit).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { Report } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';
import { exportPoolStats } from '../src/modules/reports/service';

const N = 2;
let env: TestEnv;
let world: World;
let disp: Agent;
let officer: Agent;
let s1: Report;
let s2: Report;

const stats = () => exportPoolStats(env.ctx);
/** Waits (without a deadline of its own: the runner's timeout applies) until the pool reaches a state. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}
const audits = async () => (await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'report.export'`.execute(env.ctx.db)).rows[0]!.n;
function validPdf(r: LightMyRequestResponse): void {
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
  assert.equal(r.headers['content-type'], 'application/pdf');
  const b = r.rawPayload;
  assert.equal(b.subarray(0, 5).toString(), '%PDF-');
  assert.ok(b.subarray(-32).includes(Buffer.from('%%EOF')), 'the PDF has no end');
  assert.ok(b.includes(Buffer.from('NotoSansSC')), 'the CJK font is not embedded');
}

before(async () => {
  env = await createTestEnv({ exportWorkers: N, exportQueue: 1 });
  world = await buildWorld(env);
  disp = await login(env.app, 'dispatcher');
  officer = await login(env.app, 'officer1'); // scope S1
  s1 = (await disp.post('/api/reports', { kind: 'daily', areaId: world.area.S1, push: false })).json() as Report;
  s2 = (await disp.post('/api/reports', { kind: 'daily', areaId: world.area.S2, push: false })).json() as Report;
  assert.ok(s1.id && s2.id);
});
after(async () => env?.close());

describe('report exports off the event loop', () => {
  test('a report outside the caller\'s area: 404 REPORT_NOT_FOUND, nothing rendered, nothing audited', async () => {
    const r = await officer.get(`/api/reports/${s2.id}/export.pdf`);
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'REPORT_NOT_FOUND');
    assert.equal((await officer.get(`/api/reports/${s2.id}/export.xlsx`)).statusCode, 404);
    assert.equal((await officer.get('/api/reports/999999/export.pdf')).statusCode, 404);
    assert.equal(stats(), null, 'no export was started');
    assert.equal(await audits(), 0);
  });

  test('the API answers while a PDF is rendered; the PDF is valid and audited', async () => {
    let finished = false;
    const pending = officer.get(`/api/reports/${s1.id}/export.pdf`).then((r) => {
      finished = true;
      return r;
    });
    await until(() => (stats()?.running ?? 0) >= 1);
    const health = await env.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(health.statusCode, 200);
    // a render on the event loop would have finished before health could answer
    assert.equal(finished, false, 'the export finished before the health check answered');
    validPdf(await pending);
    assert.equal(await audits(), 1);
  });

  test('the Excel workbook is valid and holds the tables', async () => {
    const r = await officer.get(`/api/reports/${s1.id}/export.xlsx`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(r.headers['content-disposition']), /^attachment; filename\*=UTF-8''.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    assert.ok(wb.getWorksheet('要点'), wb.worksheets.map((s) => s.name).join(','));
    const ws = wb.getWorksheet('昨日警情（按警格）')!;
    assert.ok(ws, wb.worksheets.map((s) => s.name).join(','));
    assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1, 3), ['第一大警格', 0]);
    assert.equal(await audits(), 2);
  });

  test(`the pool renders at most ${N} at once; ${N + 1} at once wait their turn, one more is refused with 503 EXPORT_BUSY`, async () => {
    const before = stats()!;
    const running = Array.from({ length: N }, () => officer.get(`/api/reports/${s1.id}/export.pdf`));
    await until(() => stats()!.running === N);
    const queued = officer.get(`/api/reports/${s1.id}/export.xlsx`);
    await until(() => stats()!.queued === 1);
    // N rendering and the queue (EXPORT_QUEUE = 1) full: refused at once, nothing audited
    const refused = await officer.get(`/api/reports/${s1.id}/export.xlsx`);
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().code, 'EXPORT_BUSY');
    for (const r of await Promise.all(running)) validPdf(r);
    assert.equal((await queued).statusCode, 200);
    const s = stats()!;
    assert.equal(s.size, N);
    assert.ok(s.peakRunning <= N, `${s.peakRunning} rendered at once`);
    assert.equal(s.peakRunning, N);
    assert.equal(s.peakQueued, 1);
    assert.equal(s.done - before.done, N + 1);
    assert.equal(s.refused - before.refused, 1);
    assert.equal(s.running + s.queued, 0);
    assert.ok(s.workers <= N);
    assert.equal(await audits(), 2 + N + 1);
  });
});
