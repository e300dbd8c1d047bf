// The key places kind of the Excel exchange (重点部位): keyed by 编码; a new code adds a key place, a known one edits it
// (a retired or another station's one is refused). Rows go through the places module's own services.
import { KEY_PLACE_KINDS, KEY_PLACE_KIND_LABELS, KEY_PLACE_LIMITS, KeyPlaceBody, KeyPlacePatch, type KeyPlaceKind } from '@jingwang/contracts';
import type { Ctx } from '../../../context';
import type { Actor } from '../../auth/policy';
import * as places from '../../places/service';
import { schemaFaults, type Column, type KindDef, type RowIn } from '../service';
import { Faults, choice, choicesZh, columnOf, duplicates, schemaCells } from './common';

// ------------------------------------------------------------------ shared with the cameras kind

const CODE_RE = /^[A-Za-z0-9_.-]{1,32}$/;

/** A decimal number as a cell holds it (Excel writes numbers as such; text cells may carry spaces). */
export function decimal(v: string): number | null {
  const s = v.replace(/\s/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Code, name, longitude and latitude: the cells every place has; the point inside a station the caller administers. */
export async function placeCells(ctx: Ctx, actor: Actor, c: Record<string, string>, f: Faults) {
  if (!c.code) f.add('code', 'REQUIRED', '必填');
  else if (!CODE_RE.test(c.code)) f.add('code', 'VALIDATION_FAILED', '编码只能由字母、数字、点、横线或下划线组成，最多32位');
  if (!c.name) f.add('name', 'REQUIRED', '必填');
  else if (c.name.length > 64) f.add('name', 'VALIDATION_FAILED', '内容过长（最多64字）');
  const lon = c.lon ? decimal(c.lon) : null;
  if (!c.lon) f.add('lon', 'REQUIRED', '必填');
  else if (lon === null || lon < -180 || lon > 180) f.add('lon', 'VALIDATION_FAILED', '经度须为 -180 到 180 之间的小数（WGS-84，如 120.0123）');
  const lat = c.lat ? decimal(c.lat) : null;
  if (!c.lat) f.add('lat', 'REQUIRED', '必填');
  else if (lat === null || lat < -90 || lat > 90) f.add('lat', 'VALIDATION_FAILED', '纬度须为 -90 到 90 之间的小数（WGS-84，如 32.0123）');
  const okLon = lon !== null && lon >= -180 && lon <= 180;
  const okLat = lat !== null && lat >= -90 && lat <= 90;
  const bad = okLon && okLat ? await places.pointProblem(ctx, actor, lon, lat) : null;
  if (bad) f.add('lon', bad, PLACE_CODE_ZH[bad]!);
  return { lon, lat };
}

/** A record found by its code: refused when retired or when the code belongs to a record the caller may not see. */
export function checkExisting(f: Faults, code: string, cur: { active: boolean } | undefined, takenElsewhere: boolean, what: string): void {
  if (cur && !cur.active) f.add('code', 'INVALID_TRANSITION', `该编码的${what}已停用，不能再导入修改（停用的编码不能重复使用）`);
  if (!cur && takenElsewhere) f.add('code', 'DUPLICATE_CODE', `该编码已被其他${what}使用（不在您的管辖范围内）`);
  void code;
}

/** The places services' refusals in Chinese (the exchange's `reasons` of key places and cameras). */
const PLACE_CODE_ZH: Record<string, string> = {
  OUTSIDE_JURISDICTION: '经纬度不在本县任何派出所辖区内',
  OUT_OF_SCOPE: '经纬度不在您的派出所辖区内（所长只能管理本所的点位）',
  DUPLICATE_CODE: '编码已被占用',
  STALE_VERSION: '记录在导入过程中被他人修改，请重新预览',
  KEY_PLACE_NOT_FOUND: '重点部位不存在，或不在您的管辖范围内',
  CAMERA_NOT_FOUND: '视频点位不存在，或不在您的管辖范围内',
  INVALID_TRANSITION: '记录已停用',
  FORBIDDEN: '您的角色无权执行此操作',
};
export const PLACE_REASONS: KindDef['reasons'] = {
  codes: PLACE_CODE_ZH,
  messages: [
    [/http\(s\)|not an address|no host/, '查看地址须为 http:// 或 https:// 开头的网址'],
    [/user name or password/, '查看地址不能包含用户名或密码'],
  ],
};

/** Columns that differ between the file and the record (numbers within 1e-9). */
export function changed(pairs: [string, unknown, unknown][]): string[] {
  return pairs.filter(([, a, b]) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) > 1e-9 : a !== b)).map(([k]) => k);
}

// ------------------------------------------------------------------ key places

