// The must-patrol points kind of the Excel exchange (必巡点位). A row is a point by its code: a new code creates it,
// an existing one edits it (moving it with new coordinates, retiring or reactivating it with 状态), each through the
// patrol administration's own services (modules/patrol/admin.ts), so a station lead's file is held to the station and
// a point that a published plan of today or later still uses is not retired.
import {
  CreatePatrolPointBody,
  PATROL_POINT_KINDS,
  PATROL_POINT_KIND_LABELS,
  PATROL_TIERS,
  PATROL_TIER_LABELS,
  UpdatePatrolPointBody,
  type PatrolPoint,
  type PatrolPointKind,
  type PatrolTier,
  type PlanUse,
} from '@jingwang/contracts';
import { AppError } from '../../../lib/errors';
import * as patrol from '../../patrol/admin';
import { CellFaults, schemaFaults, type Column, type KindDef, type RowIn } from '../service';
import { changeSet, choice, choicesZh, columnOf, duplicates, Faults, schemaCells } from './common';

const STATUS = { active: '在用', retired: '停用' } as const;

const COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编号', en: 'Code', aliases: ['点位编号'], required: true, rule: '必填，字母、数字、点、横线或下划线，最多40位；已有的编号则修改该点位，新的编号则新增。', example: 'XS-SCHOOL-01' },
  { key: 'name', zh: '名称', en: 'Name', aliases: ['点位名称'], required: true, rule: '必填，最多80字。', example: '实验小学门口' },
  { key: 'kind', zh: '类型', en: 'Kind', aliases: ['点位类型'], required: true, rule: `必填，可选：${choicesZh(PATROL_POINT_KINDS, PATROL_POINT_KIND_LABELS)}。`, example: PATROL_POINT_KIND_LABELS.must_arrive.zh },
  { key: 'tier', zh: '巡防层级', en: 'Tier', aliases: ['层级'], required: true, rule: `必填，可选：${choicesZh(PATROL_TIERS, PATROL_TIER_LABELS)}（也可只写街面、社区、网格）。`, example: PATROL_TIER_LABELS.street.zh },
  { key: 'lon', zh: '经度', en: 'Longitude', aliases: ['lng'], required: true, rule: '必填，WGS-84 经度（如 120.0125），须在本县某个派出所辖区内（所长只能填本所辖区内的位置）。', example: '120.0125' },
  { key: 'lat', zh: '纬度', en: 'Latitude', required: true, rule: '必填，WGS-84 纬度（如 32.0151）。', example: '32.0151' },
  { key: 'visitsPerShift', zh: '每班次数', en: 'Visits per shift', aliases: ['每班巡查次数'], required: true, rule: '必填，每个班次须到访的次数，1到12。', example: '2' },
  { key: 'dwellMinutes', zh: '停留分钟', en: 'Dwell minutes', aliases: ['停留时间'], required: true, rule: '必填，每次停留的分钟数，0到240；有时间窗时须不超过时间窗的长度。', example: '10' },
  { key: 'windowStart', zh: '时间窗开始', en: 'Window start', rule: '可留空（整个班次）；本地时间 HH:MM，如 07:30。开始和结束须同时填写，可跨午夜（如 22:00 到 02:00）。', example: '07:30' },
  { key: 'windowEnd', zh: '时间窗结束', en: 'Window end', rule: '与时间窗开始同时填写，本地时间 HH:MM。', example: '08:30' },
  { key: 'minGapMinutes', zh: '最小间隔分钟', en: 'Min gap minutes', aliases: ['间隔分钟'], rule: '可留空（0）；两次到访之间至少相隔的分钟数，0到720。', example: '60' },
  { key: 'radiusM', zh: '签到半径米', en: 'Radius m', aliases: ['签到半径'], rule: '可留空（50）；自动签到的电子围栏半径，10到500米。', example: '50' },
  { key: 'status', zh: '状态', en: 'Status', rule: `可留空（${STATUS.active}）；${STATUS.active}或${STATUS.retired}。今天或以后已发布的巡防计划仍在使用的点位不能停用。`, example: STATUS.active },
];
const FIELD: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  tier: 'tier',
  lon: 'lon',
  lat: 'lat',
  visitsPerShift: 'visitsPerShift',
  dwellMinutes: 'dwellMinutes',
  windowStart: 'windowStart',
  windowEnd: 'windowEnd',
  minGapMinutes: 'minGapMinutes',
  radiusM: 'radiusM',
  active: 'status',
  id: 'status',
  version: 'code',
};
const column = columnOf(FIELD, 'code');

const p2 = (n: number) => String(n).padStart(2, '0');

