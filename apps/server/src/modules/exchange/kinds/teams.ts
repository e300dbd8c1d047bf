// The teams kind of the Excel exchange (队组): the 邓州 shape of a team (a leader and a deputy, groups of three), its
// agency and its area; rows go through the administration's own createTeam / updateTeam.
import { TEAM_KINDS, TEAM_KIND_LABELS, TeamBody, TeamPatch, type Team, type TeamKind } from '@jingwang/contracts';
import * as org from '../../org/service';
import * as orgAdmin from '../../org/admin';
import * as repo from '../repo';
import { schemaFaults, type Column, type KindDef } from '../service';
import { changeSet, choice, choicesZh, columnOf, duplicates, Faults, lookups, schemaCells } from './common';

const TEAM_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编号', en: 'Code', aliases: ['队组编号'], rule: '已有队组的编号则修改该队组；新的编号则以此编号新增；留空则新增（编号由系统生成）。', example: 'T9' },
  { key: 'name', zh: '名称', en: 'Name', aliases: ['队组名称'], required: true, rule: '必填，最多64字。', example: '西所社区警务二队' },
  { key: 'kind', zh: '类型', en: 'Kind', aliases: ['队组类型'], required: true, rule: `必填，可选：${choicesZh(TEAM_KINDS, TEAM_KIND_LABELS)}。`, example: TEAM_KIND_LABELS.community_team.zh },
  { key: 'agency', zh: '所属单位', en: 'Agency', aliases: ['单位'], required: true, rule: '必填，单位编号或名称（系统管理中已有的单位）。', example: 'A1' },
  { key: 'area', zh: '责任区域', en: 'Area', aliases: ['区域'], rule: '区域编号或名称，可留空。', example: 'S1' },
  { key: 'leader', zh: '队长', en: 'Leader', rule: '人员编号，可留空。', example: 'P1' },
  { key: 'deputy', zh: '副队长', en: 'Deputy', rule: '人员编号，可留空；不能与队长为同一人。', example: 'P1B' },
];
const TEAM_FIELD: Record<string, string> = { code: 'code', name: 'name', kind: 'kind', agencyId: 'agency', areaId: 'area', leaderId: 'leader', deputyId: 'deputy', id: 'code', version: 'code' };
const teamColumn = columnOf(TEAM_FIELD, 'name');

export const teams: KindDef = {
  sheet: '队组',
  columns: TEAM_COLUMNS,
  manage: 'org.manage',
  read: 'people.read',
  checkFile: (rows) => duplicates(rows, 'code', (r) => r.cells.code ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: teamColumn(field) }),
  async apply(ctx, actor, [r]) {
    const row = r!;
    const c = row.cells;
    const look = await lookups(ctx);
    const f = new Faults(row.row);
    if (!c.name) f.add('name', 'REQUIRED', '必填');
    const kind = c.kind ? choice<TeamKind>(c.kind, TEAM_KINDS, TEAM_KIND_LABELS) : null;
    if (!c.kind) f.add('kind', 'REQUIRED', '必填');
    else if (!kind) f.add('kind', 'UNKNOWN_VALUE', `不是可选的类型（${choicesZh(TEAM_KINDS, TEAM_KIND_LABELS)}）`);
    const agency = c.agency ? look.agency(c.agency) : undefined;
    if (!c.agency) f.add('agency', 'REQUIRED', '必填');
    else if (!agency) f.add('agency', 'AGENCY_NOT_FOUND', '单位不存在（填单位编号或名称）');
    const area = c.area ? look.area(c.area) : undefined;
    if (c.area && !area) f.add('area', 'AREA_NOT_FOUND', `区域“${c.area}”不存在或已撤销`);
    const people = await repo.peopleByCode(ctx.db, [c.leader ?? '', c.deputy ?? ''].filter(Boolean));
    const person = (col: 'leader' | 'deputy') => {
      const v = c[col];
      if (!v) return null;
      const id = people.get(v);
      if (id === undefined) f.add(col, 'PERSON_NOT_FOUND', `人员编号“${v}”不存在`);
      return id ?? null;
    };
    const leaderId = person('leader');
    const deputyId = person('deputy');
    if (leaderId !== null && leaderId === deputyId) f.add('deputy', 'SAME_PERSON', '副队长不能与队长为同一人');
    const cur: Team | undefined = c.code ? (await org.listTeams(ctx, actor)).find((t) => t.code === c.code) : undefined;
    if (c.code && !cur && (await repo.teams(ctx.db)).some((t) => t.code === c.code)) f.add('code', 'TEAM_NOT_FOUND', '该编号的队组不在您的管辖范围内');
    f.throwIfAny();
    const fields = { name: c.name!, kind: kind!, agencyId: agency!.id, areaId: area?.id ?? null, leaderId, deputyId };
    if (!cur) {
      const body = { ...(c.code ? { code: c.code } : {}), ...fields };
      const bad = schemaFaults(TeamBody, body);
      if (bad.length) throw schemaCells(row.row, bad, teamColumn);
      const t = await orgAdmin.createTeam(ctx, actor, body);
      return [{ action: 'create', key: t.code ?? fields.name, changes: TEAM_COLUMNS.filter((col) => col.key !== 'code' && c[col.key]).map((col) => col.key) }];
    }
    const { patch, changes, set } = changeSet();
    set('name', 'name', fields.name, fields.name.trim() === cur.name);
    set('kind', 'kind', fields.kind, fields.kind === cur.kind);
    set('agency', 'agencyId', fields.agencyId, fields.agencyId === cur.agencyId);
    set('area', 'areaId', fields.areaId, fields.areaId === cur.areaId);
    set('leader', 'leaderId', leaderId, leaderId === (cur.leaderId ?? null));
    set('deputy', 'deputyId', deputyId, deputyId === (cur.deputyId ?? null));
    if (changes.length === 0) return [{ action: 'unchanged', key: c.code!, changes }];
    const body = { version: cur.version, ...patch };
    const bad = schemaFaults(TeamPatch, body);
    if (bad.length) throw schemaCells(row.row, bad, teamColumn);
    await orgAdmin.updateTeam(ctx, actor, cur.id, body as TeamPatch);
    return [{ action: 'update', key: c.code!, changes }];
  },
  async exportRows(ctx, actor) {
    const look = await lookups(ctx);
    const list = await org.listTeams(ctx, actor);
    const codes = await repo.personCodes(ctx.db, list.flatMap((t) => [t.leaderId, t.deputyId]).filter((x): x is number => typeof x === 'number'));
    const code = (id: number | null | undefined) => (typeof id === 'number' ? (codes.get(id) ?? '') : '');
    return list.map((t) => [t.code ?? '', t.name, TEAM_KIND_LABELS[t.kind]?.zh ?? t.kind, look.agencyCode.get(t.agencyId) ?? '', look.areaCode(t.areaId), code(t.leaderId), code(t.deputyId)]);
  },
};