const { radiusM: R, targetS: T } = KEY_PLACE_LIMITS;
const COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编码', en: 'Code', aliases: ['编号', '部位编码'], required: true, rule: '必填，字母、数字、点、横线或下划线，最多32位；已有的编码则修改该重点部位，新的编码则新增。', example: 'KP-001' },
  { key: 'name', zh: '名称', en: 'Name', aliases: ['部位名称', '重点部位'], required: true, rule: '必填，最多64字。', example: '城关中心小学' },
  { key: 'kind', zh: '类别', en: 'Kind', aliases: ['类型', '部位类别'], required: true, rule: `必填，可选：${choicesZh(KEY_PLACE_KINDS, KEY_PLACE_KIND_LABELS)}。`, example: KEY_PLACE_KIND_LABELS.school.zh },
  { key: 'lon', zh: '经度', en: 'Longitude', aliases: ['lon', 'lng'], required: true, rule: '必填，WGS-84 经度（小数，如 120.0123）；须在本县某派出所辖区内，所长只能填本所辖区内的点。', example: '120.0123' },
  { key: 'lat', zh: '纬度', en: 'Latitude', aliases: ['lat'], required: true, rule: '必填，WGS-84 纬度（小数，如 32.0123）。', example: '32.0123' },
  { key: 'radius', zh: '半径（米）', en: 'Radius (m)', aliases: ['半径', '半径米', '半径(米)', 'radiusM'], required: true, rule: `必填，${R.min} 到 ${R.max} 之间的整数（米）：此范围内的警情按本部位的响应目标。`, example: '200' },
  { key: 'target', zh: '响应目标（秒）', en: 'Target (s)', aliases: ['响应目标', '响应目标秒', '响应目标(秒)', 'targetS'], required: true, rule: `必填，${T.min} 到 ${T.max} 之间的整数秒（也可写“1分钟”“90秒”）。`, example: '60' },
];
const FIELD: Record<string, string> = { code: 'code', name: 'name', kind: 'kind', lon: 'lon', lat: 'lat', radiusM: 'radius', targetS: 'target', id: 'code', version: 'code' };
const column = columnOf(FIELD, 'code');

/** Seconds from "60", "60秒", "60s", "1分钟", "1.5分", "2min". */
export function seconds(v: string): number | null {
  const s = v.replace(/\s/g, '').toLowerCase();
  let m = /^(\d+)(秒|s|sec)?$/.exec(s);
  if (m) return Number(m[1]);
  m = /^(\d+(\.\d+)?)(分钟|分|min)$/.exec(s);
  if (m) return Math.round(Number(m[1]) * 60);
  return null;
}

async function applyRow(ctx: Ctx, actor: Actor, row: RowIn) {
  const c = row.cells;
  const f = new Faults(row.row);
  const { lon, lat } = await placeCells(ctx, actor, c, f);
  const kind = c.kind ? choice<KeyPlaceKind>(c.kind, KEY_PLACE_KINDS, KEY_PLACE_KIND_LABELS) : null;
  if (!c.kind) f.add('kind', 'REQUIRED', '必填');
  else if (!kind) f.add('kind', 'UNKNOWN_VALUE', `不是可选的类别（${choicesZh(KEY_PLACE_KINDS, KEY_PLACE_KIND_LABELS)}）`);
  const radius = c.radius ? decimal(c.radius) : null;
  if (!c.radius) f.add('radius', 'REQUIRED', '必填');
  else if (radius === null || !Number.isInteger(radius) || radius < R.min || radius > R.max) f.add('radius', 'VALIDATION_FAILED', `半径须为 ${R.min} 到 ${R.max} 之间的整数（米）`);
  const target = c.target ? seconds(c.target) : null;
  if (!c.target) f.add('target', 'REQUIRED', '必填');
  else if (target === null || target < T.min || target > T.max) f.add('target', 'VALIDATION_FAILED', `响应目标须为 ${T.min} 到 ${T.max} 秒之间的整数`);
  const code = c.code ?? '';
  const cur = code && CODE_RE.test(code) ? (await places.keyPlacesByCode(ctx, actor, [code])).get(code) : undefined;
  if (code && CODE_RE.test(code)) checkExisting(f, code, cur, !cur && (await places.keyPlaceCodeTaken(ctx, code)), '重点部位');
  f.throwIfAny();
  const fields = { name: c.name!, kind: kind!, lon: lon!, lat: lat!, radiusM: radius!, targetS: target! };
  if (!cur) {
    const body = { code, ...fields };
    const bad = schemaFaults(KeyPlaceBody, body);
    if (bad.length) throw schemaCells(row.row, bad, column);
    await places.createKeyPlace(ctx, actor, body);
    return { action: 'create' as const, key: code, changes: COLUMNS.map((x) => x.key) };
  }
  const changes = changed([
    ['name', fields.name, cur.name],
    ['kind', fields.kind, cur.kind],
    ['lon', fields.lon, cur.lon],
    ['lat', fields.lat, cur.lat],
    ['radius', fields.radiusM, cur.radiusM],
    ['target', fields.targetS, cur.targetS],
  ]);
  if (changes.length === 0) return { action: 'unchanged' as const, key: code, changes };
  const patch: KeyPlacePatch = {
    version: cur.version,
    ...(changes.includes('name') ? { name: fields.name } : {}),
    ...(changes.includes('kind') ? { kind: fields.kind } : {}),
    ...(changes.includes('lon') || changes.includes('lat') ? { lon: fields.lon, lat: fields.lat } : {}),
    ...(changes.includes('radius') ? { radiusM: fields.radiusM } : {}),
    ...(changes.includes('target') ? { targetS: fields.targetS } : {}),
  };
  const bad = schemaFaults(KeyPlacePatch, patch);
  if (bad.length) throw schemaCells(row.row, bad, column);
  await places.updateKeyPlace(ctx, actor, cur.id, patch);
  return { action: 'update' as const, key: code, changes };
}

export const keyPlacesKind: KindDef = {
  sheet: '重点部位',
  reasons: PLACE_REASONS,
  columns: COLUMNS,
  manage: 'places.admin',
  read: 'places.read',
  checkFile: (rows) => duplicates(rows, 'code', (r) => r.cells.code ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: column(field) }),
  apply: async (ctx, actor, [row]) => [await applyRow(ctx, actor, row!)],
  async exportRows(ctx, actor) {
    const rows = await places.listKeyPlaces(ctx, actor, {});
    return rows.map((k) => [k.code, k.name, KEY_PLACE_KIND_LABELS[k.kind].zh, String(k.lon), String(k.lat), String(k.radiusM), String(k.targetS)]);
  },
};
