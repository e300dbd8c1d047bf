// Intake of the anti-fraud centre's warnings, by API (JSON) or CSV. A warning is located and routed to the responsible
// police officer of its community grid (the same rule as incidents: grid, community, police grid, responsibility
// zone; post A first) as a dissuasion task due FRAUD_DEADLINE_MINUTES later, or rejected with a reason the centre
// gets back (no_location, outside_jurisdiction, no_officer, duplicate).
//
// The JSON batch is all or nothing (issue 19, defect 6): every field is checked before anything is written (a bad one
// is a 400 naming `/warnings/<i>/<field>`), then the whole batch is written in one transaction, so a failure further
// down leaves nothing half-written. Within an accepted batch each warning gets its own answer: accepted, or rejected
// with a reason.
//
// The CSV import is per row (issue 18): a file from the centre's export takes its good rows and reports each bad one
// (row, column, value, why, in Chinese) in `invalidRows`. Each row is written whole, in its own transaction, or not
// at all: never half a row. It reads UTF-8 (with or without BOM) or else GBK/GB18030, the header in the JSON names
// or in Chinese (外部编号, 诈骗类型, 预警时间, ...), and times as ISO 8601 or local "2026-12-07 07:30:00".
import { parse } from 'csv-parse/sync';
import {
  FraudWarningIn as FraudWarningInS,
  maskName,
  maskPhone,
  type FieldError,
  type FraudIntakeBody,
  type FraudIntakeResult,
  type FraudInvalidRow,
  type FraudRejectReason,
  type FraudWarningIn,
} from '@jingwang/contracts';
import type { Transaction } from 'kysely';
import type { Ctx } from '../../context';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../lib/errors';
import { makeAjv } from '../../lib/validation';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { placeByAddress } from '../registry/search';
import * as repo from './repo';
import { decodeCsv } from '../../lib/tabular';

type Result = FraudIntakeResult['results'][number];
/** The JSON pointer of a field of the i-th warning (0-based) as the client sent it. */
type FieldOf = (i: number, field: string) => string;
const jsonField: FieldOf = (i, f) => `/warnings/${i}/${f}`;

const TEXT_FIELDS = ['externalId', 'fraudType', 'personName', 'phone', 'address'] as const;

/** JavaScript reads 2026-02-30 as 2 March (PostgreSQL refuses it): the date written must be the date meant. */
function realCalendarDay(t: string): boolean {
  const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

interface Problem {
  field: string;
  message: string;
  zh: string;
}

/**
 * What the schema cannot say and PostgreSQL or the routing would refuse later: both coordinates or neither, a
 * warning time on a real calendar day and not in the future, no NUL character in a text (PostgreSQL text cannot
 * hold it; the HTTP edge refuses it too, this guards every other caller).
 */
function problems(w: FraudWarningIn, now: Date): Problem[] {
  const out: Problem[] = [];
  if ((w.lon === undefined) !== (w.lat === undefined)) out.push({ field: w.lon === undefined ? 'lon' : 'lat', message: 'give both lon and lat, or neither', zh: '经度和纬度须同时填写或同时不填' });
  if (!realCalendarDay(w.warnedAt)) out.push({ field: 'warnedAt', message: 'is not a real calendar date', zh: '日期不存在' });
  else if (Date.parse(w.warnedAt) > now.getTime() + 5 * 60_000) out.push({ field: 'warnedAt', message: 'is in the future', zh: '时间在将来' });
  for (const k of TEXT_FIELDS) if (w[k]?.includes('\u0000')) out.push({ field: k, message: 'contains a NUL character', zh: '含有非法的空字符' });
  return out;
}

/** All of the batch, every field named; a 400 when any is at fault. */
function check(warnings: readonly FraudWarningIn[], now: Date, fieldOf: FieldOf): void {
  const errors: FieldError[] = warnings.flatMap((w, i) => problems(w, now).map((p) => ({ field: fieldOf(i, p.field), message: p.message })));
  if (errors.length) throw validationError(errors);
}

async function intakeOne(ctx: Ctx, tx: Transaction<DB>, actor: Actor, source: string, w: FraudWarningIn, now: Date): Promise<Result> {
  const dup = await repo.findBySourceAndExternalId(tx, source, w.externalId);
  if (dup !== null) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: dup, deadlineAt: null };
  let reason: FraudRejectReason | null = null;
  let located: repo.Location = { grid_id: null, community_id: null, station_id: null, area_ids: [], officer_id: null };
  // a warning with only an address is placed by the gazetteer (issue 15): one standard address it clearly names
  const place = w.lon === undefined || w.lat === undefined ? await placeByAddress(ctx, w.address, tx) : null;
  const lon = w.lon ?? place?.lon;
  const lat = w.lat ?? place?.lat;
  if (lon === undefined || lat === undefined) reason = 'no_location';
  else {
    const { county_id, ...l } = await repo.locate(tx, lon, lat, now.toISOString());
    located = l;
    if (county_id === null) reason = 'outside_jurisdiction';
    else if (l.officer_id === null) reason = 'no_officer';
  }
  if (reason === null && !inScope(actor, ctx.areas.tree(), located.area_ids)) reason = 'outside_jurisdiction';
  const deadline = reason === null ? new Date(now.getTime() + ctx.config.fraudDeadlineMinutes * 60_000).toISOString() : null;
  const id = await repo.insertWarning(tx, {
    source,
    external_id: w.externalId,
    status: reason === null ? 'accepted' : 'rejected',
    reject_reason: reason,
    fraud_type: w.fraudType,
    amount_at_risk: w.amountAtRisk ?? null,
    warned_at: new Date(w.warnedAt).toISOString(),
    received_at: now.toISOString(),
    person_name_enc: ctx.cipher.encrypt(w.personName),
    person_name_masked: maskName(w.personName),
    phone_enc: ctx.cipher.encrypt(w.phone),
    phone_masked: maskPhone(w.phone),
    address: w.address,
    lon: lon ?? null,
    lat: lat ?? null,
    ...located,
    deadline_at: deadline,
  });
  if (id === null) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null };
  return { externalId: w.externalId, status: reason === null ? 'accepted' : 'rejected', reason, warningId: id, deadlineAt: deadline };
}

