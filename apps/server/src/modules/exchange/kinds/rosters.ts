// The duty rosters kind of the Excel exchange (值班表).
import { DUTY_KINDS, DUTY_KIND_LABELS, type DutyKind, type RosterPutBody } from '@jingwang/contracts';
import { AppError } from '../../../lib/errors';
import { excelSerialText } from '../../../lib/tabular';
import * as roster from '../../roster/service';
import { choice, choicesZh, lookups } from './common';
import * as repo from '../repo';
import { CellFaults, type CellFault, type Column, type KindDef, type Outcome, type RowIn } from '../service';


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

export const rosters: KindDef = {
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