/** A local time of day: 'HH:MM' (also H:MM, with seconds, a full-width colon), an Excel time cell or fraction. */
export function readClock(v: string): string | null {
  let s = v.trim().replace(/^1899-12-3[01] /, '');
  if (/^0?\.\d+$/.test(s)) {
    const mins = Math.round(Number(s) * 1440);
    s = `${Math.floor(mins / 60) % 24}:${p2(mins % 60)}`;
  }
  const m = /^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/.exec(s);
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${p2(h)}:${p2(mi)}`;
}

function readInt(f: Faults, key: string, v: string | undefined, min: number, max: number, required: boolean): number | null {
  if (!v) {
    if (required) f.add(key, 'REQUIRED', '必填');
    return null;
  }
  const n = Number(v.replace(/[分钟米次\s]/g, ''));
  if (!Number.isInteger(n)) f.add(key, 'BAD_NUMBER', '须为整数');
  else if (n < min || n > max) f.add(key, 'OUT_OF_RANGE', `须在${min}到${max}之间`);
  else return n;
  return null;
}

function readCoord(f: Faults, key: 'lon' | 'lat', v: string | undefined): number | null {
  if (!v) {
    f.add(key, 'REQUIRED', '必填');
    return null;
  }
  const n = Number(v);
  const [lo, hi] = key === 'lon' ? [-180, 180] : [-90, 90];
  if (!Number.isFinite(n) || v.trim() === '') f.add(key, 'BAD_NUMBER', '须为数字（WGS-84 经纬度，如 120.0125）');
  else if (n < lo || n > hi) f.add(key, 'OUT_OF_RANGE', `须在${lo}到${hi}之间`);
  else return n;
  return null;
}

const VALIDATION_ZH: [RegExp, string, string][] = [
  [/needs both a start and an end/, 'windowStart', '时间窗的开始和结束须同时填写'],
  [/window is empty/, 'windowEnd', '时间窗开始和结束不能相同'],
  [/does not fit in the window/, 'dwellMinutes', '停留时间超过了时间窗的长度'],
  [/do not fit in a day/, 'minGapMinutes', '多次到访的间隔加起来超过一天'],
  [/move gives both/, 'lon', '经度和纬度须同时填写'],
];

/** The patrol services' refusals as the row's cells, in Chinese (the plans that still use a point are named). */
function cellFaultsOf(row: number, e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const at = (key: string, code: string, reason: string) => new CellFaults([{ row, key, code, reason }]);
  const field = (e.details as { field?: string } | undefined)?.field ?? '';
  switch (e.code) {
    case 'OUTSIDE_JURISDICTION':
      return at(column(field), e.code, '位置不在本县任何派出所的辖区内');
    case 'OUT_OF_SCOPE':
      return at(field === '/active' || field === '/id' ? 'status' : column(field), e.code, '位置不在您的管辖范围内');
    case 'DUPLICATE_PATROL_CODE':
      return at('code', e.code, '编号已被其他点位、线路或视频点位占用');
    case 'STILL_REFERENCED': {
      const plans = ((e.details as { plans?: PlanUse[] } | undefined)?.plans ?? []).map((p) => `${p.date} ${p.shiftName}（${p.areaName ?? p.areaId}，计划#${p.planId}）`);
      return at('status', e.code, `今天或以后已发布的巡防计划仍在使用该点位：${plans.join('、')}；先取消或调整计划再停用`);
    }
    case 'VALIDATION_FAILED': {
      const list = Array.isArray(e.details) ? (e.details as { field?: string; message?: string }[]) : [];
      const faults = list.map((d) => {
        const hit = VALIDATION_ZH.find(([re]) => re.test(d.message ?? ''));
        return { row, key: hit?.[1] ?? column(d.field ?? ''), code: e.code, reason: hit?.[2] ?? `不符合规则（${d.message ?? e.message}）` };
      });
      return faults.length ? new CellFaults(faults) : e;
    }
    default:
      return e;
  }
}

