// The units kind of the Excel exchange (警力单元).
import {
  PATROL_TIERS,
  PATROL_TIER_LABELS,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  UnitBody,
  UnitPatch,
  type PatrolTier,
  type UnitType,
} from '@jingwang/contracts';
import { AppError } from '../../../lib/errors';
import { scopeIds } from '../../auth/policy';
import * as units from '../../units/service';
import * as unitAdmin from '../../units/admin';
import {
  changeSet,
  choice,
  choicesZh,
  columnOf,
  duplicates,
  Faults,
  lookups,
  sameSet,
  schemaCells,
  split,
} from './common';
import * as repo from '../repo';
import { schemaFaults, type Column, type KindDef } from '../service';


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

export const unitsKind: KindDef = {
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
    const { patch, changes, set } = changeSet();
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

