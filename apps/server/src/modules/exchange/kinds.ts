// The kinds of the Excel exchange: their columns (Chinese headers, the rule of each for the 说明 sheet), how a row
// becomes the body of the administration's own service call, and the export in the same columns.
import {
  DUTY_KINDS,
  DUTY_KIND_LABELS,
  PATROL_TIERS,
  PATROL_TIER_LABELS,
  PERSON_ROLES,
  PERSON_ROLE_LABELS,
  POSTS,
  PersonBody,
  PersonPatch,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  UnitBody,
  UnitPatch,
  type DutyKind,
  type ExchangeKind,
  type PatrolTier,
  type PersonRole,
  type Post,
  type RosterPutBody,
  type UnitType,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { excelSerialText } from '../../lib/tabular';
import { scopeIds } from '../auth/policy';
import * as org from '../org/service';
import * as roster from '../roster/service';
import * as units from '../units/service';
import * as unitAdmin from '../units/admin';
import * as repo from './repo';
import { CellFaults, schemaFaults, type CellFault, type Column, type KindDef, type Outcome, type RowIn } from './service';

// ------------------------------------------------------------------ cell readers

const norm = (s: string) => s.replace(/[\s()（）]/g, '').toLowerCase();

/** A value of a closed list: its key, its Chinese or English label (with or without the bracketed part). */
function choice<T extends string>(v: string, keys: readonly T[], labels: Record<T, { zh: string; en: string }>): T | null {
  const n = norm(v);
  for (const k of keys) {
    const l = labels[k];
    if ([k, l.zh, l.en, l.zh.split('（')[0]!].some((x) => norm(x) === n)) return k;
  }
  return null;
}

const choicesZh = <T extends string>(keys: readonly T[], labels: Record<T, { zh: string }>) => keys.map((k) => labels[k].zh).join('、');
const split = (v: string) => v.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

class Faults {
  list: CellFault[] = [];
  constructor(readonly row: number) {}
  add(key: string, code: string, reason: string) {
    this.list.push({ row: this.row, key, code, reason });
  }
  throwIfAny() {
    if (this.list.length) throw new CellFaults(this.list);
  }
}

/** Looks up agencies and teams by code or name (active ones), areas by code or unique name (current ones). */
async function lookups(ctx: Ctx) {
  const [ags, tms] = await Promise.all([repo.agencies(ctx.db), repo.teams(ctx.db)]);
  const by = (rows: repo.NamedRow[]) => (v: string) => rows.find((r) => r.code === v) ?? (rows.filter((r) => r.name === v).length === 1 ? rows.find((r) => r.name === v) : undefined);
  const tree = ctx.areas.tree();
  const live = tree.all().filter((n) => n.validTo === null);
  return {
    agency: by(ags),
    team: by(tms),
    agencyCode: new Map(ags.map((a) => [a.id, a.code])),
    teamCode: new Map(tms.map((t) => [t.id, t.code])),
    area: (v: string) => live.find((n) => n.code === v) ?? (live.filter((n) => n.name === v).length === 1 ? live.find((n) => n.name === v) : undefined),
    areaCode: (id: number | null) => (id === null ? '' : (tree.get(id)?.code ?? '')),
  };
}
type Lookups = Awaited<ReturnType<typeof lookups>>;

function duplicates(rows: RowIn[], key: string, keyOf: (r: RowIn) => string): CellFault[] {
  const seen = new Map<string, number>();
  const out: CellFault[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const first = seen.get(k);
    if (first !== undefined) out.push({ row: r.row, key, code: 'DUPLICATE_IN_FILE', reason: `与第${first}行重复` });
    else seen.set(k, r.row);
  }
  return out;
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

// ------------------------------------------------------------------ people

const PEOPLE_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编号', en: 'Code', aliases: ['人员编号'], rule: '留空为新增人员（编号由系统生成）；填写已有人员的编号则修改该人员。', example: '' },
  { key: 'name', zh: '姓名', en: 'Name', required: true, rule: '必填，最多64字。', example: '张三' },
  { key: 'role', zh: '身份', en: 'Role', aliases: ['角色', '人员类别'], required: true, rule: `必填，可选：${choicesZh(PERSON_ROLES, PERSON_ROLE_LABELS)}。`, example: PERSON_ROLE_LABELS.police.zh },
  { key: 'post', zh: '岗位', en: 'Post', rule: '社区民警岗位 A、B 或 C，可留空。', example: 'A' },
  { key: 'badgeNo', zh: '警号', en: 'Badge No', aliases: ['工号'], rule: '字母、数字、点、横线或下划线，最多32位，可留空。', example: '012345' },
  { key: 'phone', zh: '电话', en: 'Phone', aliases: ['手机号', '联系电话'], rule: '5到20位数字（可含 + 和 -），可留空。导出的电话已打码（如 138****1111），原样保留表示不修改。', example: '13800001111' },
  { key: 'agency', zh: '所属单位', en: 'Agency', aliases: ['单位'], required: true, rule: '必填，单位编号或名称（系统管理中已有的单位；所长只能填本所的单位）。', example: 'A1' },
  { key: 'team', zh: '队组', en: 'Team', rule: '队组编号或名称，可留空。', example: 'T1' },
  { key: 'areas', zh: '责任区', en: 'Areas', aliases: ['责任田'], rule: '区域编号或名称（网格、社区、村），多个用顿号或逗号分隔，可留空；所长须填本所的区域或本所的队组。', example: 'C11' },
];

function personCells(r: RowIn, look: Lookups, f: Faults) {
  const c = r.cells;
  const role = c.role ? choice<PersonRole>(c.role, PERSON_ROLES, PERSON_ROLE_LABELS) : null;
  if (!c.role) f.add('role', 'REQUIRED', '必填');
  else if (!role) f.add('role', 'UNKNOWN_VALUE', `不是可选的身份（${choicesZh(PERSON_ROLES, PERSON_ROLE_LABELS)}）`);
  const postV = c.post?.replace(/岗$/, '').toUpperCase() ?? '';
  const post = postV === '' ? null : (POSTS as readonly string[]).includes(postV) ? (postV as Post) : undefined;
  if (post === undefined) f.add('post', 'UNKNOWN_VALUE', '岗位只能是 A、B、C 或留空');
  const agency = c.agency ? look.agency(c.agency) : undefined;
  if (!c.agency) f.add('agency', 'REQUIRED', '必填');
  else if (!agency) f.add('agency', 'AGENCY_NOT_FOUND', '单位不存在（填单位编号或名称）');
  const team = c.team ? look.team(c.team) : undefined;
  if (c.team && !team) f.add('team', 'TEAM_NOT_FOUND', '队组不存在（填队组编号或名称）');
  const areaIds: number[] = [];
  for (const a of split(c.areas ?? '')) {
    const n = look.area(a);
    if (!n) f.add('areas', 'AREA_NOT_FOUND', `区域“${a}”不存在或已撤销`);
    else if (!areaIds.includes(n.id)) areaIds.push(n.id);
  }
  if (!c.name) f.add('name', 'REQUIRED', '必填');
  return { name: c.name ?? '', role, post: post ?? null, badgeNo: c.badgeNo || null, phone: c.phone || null, agencyId: agency?.id ?? 0, teamId: team?.id ?? null, areaIds };
}

/** The column of a body's field ("/agencyId" -> 'agency') by a kind's map of fields, else `fallback`. */
const columnOf =
  (fields: Record<string, string>, fallback: string) =>
  (field: string): string =>
    fields[field.split('/')[1] ?? ''] ?? fallback;

/** A body's schema faults as the faults of the row's cells. */
const schemaCells = (row: number, bad: ReturnType<typeof schemaFaults>, column: (field: string) => string) =>
  new CellFaults(bad.map((b) => ({ row, key: column(b.field), code: b.code, reason: b.reason })));

const PERSON_FIELD: Record<string, string> = { name: 'name', role: 'role', post: 'post', badgeNo: 'badgeNo', phone: 'phone', agencyId: 'agency', teamId: 'team', areaIds: 'areas', id: 'code', version: 'code' };
const personColumn = columnOf(PERSON_FIELD, 'name');

const people: KindDef = {
  sheet: '人员',
  columns: PEOPLE_COLUMNS,
  manage: 'people.manage',
  read: 'people.read',
  checkFile: (rows) => duplicates(rows, 'code', (r) => r.cells.code ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: personColumn(field) }),
  async apply(ctx, actor, [r]) {
    const row = r!;
    const look = await lookups(ctx);
    const f = new Faults(row.row);
    const v = personCells(row, look, f);
    const code = row.cells.code ?? '';
    let current: Awaited<ReturnType<typeof org.getPerson>> | null = null;
    if (code) {
      const id = (await repo.peopleByCode(ctx.db, [code])).get(code);
      if (id === undefined) f.add('code', 'PERSON_NOT_FOUND', '编号不存在（新增人员请留空）');
      else current = await org.getPerson(ctx, actor, id).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'PERSON_NOT_FOUND') return f.add('code', 'PERSON_NOT_FOUND', '该人员不在您的管辖范围内'), null;
        throw e;
      });
    }
    const masked = v.phone !== null && v.phone.includes('*');
    if (masked && (!current || current.phoneMasked !== v.phone)) f.add('phone', 'MASKED_PHONE', '电话不完整：打码的电话只能原样保留（不修改）');
    if (f.list.length) {
      // the schema's faults in the other cells too, so a row is corrected in one go
      const probe = { name: v.name || 'x', role: v.role ?? 'police', post: v.post, badgeNo: v.badgeNo, phone: masked ? null : v.phone, agencyId: v.agencyId || 1, teamId: v.teamId, areaIds: v.areaIds };
      for (const b of schemaFaults(PersonBody, probe)) {
        const key = personColumn(b.field);
        if (!f.list.some((x) => x.key === key)) f.add(key, b.code, b.reason);
      }
    }
    f.throwIfAny();
    const key = code || v.name;
    if (!current) {
      const body = { name: v.name, role: v.role!, post: v.post, badgeNo: v.badgeNo, phone: v.phone, agencyId: v.agencyId, teamId: v.teamId, areaIds: v.areaIds };
      const bad = schemaFaults(PersonBody, body);
      if (bad.length) throw schemaCells(row.row, bad, personColumn);
      await org.createPerson(ctx, actor, body);
      return [{ action: 'create', key, changes: PEOPLE_COLUMNS.filter((c) => c.key !== 'code' && row.cells[c.key]).map((c) => c.key) }];
    }
    const patch: Record<string, unknown> = {};
    const changes: string[] = [];
    const set = (col: string, k: string, val: unknown, same: boolean) => {
      if (!same) {
        patch[k] = val;
        changes.push(col);
      }
    };
    set('name', 'name', v.name, v.name.trim() === current.name);
    set('role', 'role', v.role, v.role === current.role);
    set('post', 'post', v.post, v.post === current.post);
    set('badgeNo', 'badgeNo', v.badgeNo, (v.badgeNo ?? null) === (current.badgeNo ?? null));
    if (!masked) set('phone', 'phone', v.phone, v.phone === null && current.phoneMasked === null);
    set('agency', 'agencyId', v.agencyId, v.agencyId === current.agencyId);
    set('team', 'teamId', v.teamId, v.teamId === current.teamId);
    set('areas', 'areaIds', v.areaIds, sameSet(v.areaIds, current.areas.map((a) => a.id)));
    if (changes.length === 0) return [{ action: 'unchanged', key, changes }];
    const body = { version: current.version!, ...patch };
    const bad = schemaFaults(PersonPatch, body);
    if (bad.length) throw schemaCells(row.row, bad, personColumn);
    await org.updatePerson(ctx, actor, current.id, body as PersonPatch);
    return [{ action: 'update', key, changes }];
  },
  async exportRows(ctx, actor) {
    const look = await lookups(ctx);
    const list = await org.listPeople(ctx, actor, { page: 1, pageSize: 100_000 });
    return list.items.map((p) => [
      p.code ?? '',
      p.name,
      PERSON_ROLE_LABELS[p.role].zh,
      p.post ?? '',
      p.badgeNo ?? '',
      p.phoneMasked ?? '',
      look.agencyCode.get(p.agencyId) ?? p.agencyName,
      p.teamId === null ? '' : (look.teamCode.get(p.teamId) ?? p.teamName ?? ''),
      p.areas.map((a) => a.code).join('、'),
    ]);
  },
};

