// The people kind of the Excel exchange (人员).
import {
  PERSON_ROLES,
  PERSON_ROLE_LABELS,
  POSTS,
  PersonBody,
  PersonPatch,
  type PersonRole,
  type Post,
} from '@jingwang/contracts';
import { AppError } from '../../../lib/errors';
import * as org from '../../org/service';
import {
  changeSet,
  choice,
  choicesZh,
  columnOf,
  duplicates,
  Faults,
  lookups,
  type Lookups,
  sameSet,
  schemaCells,
  split,
} from './common';
import * as repo from '../repo';
import { schemaFaults, type Column, type KindDef, type RowIn } from '../service';


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

const PERSON_FIELD: Record<string, string> = { name: 'name', role: 'role', post: 'post', badgeNo: 'badgeNo', phone: 'phone', agencyId: 'agency', teamId: 'team', areaIds: 'areas', id: 'code', version: 'code' };
const personColumn = columnOf(PERSON_FIELD, 'name');

export const people: KindDef = {
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
    const { patch, changes, set } = changeSet();
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

