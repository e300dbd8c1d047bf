// Excel as the exchange format (issue 12 part 4). Per kind (people, units, duty rosters): a template (.xlsx with a
// 说明 sheet, or CSV), a preview and an apply of an uploaded file, and an export with the template's columns, so an
// export re-imports to no change.
//
// The rules are the administration's own: every row goes through the same services the admin forms call
// (createPerson, updateUnit, putRoster, ... with their contract schema checked first), inside ONE database
// transaction, each row (or roster day) under a savepoint so a refused row does not spoil the others. A preview rolls
// the transaction back and reports what would happen; an apply commits only when no row is at fault (else 422
// IMPORT_REJECTED with the bad cells, nothing written). What the services publish to the browsers is held back
// until the commit (a preview publishes nothing).
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import type { ErrorCode, ExchangeKind, ExchangeProblem, ExchangeResult, ExchangeRow, ExchangeUploadBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { readTable, writeCsv, writeXlsx } from '../../lib/tabular';
import { publish, type ChangeKind } from '../../realtime/publish';
import { audit } from '../audit/service';
import { authorize, type Actor, type Permission } from '../auth/policy';
import { savepoint } from './repo';

export interface Column {
  key: string;
  zh: string;
  en: string;
  aliases?: readonly string[];
  required?: boolean;
  /** The column's rule, in Chinese, for the 说明 sheet. */
  rule: string;
  /** An example value for the template. */
  example: string;
}

export interface RowIn {
  row: number;
  cells: Record<string, string>;
}

export interface Outcome {
  action: 'create' | 'update' | 'unchanged';
  key: string;
  /** Column keys set (create) or changed (update). */
  changes: string[];
}

export interface CellFault {
  row: number;
  key: string;
  code: string;
  reason: string;
}

/** Faults found in cells before a service is called (unknown codes, bad values). */
export class CellFaults extends Error {
  constructor(readonly faults: CellFault[]) {
    super('cell faults');
  }
}

export interface KindDef {
  sheet: string;
  columns: readonly Column[];
  manage: Permission;
  read: Permission;
  /** Rows applied together under one savepoint (a roster day); default each row alone. */
  group?(rows: RowIn[]): RowIn[][];
  /** Checks the file as a whole (duplicate keys); faults found here refuse those rows. */
  checkFile?(rows: RowIn[]): CellFault[];
  /** Applies a group of rows through the services (on a transaction's ctx); one outcome per row. */
  apply(ctx: Ctx, actor: Actor, rows: RowIn[]): Promise<Outcome[]>;
  /** The row and column key of a service error's field (a JSON pointer of the body). */
  cellOf(field: string, rows: RowIn[]): { row: number; key: string };
  /** The rows of the export, each in the order of `columns`. */
  exportRows(ctx: Ctx, actor: Actor, q: ExportQuery): Promise<string[][]>;
  /** The kind's own Chinese for its services' refusals, read before the shared tables (message patterns, then codes). */
  reasons?: { messages?: readonly [RegExp, string][]; codes?: Readonly<Record<string, string>> };
}

export interface ExportQuery {
  from?: string;
  days?: number;
}

// ------------------------------------------------------------------ errors in Chinese

const CODE_ZH: Partial<Record<ErrorCode, string>> = {
  AGENCY_NOT_FOUND: '单位不存在，或不在您的管辖范围内',
  TEAM_NOT_FOUND: '队组不存在，或不在您的管辖范围内',
  PERSON_NOT_FOUND: '人员不存在，或不在您的管辖范围内',
  AREA_NOT_FOUND: '区域不存在、已撤销，或不在您的管辖范围内',
  UNIT_NOT_FOUND: '单元不存在，或不在您的管辖范围内',
  DUPLICATE_CODE: '编号（呼号）已被占用',
  STALE_VERSION: '记录在导入过程中被他人修改，请重新预览',
  FORBIDDEN: '您的角色无权执行此操作',
  STILL_REFERENCED: '记录仍被引用',
  ROSTER_NOT_FOUND: '值班表不存在',
};

const MESSAGE_ZH: [RegExp, string][] = [
  [/serves in echelon 3 only/, '城管综合应急队和青年突击队只能编入第三梯队'],
  [/same person as the leader/, '副职不能与负责人为同一人'],
  [/responsibility area (of|in) your station/, '须属于本所的队组或在本所有责任区'],
  [/must start on/, '开始时间须在当天（本地时间）'],
  [/must be after the start/, '结束时间须晚于开始时间'],
  [/at most 24 hours/, '一次值班最长24小时'],
];

export function reasonZh(code: string, message: string, own: KindDef['reasons'] = {}): string {
  for (const [re, zh] of own.messages ?? []) if (re.test(message)) return zh;
  const mine = own.codes?.[code];
  if (mine !== undefined) return mine;
  for (const [re, zh] of MESSAGE_ZH) if (re.test(message)) return zh;
  return CODE_ZH[code as ErrorCode] ?? `不符合规则（${message}）`;
}

/** The contract schema's check of a body the services take, as field errors in Chinese (the routes check the same). */
export function schemaFaults(schema: TSchema, body: unknown): { field: string; code: string; reason: string }[] {
  const out: { field: string; code: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, body)) {
    const field = e.path || '/';
    if (seen.has(field)) continue;
    seen.add(field);
    const s = e.schema as { maxLength?: number; minLength?: number; pattern?: string; maxItems?: number; uniqueItems?: boolean; minimum?: number; maximum?: number };
    let reason = '格式不正确';
    if (typeof s.maxLength === 'number' && typeof e.value === 'string' && e.value.length > s.maxLength) reason = `内容过长（最多${s.maxLength}字）`;
    else if (typeof s.minLength === 'number' && typeof e.value === 'string' && e.value.trim().length < s.minLength) reason = '不能为空';
    else if (s.maxItems !== undefined && Array.isArray(e.value) && e.value.length > s.maxItems) reason = `最多${s.maxItems}项`;
    else if (s.uniqueItems && Array.isArray(e.value)) reason = '有重复项';
    else if (e.value === undefined) reason = '必填';
    out.push({ field, code: 'VALIDATION_FAILED', reason });
  }
  return out;
}