// ------------------------------------------------------------------ units

const ECHELON_RE = /^第?([123一二三])(梯队)?$/;
const UNIT_COLUMNS: readonly Column[] = [
  { key: 'callsign', zh: '呼号', en: 'Callsign', required: true, rule: '必填，最多32字；已有的呼号则修改该单元，新的呼号则新增。', example: '西巡01' },
  { key: 'type', zh: '类型', en: 'Type', aliases: ['单元类型'], required: true, rule: `必填，可选：${choicesZh(UNIT_TYPES, UNIT_TYPE_LABELS)}。`, example: UNIT_TYPE_LABELS.patrol_car.zh },
  { key: 'echelon', zh: '梯队', en: 'Echelon', required: true, rule: '必填，1、2 或 3（第一梯队、第二梯队、第三梯队）；城管综合应急队和青年突击队只能是第三梯队。', example: '1' },
  { key: 'team', zh: '队组', en: 'Team', rule: '队组编号或名称，可留空。', example: 'T1' },
  { key: 'homeArea', zh: '驻地区域', en: 'Home area', aliases: ['所属区域', '驻地'], required: true, rule: '必填，区域编号或名称（所长只能填本所的区域）。', example: 'S1' },
  { key: 'patrolTier', zh: '巡防层级', en: 'Patrol tier', aliases: ['勤务模式'], rule: `可选：${choicesZh(PATROL_TIERS, PATROL_TIER_LABELS)}，可留空。`, example: PATROL_TIER_LABELS.street.zh },
  { key: 'members', zh: '成员', en: 'Members', rule: '人员编号，多个用顿号或逗号分隔，最多20人，可留空。', example: 'P1、P1B' },
];
const UNIT_FIELD: Record<string, string> = { callsign: 'callsign', type: 'type', echelon: 'echelon', teamId: 'team', homeAreaId: 'homeArea', patrolTier: 'patrolTier', memberIds: 'members', id: 'callsign', version: 'callsign' };
const unitColumn = columnOf(UNIT_FIELD, 'callsign');