async function intakeBatch(ctx: Ctx, actor: Actor, source: string, warnings: readonly FraudWarningIn[], fieldOf: FieldOf): Promise<FraudIntakeResult> {
  const now = ctx.clock.now();
  check(warnings, now, fieldOf);
  const results = await ctx.db.transaction().execute(async (tx) => {
    const seen = new Set<string>();
    const out: Result[] = [];
    for (const w of warnings) {
      if (seen.has(w.externalId)) {
        out.push({ externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null });
        continue;
      }
      seen.add(w.externalId);
      out.push(await intakeOne(ctx, tx, actor, source, w, now));
    }
    const accepted = out.filter((r) => r.status === 'accepted').length;
    await audit(tx, actor, 'fraud.intake', 'fraud_warning', null, { source, received: warnings.length, accepted });
    return out;
  });
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { results, accepted, rejected: results.length - accepted };
}

/** The JSON intake (`POST /api/fraud/warnings`). */
export async function intake(ctx: Ctx, actor: Actor, body: FraudIntakeBody): Promise<FraudIntakeResult> {
  authorize(actor, 'fraud.intake');
  return intakeBatch(ctx, actor, body.source, body.warnings, jsonField);
}

const checkRow = makeAjv(false).compile(FraudWarningInS);

/** The fields of a warning and the headers a CSV may give them (the JSON name, or Chinese as the centre exports). */
const HEADERS: Record<keyof FraudWarningIn, readonly string[]> = {
  externalId: ['externalId', '外部编号', '预警编号', '编号'],
  fraudType: ['fraudType', '诈骗类型', '预警类型', '类型'],
  personName: ['personName', '姓名', '当事人', '当事人姓名'],
  phone: ['phone', '电话', '手机号', '手机号码', '联系电话'],
  address: ['address', '地址', '住址', '现住址'],
  lon: ['lon', '经度'],
  lat: ['lat', '纬度'],
  amountAtRisk: ['amountAtRisk', '涉案金额', '涉及金额', '金额'],
  warnedAt: ['warnedAt', '预警时间', '时间'],
};
const FIELD_ZH: Record<keyof FraudWarningIn, string> = { externalId: '外部编号', fraudType: '诈骗类型', personName: '姓名', phone: '电话', address: '地址', lon: '经度', lat: '纬度', amountAtRisk: '涉案金额', warnedAt: '预警时间' };
const REQUIRED = ['externalId', 'fraudType', 'address', 'warnedAt'] as const;

/** The text of a CSV file (UTF-8 with or without BOM, or GBK): moved to lib/tabular, shared with the other imports. */
export { decodeCsv };

/** '2026-12-07 07:30:00' / '2026/12/7 7:30' (local time at `offsetMin` east of UTC) as ISO 8601; ISO 8601 as given. */
export function csvTime(v: string, offsetMin: number): string {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return v.trim();
  const p2 = (x: string | undefined) => (x ?? '0').padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const off = `${sign}${p2(String(Math.floor(Math.abs(offsetMin) / 60)))}:${p2(String(Math.abs(offsetMin) % 60))}`;
  return `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${m[5]}:${p2(m[6])}${off}`;
}

/** Why a value is refused, in Chinese, from the schema check's keyword. */
function schemaZh(keyword: string): string {
  switch (keyword) {
    case 'required':
      return '必填项为空';
    case 'minLength':
      return '不能为空';
    case 'maxLength':
      return '内容太长';
    case 'pattern':
      return '格式不正确';
    case 'format':
      return '不是有效的时间（应为 2026-12-07 07:30:00 或 ISO 8601，且日期存在）';
    case 'minimum':
    case 'maximum':
      return '超出允许范围';
    case 'type':
      return '类型不正确';
    default:
      return '值不符合要求';
  }
}

export interface ParsedCsv {
  /** Good rows with their row number (from 1, after the header). */
  rows: { row: number; warning: FraudWarningIn }[];
  invalid: FraudInvalidRow[];
}

