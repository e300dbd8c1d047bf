// The cameras kind of the Excel exchange (视频点位): keyed by 编码; a new code adds a camera, a known one edits it (a
// retired or another station's one is refused). Rows go through the places module's own services.
import { CameraBody, CameraPatch } from '@jingwang/contracts';
import type { Ctx } from '../../../context';
import type { Actor } from '../../auth/policy';
import * as places from '../../places/service';
import { schemaFaults, type Column, type KindDef, type RowIn } from '../service';
import { Faults, columnOf, duplicates, schemaCells } from './common';
import { PLACE_REASONS, changed, checkExisting, placeCells } from './keyplaces';

const COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编码', en: 'Code', aliases: ['编号', '点位编码', '设备编码'], required: true, rule: '必填，字母、数字、点、横线或下划线，最多32位；已有的编码则修改该视频点位，新的编码则新增。', example: 'CAM-001' },
  { key: 'name', zh: '名称', en: 'Name', aliases: ['点位名称'], required: true, rule: '必填，最多64字。', example: '人民路与解放路口' },
  { key: 'lon', zh: '经度', en: 'Longitude', aliases: ['lon', 'lng'], required: true, rule: '必填，WGS-84 经度（小数，如 120.0123）；须在本县某派出所辖区内，所长只能填本所辖区内的点。', example: '120.0123' },
  { key: 'lat', zh: '纬度', en: 'Latitude', aliases: ['lat'], required: true, rule: '必填，WGS-84 纬度（小数，如 32.0123）。', example: '32.0123' },
  { key: 'viewUrl', zh: '查看地址', en: 'View URL', aliases: ['视频地址', '播放地址', 'url'], rule: '可留空；视频平台中查看该路画面的网址，须以 http:// 或 https:// 开头，不能包含用户名或密码。', example: 'https://video.example.cn/play?id=001' },
];
const FIELD: Record<string, string> = { code: 'code', name: 'name', lon: 'lon', lat: 'lat', viewUrl: 'viewUrl', id: 'code', version: 'code' };
const column = columnOf(FIELD, 'code');

async function applyRow(ctx: Ctx, actor: Actor, row: RowIn) {
  const c = row.cells;
  const f = new Faults(row.row);
  const { lon, lat } = await placeCells(ctx, actor, c, f);
  const viewUrl = c.viewUrl ? c.viewUrl : null;
  if (viewUrl !== null && !/^https?:\/\/\S+$/i.test(viewUrl)) f.add('viewUrl', 'VALIDATION_FAILED', '查看地址须为 http:// 或 https:// 开头的网址');
  const code = c.code ?? '';
  const okCode = /^[A-Za-z0-9_.-]{1,32}$/.test(code);
  const cur = okCode ? (await places.camerasByCode(ctx, actor, [code])).get(code) : undefined;
  if (okCode) checkExisting(f, code, cur, !cur && (await places.cameraCodeTaken(ctx, code)), '视频点位');
  f.throwIfAny();
  const fields = { name: c.name!, lon: lon!, lat: lat!, viewUrl };
  if (!cur) {
    const body = { code, ...fields };
    const bad = schemaFaults(CameraBody, body);
    if (bad.length) throw schemaCells(row.row, bad, column);
    await places.createCamera(ctx, actor, body);
    return { action: 'create' as const, key: code, changes: COLUMNS.filter((x) => c[x.key]).map((x) => x.key) };
  }
  const changes = changed([
    ['name', fields.name, cur.name],
    ['lon', fields.lon, cur.lon],
    ['lat', fields.lat, cur.lat],
    ['viewUrl', fields.viewUrl, cur.viewUrl],
  ]);
  if (changes.length === 0) return { action: 'unchanged' as const, key: code, changes };
  const patch: CameraPatch = {
    version: cur.version,
    ...(changes.includes('name') ? { name: fields.name } : {}),
    ...(changes.includes('lon') || changes.includes('lat') ? { lon: fields.lon, lat: fields.lat } : {}),
    ...(changes.includes('viewUrl') ? { viewUrl: fields.viewUrl } : {}),
  };
  const bad = schemaFaults(CameraPatch, patch);
  if (bad.length) throw schemaCells(row.row, bad, column);
  await places.updateCamera(ctx, actor, cur.id, patch);
  return { action: 'update' as const, key: code, changes };
}

export const camerasKind: KindDef = {
  sheet: '视频点位',
  reasons: PLACE_REASONS,
  columns: COLUMNS,
  manage: 'places.admin',
  read: 'places.read',
  checkFile: (rows) => duplicates(rows, 'code', (r) => r.cells.code ?? ''),
  cellOf: (field, rows) => ({ row: rows[0]!.row, key: column(field) }),
  apply: async (ctx, actor, [row]) => [await applyRow(ctx, actor, row!)],
  async exportRows(ctx, actor) {
    const rows = await places.listCameraRecords(ctx, actor, {});
    return rows.map((x) => [x.code, x.name, String(x.lon), String(x.lat), x.viewUrl ?? '']);
  },
};