const unitsKind: KindDef = {
  sheet: '警力单元',
  columns: UNIT_COLUMNS,
  manage: 'unit.admin',
  read: 'unit.read',
  checkFile: (rows) => duplicates(rows, 'callsign', (r) => r.cells.callsign ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: unitColumn(field) }),
  async apply(ctx, actor, [r]) {
    const row = r!;
    const c = row.cells;
    const look = await lookups(ctx);
    const f = new Faults(row.row);
    if (!c.callsign) f.add('callsign', 'REQUIRED', '必填');
    const type = c.type ? choice<UnitType>(c.type, UNIT_TYPES, UNIT_TYPE_LABELS) : null;
    if (!c.type) f.add('type', 'REQUIRED', '必填');
    else if (!type) f.add('type', 'UNKNOWN_VALUE', `不是可选的类型（${choicesZh(UNIT_TYPES, UNIT_TYPE_LABELS)}）`);
    const em = ECHELON_RE.exec(c.echelon ?? '');
    const echelon = em ? ((({ 一: 1, 二: 2, 三: 3 }) as Record<string, number>)[em[1]!] ?? Number(em[1])) as 1 | 2 | 3 : null;
    if (!c.echelon) f.add('echelon', 'REQUIRED', '必填');
    else if (!echelon) f.add('echelon', 'UNKNOWN_VALUE', '梯队只能是 1、2 或 3');
    const team = c.team ? look.team(c.team) : undefined;
    if (c.team && !team) f.add('team', 'TEAM_NOT_FOUND', '队组不存在（填队组编号或名称）');
    const home = c.homeArea ? look.area(c.homeArea) : undefined;
    if (!c.homeArea) f.add('homeArea', 'REQUIRED', '必填');
    else if (!home) f.add('homeArea', 'AREA_NOT_FOUND', '区域不存在或已撤销');
    const tier = c.patrolTier ? choice<PatrolTier>(c.patrolTier, PATROL_TIERS, PATROL_TIER_LABELS) : null;
    if (c.patrolTier && !tier) f.add('patrolTier', 'UNKNOWN_VALUE', `不是可选的巡防层级（${choicesZh(PATROL_TIERS, PATROL_TIER_LABELS)}）`);
    const codes = split(c.members ?? '');
    const byCode = await repo.peopleByCode(ctx.db, codes);
    const memberIds: number[] = [];
    for (const code of codes) {
      const id = byCode.get(code);
      if (id === undefined) f.add('members', 'PERSON_NOT_FOUND', `人员编号“${code}”不存在`);
      else if (!memberIds.includes(id)) memberIds.push(id);
    }
    const cur = c.callsign ? (await repo.unitsByCallsign(ctx.db, [c.callsign])).get(c.callsign) : undefined;
    if (cur) {
      await units.getUnit(ctx, actor, cur.id).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'UNIT_NOT_FOUND') return f.add('callsign', 'UNIT_NOT_FOUND', '该呼号的单元不在您的管辖范围内');
        throw e;
      });
    }
    f.throwIfAny();
    const key = c.callsign!;
    const fields = { type: type!, echelon: echelon!, teamId: team?.id ?? null, homeAreaId: home!.id, patrolTier: tier, memberIds };
    if (!cur) {
      const body = { callsign: key, ...fields };
      const bad = schemaFaults(UnitBody, body);
      if (bad.length) throw schemaCells(row.row, bad, unitColumn);
      await unitAdmin.createUnit(ctx, actor, body);
      return [{ action: 'create', key, changes: UNIT_COLUMNS.filter((col) => row.cells[col.key]).map((col) => col.key) }];
    }
    const patch: Record<string, unknown> = {};
    const changes: string[] = [];
    const set = (col: string, k: string, val: unknown, same: boolean) => {
      if (!same) {
        patch[k] = val;
        changes.push(col);
      }
    };
    set('type', 'type', fields.type, fields.type === cur.type);
    set('echelon', 'echelon', fields.echelon, fields.echelon === cur.echelon);
    set('team', 'teamId', fields.teamId, fields.teamId === cur.team_id);
    set('homeArea', 'homeAreaId', fields.homeAreaId, fields.homeAreaId === cur.home_area_id);
    set('patrolTier', 'patrolTier', fields.patrolTier, fields.patrolTier === cur.patrol_tier);
    set('members', 'memberIds', memberIds, sameSet(memberIds, cur.member_ids));
    if (changes.length === 0) return [{ action: 'unchanged', key, changes }];
    const body = { version: cur.version, ...patch };
    const bad = schemaFaults(UnitPatch, body);
    if (bad.length) throw schemaCells(row.row, bad, unitColumn);
    await unitAdmin.updateUnit(ctx, actor, cur.id, body as UnitPatch);
    return [{ action: 'update', key, changes }];
  },
  async exportRows(ctx, actor) {
    const look = await lookups(ctx);
    const rows = await repo.unitsForExport(ctx.db, scopeIds(actor, ctx.areas.tree()));
    return rows.map((u) => [
      u.callsign,
      UNIT_TYPE_LABELS[u.type as UnitType]?.zh ?? u.type,
      String(u.echelon),
      u.team_id === null ? '' : (look.teamCode.get(u.team_id) ?? ''),
      look.areaCode(u.home_area_id),
      u.patrol_tier ? (PATROL_TIER_LABELS[u.patrol_tier as PatrolTier]?.zh ?? u.patrol_tier) : '',
      u.member_codes.join('、'),
    ]);
  },
};