function faultsOf(def: KindDef, e: unknown, rows: RowIn[]): CellFault[] {
  if (e instanceof CellFaults) return e.faults;
  if (!(e instanceof AppError)) throw e;
  const fields: { field: string; message: string }[] = Array.isArray(e.details)
    ? (e.details as { field?: string; message?: string }[]).map((d) => ({ field: d.field ?? '/', message: d.message ?? e.message }))
    : [{ field: (e.details as { field?: string } | undefined)?.field ?? '/', message: e.message }];
  return fields.map((f) => ({ ...def.cellOf(f.field, rows), code: e.code, reason: reasonZh(e.code, f.message, def.reasons) }));
}

// ------------------------------------------------------------------ one transaction, services inside it

/** A ctx whose database is the open transaction (a service's own transaction joins it) and whose publications wait. */
function txCtx(ctx: Ctx, tx: Db, held: { kind: ChangeKind; ids: number[] }[]): Ctx {
  const db: Db = new Proxy(tx, {
    get(t, p) {
      if (p === 'transaction') {
        const joined = { execute: <T>(fn: (x: Db) => Promise<T>) => fn(db), setIsolationLevel: () => joined };
        return () => joined;
      }
      const v = Reflect.get(t, p, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  const realtime = Object.create(ctx.realtime) as Ctx['realtime'];
  realtime.local = async (_c: Ctx, kind: ChangeKind, ids: number[]) => {
    held.push({ kind, ids });
  };
  return { ...ctx, db, bus: null, realtime };
}


class Rollback extends Error {
  constructor(readonly result: ExchangeResult) {
    super('preview');
  }
}

const MAX_ROWS = 5000;
const ITEMS = 500;

/** Reads the file and maps its headers (Chinese, the English label or the field name) to the kind's columns. */
async function readRows(def: KindDef, b: ExchangeUploadBody): Promise<{ rows: RowIn[]; header: Map<string, string> }> {
  const bytes = Buffer.from(b.data, 'base64');
  if (bytes.length === 0) throw new AppError('INVALID_IMPORT', 'The file is empty', { field: '/data' });
  const read = await readTable(b.filename, bytes, { strict: true });
  const table = read.map((r) => r.cells);
  if (table.length < 1) throw new AppError('INVALID_IMPORT', 'The file has no header row', { field: '/data' });
  const head = table[0]!.map((h) => h.replace(/^\uFEFF/, '').replace(/[*＊]$/, '').trim().toLowerCase());
  const header = new Map<string, string>();
  const index = new Map<string, number>();
  for (const c of def.columns) {
    const names = [c.zh, c.en, c.key, ...(c.aliases ?? [])].map((x) => x.toLowerCase());
    const k = head.findIndex((h) => names.includes(h));
    if (k >= 0) {
      index.set(c.key, k);
      header.set(c.key, table[0]![k]!.replace(/^\uFEFF/, '').trim());
    }
  }
  if (index.size === 0) {
    throw new AppError('INVALID_IMPORT', `No header of the file is known (read: ${table[0]!.slice(0, 6).join(', ')}); use the template's headers`, { field: '/data', headers: table[0]!.slice(0, 20) });
  }
  const missing = def.columns.filter((c) => c.required && !index.has(c.key));
  if (missing.length) throw new AppError('INVALID_IMPORT', `The file has no column ${missing.map((c) => c.zh).join(', ')}`, { field: '/data', columns: missing.map((c) => c.zh) });
  if (table.length - 1 > MAX_ROWS) throw new AppError('INVALID_IMPORT', `At most ${MAX_ROWS} rows per file`, { field: '/data' });
  // a row of empty cells (",,,," in a CSV) is no record; a row is named by its line in the sheet, as Excel shows it
  const rows = table
    .slice(1)
    .map((rec, i) => ({
      row: read[i + 1]!.line,
      cells: Object.fromEntries(def.columns.map((c) => [c.key, index.has(c.key) ? (rec[index.get(c.key)!] ?? '').trim() : ''])),
    }))
    .filter((r) => Object.values(r.cells).some((v) => v !== ''));
  return { rows, header };
}

/**
 * Checks every row of the file through the services in one transaction; with `apply` and no row at fault, commits
 * it (audited), else rolls it back. An apply with faults is 422 IMPORT_REJECTED (details: the result).
 */
export async function run(ctx: Ctx, actor: Actor, kind: ExchangeKind, def: KindDef, b: ExchangeUploadBody, apply: boolean): Promise<ExchangeResult> {
  authorize(actor, def.manage);
  const { rows, header } = await readRows(def, b);
  const colName = (key: string) => header.get(key) ?? def.columns.find((c) => c.key === key)?.zh ?? key;
  const held: { kind: ChangeKind; ids: number[] }[] = [];
  const groups = def.group ? def.group(rows) : rows.map((r) => [r]);
  const fileFaults = def.checkFile?.(rows) ?? [];
  let result: ExchangeResult;
  try {
    result = await ctx.db.transaction().execute(async (tx) => {
      const c = txCtx(ctx, tx, held);
      const faults: CellFault[] = [...fileFaults];
      const refused = new Set(fileFaults.map((f) => f.row));
      const outcomes = new Map<number, Outcome>();
      for (const g of groups) {
        if (g.some((r) => refused.has(r.row))) continue;
        await savepoint(tx, 'savepoint');
        try {
          const out = await def.apply(c, actor, g);
          g.forEach((r, i) => outcomes.set(r.row, out[i]!));
          await savepoint(tx, 'release savepoint');
        } catch (e) {
          await savepoint(tx, 'rollback to savepoint');
          faults.push(...faultsOf(def, e, g));
        }
      }
      faults.sort((a, b2) => a.row - b2.row);
      const problems: ExchangeProblem[] = faults.map((f) => ({
        row: f.row,
        column: colName(f.key),
        value: (rows.find((r) => r.row === f.row)?.cells[f.key] ?? '').slice(0, 200),
        code: f.code,
        reason: f.reason,
      }));
      const bad = new Set(faults.map((f) => f.row));
      const items: ExchangeRow[] = rows.slice(0, ITEMS).map((r) => {
        const o = outcomes.get(r.row);
        const cells = Object.fromEntries(def.columns.map((col) => [colName(col.key), r.cells[col.key] ?? '']));
        if (bad.has(r.row) || !o) return { row: r.row, key: o?.key ?? '', action: 'error' as const, changes: [], cells };
        return { row: r.row, key: o.key, action: o.action, changes: o.changes.map(colName), cells };
      });
      const count = (a: Outcome['action']) => rows.filter((r) => !bad.has(r.row) && outcomes.get(r.row)?.action === a).length;
      const res: ExchangeResult = {
        kind,
        columns: def.columns.map((col) => colName(col.key)),
        rows: rows.length,
        created: count('create'),
        updated: count('update'),
        unchanged: count('unchanged'),
        problems,
        items,
        applied: false,
      };
      if (!apply || problems.length > 0 || rows.length === 0) throw new Rollback(res);
      res.applied = true;
      await audit(tx, actor, 'exchange.applied', kind, null, { filename: b.filename, rows: res.rows, created: res.created, updated: res.updated, unchanged: res.unchanged });
      return res;
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    if (apply) {
      if (e.result.rows === 0) throw new AppError('INVALID_IMPORT', 'The file has no rows', { field: '/data' });
      throw new AppError('IMPORT_REJECTED', `${e.result.problems.length} cells at fault; nothing was written`, e.result);
    }
    return e.result;
  }
  for (const h of held) await publish(ctx, h.kind, h.ids);
  return result;
}

// ------------------------------------------------------------------ template and export

export async function template(def: KindDef, format: 'xlsx' | 'csv'): Promise<Buffer> {
  const header = def.columns.map((c) => (c.required ? `${c.zh}*` : c.zh));
  const example = def.columns.map((c) => c.example);
  if (format === 'csv') return writeCsv(header, [example]);
  return writeXlsx([
    { name: def.sheet, header, rows: [example] },
    {
      name: '说明',
      header: ['列名', '英文列名', '必填', '规则'],
      rows: [
        ...def.columns.map((c) => [c.zh, c.en, c.required ? '是' : '否', c.rule]),
        ['', '', '', ''],
        ['通用', 'General', '', '第一行为表头（中文或英文列名均可），第二行起每行一条记录；示例行请删除或改成真实数据。CSV 可为 UTF-8（带或不带 BOM）或 GBK 编码。先上传预览，所有行无误后才能导入，导入在一个事务中完成，全部成功或全部不写入。'],
      ],
      widths: [16, 18, 8, 90],
    },
  ]);
}

export async function exportFile(ctx: Ctx, actor: Actor, kind: ExchangeKind, def: KindDef, q: ExportQuery): Promise<Buffer> {
  authorize(actor, def.read);
  const rows = await def.exportRows(ctx, actor, q);
  await audit(ctx.db, actor, 'exchange.exported', kind, null, { rows: rows.length, ...q });
  return writeXlsx([{ name: def.sheet, header: def.columns.map((c) => (c.required ? `${c.zh}*` : c.zh)), rows }]);
}