/**
 * Reads the CSV form of the intake: the header in JSON names or Chinese (see HEADERS); each row becomes a warning or
 * an entry of `invalid` with its row, column (as headed in the file), value and reason in Chinese. The file itself
 * is refused (INVALID_CSV) only when it cannot be read, has no rows, or lacks a required column.
 */
export function parseWarningsCsv(text: string, now: Date, offsetMin: number): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new AppError('INVALID_CSV', `The CSV file is not valid: ${(e as Error).message}`);
  }
  if (records.length < 2) throw new AppError('INVALID_CSV', 'The CSV file has no rows');
  const header = records[0]!;
  const col = new Map<keyof FraudWarningIn, number>();
  for (const [field, names] of Object.entries(HEADERS) as [keyof FraudWarningIn, readonly string[]][]) {
    const k = header.findIndex((h) => names.some((n) => n.toLowerCase() === h.toLowerCase()));
    if (k >= 0) col.set(field, k);
  }
  const missing = REQUIRED.find((c) => !col.has(c));
  if (missing) throw new AppError('INVALID_CSV', `The CSV file has no column ${missing} (${FIELD_ZH[missing]})`, { field: missing, column: FIELD_ZH[missing] });
  const out: ParsedCsv = { rows: [], invalid: [] };
  records.slice(1).forEach((rec, i) => {
    const row = i + 1;
    const cell = (f: keyof FraudWarningIn) => (col.has(f) ? (rec[col.get(f)!] ?? '') : '');
    const colName = (f: string) => (col.has(f as keyof FraudWarningIn) ? header[col.get(f as keyof FraudWarningIn)!]! : (FIELD_ZH[f as keyof FraudWarningIn] ?? f));
    const bad: FraudInvalidRow[] = [];
    const o: Record<string, unknown> = { externalId: cell('externalId'), fraudType: cell('fraudType'), address: cell('address'), warnedAt: csvTime(cell('warnedAt'), offsetMin) };
    if (cell('personName')) o.personName = cell('personName');
    if (cell('phone')) o.phone = cell('phone');
    for (const k of ['lon', 'lat', 'amountAtRisk'] as const) {
      const v = cell(k).replace(/,/g, '');
      if (!v) continue;
      const n = Number(v);
      if (!Number.isFinite(n)) bad.push({ row, column: colName(k), value: cell(k), message: '不是数字' });
      else o[k] = n;
    }
    if (!bad.length && !checkRow(o)) {
      for (const e of checkRow.errors ?? []) {
        const f = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty ?? '') : e.instancePath.slice(1);
        if (!bad.some((b) => b.column === colName(f))) bad.push({ row, column: colName(f), value: cell(f as keyof FraudWarningIn), message: schemaZh(e.keyword) });
      }
    }
    if (!bad.length) for (const p of problems(o as FraudWarningIn, now)) bad.push({ row, column: colName(p.field), value: p.field === 'lon' || p.field === 'lat' ? `${cell('lon')},${cell('lat')}` : cell(p.field as keyof FraudWarningIn).replace(/\u0000/g, '\\0'), message: p.zh });
    if (bad.length) out.invalid.push(...bad);
    else out.rows.push({ row, warning: o as FraudWarningIn });
  });
  return out;
}

/**
 * The CSV intake (`POST /api/fraud/warnings/import?source=X`): the good rows are taken, each bad one reported in
 * `invalidRows`. Each row is written whole in its own transaction or not at all (a value the database refuses
 * rejects that row only, with its reason); a duplicate within the file or of an earlier warning is answered as such.
 */
export async function importCsv(ctx: Ctx, actor: Actor, source: string, data: string | Uint8Array): Promise<FraudIntakeResult> {
  authorize(actor, 'fraud.intake');
  const now = ctx.clock.now();
  const parsed = parseWarningsCsv(typeof data === 'string' ? data : decodeCsv(data), now, ctx.config.utcOffsetMinutes);
  const invalid = [...parsed.invalid];
  const results: Result[] = [];
  const seen = new Set<string>();
  for (const { row, warning: w } of parsed.rows) {
    if (seen.has(w.externalId)) {
      results.push({ externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null });
      continue;
    }
    seen.add(w.externalId);
    try {
      results.push(await ctx.db.transaction().execute((tx) => intakeOne(ctx, tx, actor, source, w, now)));
    } catch (e) {
      // only a value the database refuses (SQLSTATE class 22 data exception, 23 integrity) is this row's fault
      const state = (e as { code?: unknown }).code;
      if (e instanceof AppError || typeof state !== 'string' || !/^2[23]/.test(state)) throw e;
      // the database refused a value of this row: the row is not written (its transaction rolled back), the others stand
      invalid.push({ row, column: '（整行）', value: w.externalId, message: '数据库拒绝写入此行，未导入' });
    }
  }
  const accepted = results.filter((r) => r.status === 'accepted').length;
  await audit(ctx.db, actor, 'fraud.intake', 'fraud_warning', null, { source, received: parsed.rows.length + new Set(parsed.invalid.map((x) => x.row)).size, accepted, invalidRows: invalid.length });
  invalid.sort((a, b) => a.row - b.row);
  return { results, accepted, rejected: results.length - accepted, invalidRows: invalid };
}