// ------------------------------------------------------------------ duty rosters

const ROSTER_COLUMNS: readonly Column[] = [
  { key: 'station', zh: '派出所', en: 'Station', required: true, rule: '必填，派出所的区域编号或名称（所长只能填本所）。', example: 'S1' },
  { key: 'day', zh: '日期', en: 'Day', required: true, rule: '必填，如 2026-06-15 或 2026/6/15，Excel 日期单元格亦可。同一所同一天的各行组成当天的值班表，导入时整天替换。', example: '2026-06-15' },
  { key: 'leader', zh: '值班领导', en: 'Duty leader', rule: '人员编号，可留空；同一天各行须一致（或只在一行填写）。', example: 'P1' },
  { key: 'person', zh: '人员', en: 'Person', aliases: ['人员编号'], rule: '人员编号；只填值班领导的行可留空。', example: 'P1B' },
  { key: 'duty', zh: '岗位', en: 'Duty', aliases: ['班次'], rule: `填人员时必填，可选：${choicesZh(DUTY_KINDS, DUTY_KIND_LABELS)}（A岗、B岗亦可）。`, example: 'A岗' },
  { key: 'start', zh: '开始时间', en: 'Starts', rule: '填人员时必填，当天的时刻如 08:00，或完整的日期时间；Excel 时间单元格亦可。', example: '08:00' },
  { key: 'end', zh: '结束时间', en: 'Ends', rule: '填人员时必填；早于或等于开始时间的时刻算次日（如 08:00 到次日 08:00 的24小时值班）。最长24小时。', example: '08:00' },
  { key: 'unit', zh: '单元', en: 'Unit', rule: '所在单元的呼号，可留空。', example: '' },
  { key: 'note', zh: '备注', en: 'Note', rule: '当天值班表的备注，最多500字，可留空。', example: '' },
];