export const patrolPoints: KindDef = {
  sheet: '必巡点位',
  columns: COLUMNS,
  manage: 'patrol.manage',
  read: 'patrol.read',
  checkFile: (rows) => duplicates(rows, 'code', (r) => r.cells.code ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: column(field) }),
  async apply(ctx, actor, [r]) {
    const row = r as RowIn;
    const c = row.cells;
    const f = new Faults(row.row);
    if (!c.code) f.add('code', 'REQUIRED', '必填');
    if (!c.name) f.add('name', 'REQUIRED', '必填');
    const kind = c.kind ? choice<PatrolPointKind>(c.kind, PATROL_POINT_KINDS, PATROL_POINT_KIND_LABELS) : null;
    if (!c.kind) f.add('kind', 'REQUIRED', '必填');
    else if (!kind) f.add('kind', 'UNKNOWN_VALUE', `不是可选的类型（${choicesZh(PATROL_POINT_KINDS, PATROL_POINT_KIND_LABELS)}）`);
    // 街面 / 社区 / 网格 as written in a duty sheet, without 巡防
    const tier = c.tier ? (choice<PatrolTier>(c.tier, PATROL_TIERS, PATROL_TIER_LABELS) ?? choice<PatrolTier>(`${c.tier}巡防`, PATROL_TIERS, PATROL_TIER_LABELS)) : null;
    if (!c.tier) f.add('tier', 'REQUIRED', '必填');
    else if (!tier) f.add('tier', 'UNKNOWN_VALUE', `不是可选的巡防层级（${choicesZh(PATROL_TIERS, PATROL_TIER_LABELS)}）`);
    const lon = readCoord(f, 'lon', c.lon);
    const lat = readCoord(f, 'lat', c.lat);
    const visitsPerShift = readInt(f, 'visitsPerShift', c.visitsPerShift, 1, 12, true);
    const dwellMinutes = readInt(f, 'dwellMinutes', c.dwellMinutes, 0, 240, true);
    const minGapMinutes = readInt(f, 'minGapMinutes', c.minGapMinutes, 0, 720, false) ?? 0;
    const radiusM = readInt(f, 'radiusM', c.radiusM, 10, 500, false) ?? 50;
    const windowStart = c.windowStart ? readClock(c.windowStart) : null;
    if (c.windowStart && !windowStart) f.add('windowStart', 'BAD_TIME', '时间格式不对（如 07:30）');
    const windowEnd = c.windowEnd ? readClock(c.windowEnd) : null;
    if (c.windowEnd && !windowEnd) f.add('windowEnd', 'BAD_TIME', '时间格式不对（如 08:30）');
    if (!c.windowStart !== !c.windowEnd) f.add(c.windowStart ? 'windowEnd' : 'windowStart', 'REQUIRED', '时间窗的开始和结束须同时填写');
    const status = (c.status ?? '').trim();
    const active = status === '' || ['在用', '启用', '有效', 'active'].includes(status.toLowerCase()) ? true : ['停用', '撤销', '退役', 'retired', 'inactive'].includes(status.toLowerCase()) ? false : null;
    if (active === null) f.add('status', 'UNKNOWN_VALUE', `状态只能是${STATUS.active}或${STATUS.retired}`);
    const cur = c.code ? await patrol.pointByCode(ctx, actor, c.code) : null;
    if (cur === 'hidden') f.add('code', 'PATROL_POINT_NOT_FOUND', '该编号的点位不在您的管辖范围内');
    f.throwIfAny();
    const key = c.code!;
    const fields = { name: c.name!, kind: kind!, tier: tier!, lon: lon!, lat: lat!, visitsPerShift: visitsPerShift!, dwellMinutes: dwellMinutes!, windowStart, windowEnd, minGapMinutes, radiusM };
    try {
      if (cur === null) {
        const body = { code: key, ...fields };
        const bad = schemaFaults(CreatePatrolPointBody, body);
        if (bad.length) throw schemaCells(row.row, bad, column);
        const p = await patrol.createPoint(ctx, actor, body);
        if (active === false) await patrol.retirePoint(ctx, actor, p.id, { version: p.version, reason: 'Excel 导入' });
        return [{ action: 'create', key, changes: COLUMNS.filter((col) => c[col.key]).map((col) => col.key) }];
      }
      const old = cur as PatrolPoint;
      const { patch, changes, set } = changeSet();
      set('name', 'name', fields.name, fields.name === old.name);
      set('kind', 'kind', fields.kind, fields.kind === old.kind);
      set('tier', 'tier', fields.tier, fields.tier === old.tier);
      if (fields.lon !== old.lon || fields.lat !== old.lat) {
        set('lon', 'lon', fields.lon, fields.lon === old.lon);
        set('lat', 'lat', fields.lat, fields.lat === old.lat);
        patch.lon = fields.lon;
        patch.lat = fields.lat;
      }
      set('visitsPerShift', 'visitsPerShift', fields.visitsPerShift, fields.visitsPerShift === old.visitsPerShift);
      set('dwellMinutes', 'dwellMinutes', fields.dwellMinutes, fields.dwellMinutes === old.dwellMinutes);
      set('windowStart', 'windowStart', windowStart, windowStart === old.windowStart);
      set('windowEnd', 'windowEnd', windowEnd, windowEnd === old.windowEnd);
      set('minGapMinutes', 'minGapMinutes', minGapMinutes, minGapMinutes === old.minGapMinutes);
      set('radiusM', 'radiusM', radiusM, radiusM === old.radiusM);
      set('status', 'active', active, active === old.active);
      if (changes.length === 0) return [{ action: 'unchanged', key, changes }];
      const body = { version: old.version, ...patch };
      const bad = schemaFaults(UpdatePatrolPointBody, body);
      if (bad.length) throw schemaCells(row.row, bad, column);
      await patrol.updatePoint(ctx, actor, old.id, body as UpdatePatrolPointBody);
      return [{ action: 'update', key, changes }];
    } catch (e) {
      throw cellFaultsOf(row.row, e);
    }
  },
  async exportRows(ctx, actor) {
    const points = await patrol.pointsToExport(ctx, actor);
    return points.map((p) => [
      p.code,
      p.name,
      PATROL_POINT_KIND_LABELS[p.kind]?.zh ?? p.kind,
      PATROL_TIER_LABELS[p.tier]?.zh ?? p.tier,
      String(p.lon),
      String(p.lat),
      String(p.visitsPerShift),
      String(p.dwellMinutes),
      p.windowStart ?? '',
      p.windowEnd ?? '',
      String(p.minGapMinutes),
      String(p.radiusM),
      p.active ? STATUS.active : STATUS.retired,
    ]);
  },
};