const DAY_MS = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** '2026-06-15', '2026/6/15', '2026年6月15日', an Excel serial (46188) or a date cell as 'YYYY-MM-DD'; null if none. */
export function readDay(v: string): string | null {
  const s = excelSerialText(v) ?? v;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s+00:00(?::00)?)?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${p2(mo)}-${p2(d)}`;
}

/** A time of the day's local wall clock: 'HH:MM', '次日HH:MM', a full date and time, an Excel serial or time fraction. Returns ms UTC. */
function readTime(v: string, day: string, offsetMin: number): { ms: number; clockOnly: boolean; nextDay: boolean } | null {
  let s = v.trim();
  if (/^0?\.\d+$/.test(s)) {
    const mins = Math.round(Number(s) * 1440);
    s = `${p2(Math.floor(mins / 60) % 24)}:${p2(mins % 60)}`;
  } else s = excelSerialText(s) ?? s;
  s = s.replace(/^1899-12-3[01] /, '');
  const local = (d: string, h: number, mi: number, sec: number) => {
    const [y, mo, dd] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, mo - 1, dd, h, mi, sec) - offsetMin * 60_000;
  };
  let m = /^(次日)?\s*(\d{1,2})[:：](\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) {
    const [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    if (h > 24 || mi > 59 || sec > 59 || (h === 24 && (mi || sec))) return null;
    return { ms: local(day, h, mi, sec) + (m[1] ? DAY_MS : 0), clockOnly: true, nextDay: Boolean(m[1]) };
  }
  m = /^(\d{4}[-/]\d{1,2}[-/]\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) {
    const d = readDay(m[1]!);
    if (!d) return null;
    const [h, mi, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    if (h > 23 || mi > 59 || sec > 59) return null;
    return { ms: local(d, h, mi, sec), clockOnly: false, nextDay: false };
  }
  return null;
}

const rosterKey = (r: RowIn) => `${r.cells.station ?? ''}|${readDay(r.cells.day ?? '') ?? r.cells.day ?? ''}`;

const rosters: KindDef = {
  sheet: '值班表',
  columns: ROSTER_COLUMNS,
  manage: 'roster.manage',
  read: 'roster.read',
  group(rows) {
    const g = new Map<string, RowIn[]>();
    for (const r of rows) g.set(rosterKey(r), [...(g.get(rosterKey(r)) ?? []), r]);
    return [...g.values()];
  },
  cellOf(field, rows) {
    const m = /^\/shifts\/(\d+)\/(\w+)/.exec(field);
    const withPerson = rows.filter((r) => r.cells.person);
    if (m) {
      const r = withPerson[Number(m[1])] ?? rows[0]!;
      const key = { personId: 'person', duty: 'duty', startsAt: 'start', endsAt: 'end', unitId: 'unit' }[m[2]!] ?? 'person';
      return { row: r.row, key };
    }
    if (field.startsWith('/leaderId')) return { row: (rows.find((r) => r.cells.leader) ?? rows[0]!).row, key: 'leader' };
    if (field.startsWith('/note')) return { row: (rows.find((r) => r.cells.note) ?? rows[0]!).row, key: 'note' };
    if (field.startsWith('/day')) return { row: rows[0]!.row, key: 'day' };
    return { row: rows[0]!.row, key: 'station' };
  },
  async apply(ctx, actor, rows) {
    const first = rows[0]!;
    const faults: CellFault[] = [];
    const add = (r: RowIn, key: string, code: string, reason: string) => faults.push({ row: r.row, key, code, reason });
    const look = await lookups(ctx);
    const stationNode = first.cells.station ? look.area(first.cells.station) : undefined;
    if (!first.cells.station) add(first, 'station', 'REQUIRED', '必填');
    else if (!stationNode || stationNode.kind !== 'station') add(first, 'station', 'AREA_NOT_FOUND', '不是现有的派出所');
    const day = readDay(first.cells.day ?? '');
    if (!first.cells.day) add(first, 'day', 'REQUIRED', '必填');
    else if (!day) add(first, 'day', 'BAD_DATE', '日期格式不对（如 2026-06-15）或日期不存在');
    const codes = [...new Set(rows.flatMap((r) => [r.cells.leader, r.cells.person]).filter((x): x is string => Boolean(x)))];
    const byCode = await repo.peopleByCode(ctx.db, codes);
    const calls = await repo.unitsByCallsign(ctx.db, rows.map((r) => r.cells.unit ?? '').filter(Boolean));
    const leaders = [...new Set(rows.map((r) => r.cells.leader).filter(Boolean))];
    if (leaders.length > 1) add(rows.find((r) => r.cells.leader && r.cells.leader !== leaders[0])!, 'leader', 'CONFLICT', `同一天的值班领导不一致（${leaders.join('、')}）`);
    const leaderCode = leaders[0];
    const leaderId = leaderCode ? (byCode.get(leaderCode) ?? null) : null;
    if (leaderCode && leaderId === null) add(rows.find((r) => r.cells.leader === leaderCode)!, 'leader', 'PERSON_NOT_FOUND', `人员编号“${leaderCode}”不存在`);
    const notes = [...new Set(rows.map((r) => r.cells.note).filter(Boolean))];
    if (notes.length > 1) add(rows.find((r) => r.cells.note && r.cells.note !== notes[0])!, 'note', 'CONFLICT', '同一天的备注不一致');
    const shifts: RosterPutBody['shifts'] = [];
    const offset = ctx.config.utcOffsetMinutes;
    for (const r of rows) {
      const c = r.cells;
      if (!c.person) {
        for (const k of ['duty', 'start', 'end', 'unit'] as const) if (c[k]) add(r, 'person', 'REQUIRED', '填了岗位或时间，须填人员编号');
        continue;
      }
      const personId = byCode.get(c.person);
      if (personId === undefined) add(r, 'person', 'PERSON_NOT_FOUND', `人员编号“${c.person}”不存在`);
      const duty = c.duty ? choice<DutyKind>(c.duty.replace(/岗$/, ''), DUTY_KINDS, DUTY_KIND_LABELS) : null;
      if (!c.duty) add(r, 'duty', 'REQUIRED', '必填');
      else if (!duty) add(r, 'duty', 'UNKNOWN_VALUE', `不是可选的岗位（${choicesZh(DUTY_KINDS, DUTY_KIND_LABELS)}）`);
      const start = day && c.start ? readTime(c.start, day, offset) : null;
      if (!c.start) add(r, 'start', 'REQUIRED', '必填');
      else if (day && !start) add(r, 'start', 'BAD_TIME', '时间格式不对（如 08:00 或 2026-06-15 08:00）');
      let end = day && c.end ? readTime(c.end, day, offset) : null;
      if (!c.end) add(r, 'end', 'REQUIRED', '必填');
      else if (day && !end) add(r, 'end', 'BAD_TIME', '时间格式不对（如 20:00 或 次日08:00）');
      if (start && end && end.clockOnly && !end.nextDay && end.ms <= start.ms) end = { ...end, ms: end.ms + DAY_MS };
      const unit = c.unit ? calls.get(c.unit) : undefined;
      if (c.unit && !unit) add(r, 'unit', 'UNIT_NOT_FOUND', `呼号“${c.unit}”不存在`);
      if (personId !== undefined && duty && start && end) {
        shifts.push({ personId, duty, startsAt: new Date(start.ms).toISOString(), endsAt: new Date(end.ms).toISOString(), unitId: unit?.id ?? null });
      }
    }
    if (faults.length) throw new CellFaults(faults);
    const stationId = stationNode!.id;
    const current = await roster.getRoster(ctx, actor, stationId, day!).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'ROSTER_NOT_FOUND') return null;
      throw e;
    });
    const note = notes[0] ?? '';
    const key = `${first.cells.station} ${day}`;
    const sig = (s: { personId: number; duty: string; startsAt: string; endsAt: string; unitId?: number | null }) =>
      `${s.personId}|${s.duty}|${new Date(s.startsAt).toISOString()}|${new Date(s.endsAt).toISOString()}|${s.unitId ?? ''}`;
    if (current) {
      const same = current.leaderId === leaderId && current.note === note && [...current.shifts.map(sig)].sort().join() === [...shifts.map(sig)].sort().join();
      if (same) return rows.map(() => ({ action: 'unchanged', key, changes: [] }) satisfies Outcome);
    }
    await roster.putRoster(ctx, actor, stationId, day!, { ...(current ? { version: current.version } : {}), leaderId, note, shifts });
    const changes = ['leader', 'person', 'duty', 'start', 'end', 'unit', 'note'].filter((k) => rows.some((r) => r.cells[k]));
    return rows.map(() => ({ action: current ? 'update' : 'create', key, changes }) satisfies Outcome);
  },
  async exportRows(ctx, actor, q) {
    const offset = ctx.config.utcOffsetMinutes;
    const today = new Date(ctx.clock.now().getTime() + offset * 60_000).toISOString().slice(0, 10);
    const list = await roster.listRosters(ctx, actor, { from: q.from ?? today, days: q.days ?? 31 });
    const tree = ctx.areas.tree();
    const ids = list.flatMap((r) => [r.leaderId, ...r.shifts.map((s) => s.personId)]).filter((x): x is number => x !== null);
    const codes = await repo.personCodes(ctx.db, [...new Set(ids)]);
    const calls = await repo.unitCallsigns(ctx.db, [...new Set(list.flatMap((r) => r.shifts.map((s) => s.unitId)).filter((x): x is number => x !== null))]);
    const clock = (iso: string) => {
      const t = new Date(new Date(iso).getTime() + offset * 60_000);
      return `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}`;
    };
    const out: string[][] = [];
    for (const r of list) {
      const station = tree.get(r.stationId)?.code ?? r.stationName;
      const leader = r.leaderId === null ? '' : (codes.get(r.leaderId) ?? '');
      if (r.shifts.length === 0) out.push([station, r.day, leader, '', '', '', '', '', r.note]);
      for (const s of r.shifts) {
        out.push([station, r.day, leader, codes.get(s.personId) ?? '', DUTY_KIND_LABELS[s.duty].zh, clock(s.startsAt), clock(s.endsAt), s.unitId === null ? '' : (calls.get(s.unitId) ?? ''), r.note]);
      }
    }
    return out;
  },
};

export const KINDS: Record<ExchangeKind, KindDef> = { people, units: unitsKind, rosters };
