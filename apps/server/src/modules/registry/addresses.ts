// Standard addresses: one by hand (placed in the area tree at its point), the address page (houses, residents
// masked, units, history), and the import from CSV (UTF-8 with or without BOM, or GBK) or Excel with a preview that
// names each bad cell in Chinese; applied in one transaction, all rows or none.
import { ADDRESS_LEVELS, addressInitials, addressLabel, normalizeAddress, type AddressLevel, type AddressParts } from '@jingwang/core';
import type { AddressCreateBody, AddressImportBody, AddressImportResult, ImportProblem } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { readTable } from '../../lib/tabular';
import { addressInScope, history } from './common';
import * as repo from './repo/addresses';
import * as records from './repo/records';
import { presentHistory, presentPerson, presentUnits } from './residents';

const COLUMN: Record<AddressLevel, string> = {
  province: 'province',
  city: 'city',
  county: 'county',
  town: 'town',
  community: 'community',
  street: 'street',
  doorNo: 'door_no',
  building: 'building',
  unitNo: 'unit_no',
  room: 'room',
};

function newAddress(parts: AddressParts, lon: number, lat: number, source: string): repo.NewAddress {
  const label = addressLabel(parts);
  const row = Object.fromEntries(ADDRESS_LEVELS.map((l) => [COLUMN[l], parts[l]?.trim() ? parts[l]!.trim() : null])) as Record<string, string | null>;
  return { ...(row as unknown as Omit<repo.NewAddress, 'label' | 'norm' | 'initials' | 'lon' | 'lat' | 'source'>), label, norm: normalizeAddress(label), initials: addressInitials(parts), lon, lat, source };
}

export function presentAddress(a: repo.AddressRow) {
  return {
    id: a.id,
    label: a.label,
    parts: Object.fromEntries(ADDRESS_LEVELS.map((l) => [l, (a as unknown as Record<string, string | null>)[COLUMN[l]] ?? null])),
    lon: a.lon,
    lat: a.lat,
    gridId: a.grid_id,
    policeGridId: a.police_grid_id,
    stationId: a.station_id,
    version: a.version,
  };
}

export async function createAddress(ctx: Ctx, actor: Actor, b: AddressCreateBody) {
  authorize(actor, 'registry.write');
  const { lon, lat, ...parts } = b;
  const n = newAddress(parts, lon, lat, 'manual');
  if (n.norm === '') throw validationError([{ field: '/street', message: 'give at least one part of the address (地址为空)' }]);
  return ctx.db.transaction().execute(async (tx) => {
    const { county_id, ...placed } = await repo.place(tx, lon, lat);
    if (county_id === null) throw new AppError('ADDRESS_OUTSIDE', undefined, { field: '/lon' });
    if (!inScope(actor, ctx.areas.tree(), placed.area_ids)) throw new AppError('ADDRESS_OUTSIDE', 'The point is outside your area', { field: '/lon' });
    const [id] = await repo.insertAddresses(tx, [{ ...n, ...placed }]);
    if (id === null || id === undefined) throw new AppError('ADDRESS_EXISTS', undefined, { addressId: await repo.addressIdByNorm(tx, n.norm) });
    await history(tx, actor, 'address', id, 'create', { label: n.label, lon, lat });
    return presentAddress((await repo.getAddress(tx, id))!);
  });
}

/** The address page: its houses with their residents (masked), its units with employees, the history. */
export async function getAddressDetail(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'registry.read');
  const a = await addressInScope(ctx, ctx.db, actor, id);
  const [houses, residents, units] = await Promise.all([records.housesAt(ctx.db, id), records.residentsAt(ctx.db, id), records.unitsAt(ctx.db, id)]);
  const emps = await records.employeesOf(ctx.db, units.map((u) => u.id));
  const hist = await records.historyOf(ctx.db, [{ entity: 'address', id }, ...houses.map((h) => ({ entity: 'house', id: h.id })), ...units.map((u) => ({ entity: 'unit', id: u.id }))]);
  return {
    address: presentAddress(a),
    houses: houses.map((h) => ({
      id: h.id,
      addressId: h.address_id,
      ownerName: h.owner_name_masked,
      use: h.use as 'residential',
      rented: h.rented,
      note: h.note,
      version: h.version,
      residents: residents
        .filter((r) => r.house_id === h.id)
        .map((r) => ({
          ...presentPerson({ ...r, id: r.person_id, version: r.person_version }),
          residencyId: r.id,
          residencyVersion: r.version,
          relation: r.relation as 'registered',
          arrivedOn: r.arrived_on,
          leftOn: r.left_on,
        })),
    })),
    units: presentUnits(units, emps),
    history: hist.map(presentHistory),
  };
}

// ---------------------------------------------------------------- import
const HEADERS: Record<AddressLevel | 'lon' | 'lat', readonly string[]> = {
  province: ['province', '省', '省份'],
  city: ['city', '市', '地市', '城市'],
  county: ['county', '县', '县(区)', '县（区）', '区县'],
  town: ['town', '乡镇', '乡镇(街道)', '乡镇（街道）', '街道'],
  community: ['community', '社区', '社区(村)', '社区（村）', '村'],
  street: ['street', '街路巷', '街路', '道路'],
  doorNo: ['doorNo', '门牌', '门牌号'],
  building: ['building', '楼栋', '栋'],
  unitNo: ['unitNo', '单元'],
  room: ['room', '户室', '房号', '室'],
  lon: ['lon', '经度', 'lng', 'longitude'],
  lat: ['lat', '纬度', 'latitude'],
};
const MAX_ROWS = 20_000;
const PREVIEW_ROWS = 50;

/**
 * Reads the file, checks every row (coordinates present, numbers, inside the county and the caller's area, not a
 * duplicate in the file or on record) and, when `apply` and no row is at fault, writes them all in one transaction.
 */
export async function importAddresses(ctx: Ctx, actor: Actor, b: AddressImportBody): Promise<AddressImportResult> {
  authorize(actor, 'registry.import');
  const bytes = Buffer.from(b.data, 'base64');
  if (bytes.length === 0) throw new AppError('INVALID_IMPORT', 'The file is empty');
  // Excel (.xlsx) by its name, else CSV in UTF-8 or GBK (lib/tabular, as the other imports)
  const table = (await readTable(b.filename, bytes)).map((r) => r.cells);
  if (table.length < 2) throw new AppError('INVALID_IMPORT', 'The file has no rows');
  if (table.length - 1 > MAX_ROWS) throw new AppError('INVALID_IMPORT', `At most ${MAX_ROWS} rows per file`);
  const header = table[0]!.map((h) => h.replace(/^\uFEFF/, '').trim());
  const col = new Map<string, number>();
  for (const [field, names] of Object.entries(HEADERS)) {
    const k = header.findIndex((h) => names.some((n) => n.toLowerCase() === h.toLowerCase()));
    if (k >= 0) col.set(field, k);
  }
  for (const need of ['lon', 'lat'] as const) if (!col.has(need)) throw new AppError('INVALID_IMPORT', `The file has no column ${need} (${HEADERS[need][1]})`, { column: HEADERS[need][1] });
  if (!ADDRESS_LEVELS.some((l) => col.has(l))) throw new AppError('INVALID_IMPORT', 'The file has no address column (街路巷, 门牌, ...)');
  const colName = (f: string) => (col.has(f) ? header[col.get(f)!]! : (HEADERS[f as 'lon']?.[1] ?? f));

  const invalid: ImportProblem[] = [];
  const good: { row: number; n: repo.NewAddress }[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((rec, i) => {
    const row = i + 1;
    const cell = (f: string) => (col.has(f) ? (rec[col.get(f)!] ?? '').trim() : '');
    const bad = (f: string, reason: string) => invalid.push({ row, column: colName(f), value: cell(f).slice(0, 100), reason });
    const before = invalid.length;
    const parts = Object.fromEntries(ADDRESS_LEVELS.map((l) => [l, cell(l)])) as AddressParts;
    for (const l of ADDRESS_LEVELS) if ((parts[l] ?? '').length > 60) bad(l, '内容过长(最多60字)');
    if (!parts.street && !parts.community && !parts.town) bad(col.has('street') ? 'street' : 'community', '缺少街路巷或社区(村)');
    const num = (f: 'lon' | 'lat', min: number, max: number) => {
      const v = cell(f);
      if (v === '') return bad(f, '不能为空'), null;
      const x = Number(v);
      if (!Number.isFinite(x)) return bad(f, '不是数字'), null;
      if (x < min || x > max) return bad(f, `应在${min}到${max}之间`), null;
      return x;
    };
    const lon = num('lon', -180, 180);
    const lat = num('lat', -90, 90);
    if (invalid.length > before || lon === null || lat === null) return;
    const n = newAddress(parts, lon, lat, 'import');
    const dupRow = seen.get(n.norm);
    if (dupRow !== undefined) return void bad(col.has('street') ? 'street' : 'community', `与第${dupRow}行地址重复`);
    seen.set(n.norm, row);
    good.push({ row, n });
  });

  return ctx.db.transaction().execute(async (tx) => {
    const existing = await repo.existingNorms(tx, good.map((g) => g.n.norm));
    const placed: (repo.NewAddress & Omit<repo.Placement, 'county_id'>)[] = [];
    for (const g of good) {
      if (existing.has(g.n.norm)) {
        invalid.push({ row: g.row, column: colName('street'), value: g.n.label.slice(0, 100), reason: '地址已存在' });
        continue;
      }
      const { county_id, ...p } = await repo.place(tx, g.n.lon, g.n.lat);
      if (county_id === null) invalid.push({ row: g.row, column: colName('lon'), value: `${g.n.lon},${g.n.lat}`, reason: '坐标不在辖区内' });
      else if (!inScope(actor, ctx.areas.tree(), p.area_ids)) invalid.push({ row: g.row, column: colName('lon'), value: `${g.n.lon},${g.n.lat}`, reason: '坐标不在您的管辖范围内' });
      else placed.push({ ...g.n, ...p });
    }
    invalid.sort((a, b) => a.row - b.row);
    const rows = table.length - 1;
    const preview = placed.slice(0, PREVIEW_ROWS).map((p, i) => ({ row: good.find((g) => g.n.norm === p.norm)?.row ?? i + 1, label: p.label, lon: p.lon, lat: p.lat }));
    const apply = b.apply && invalid.length === 0 && placed.length > 0;
    let created = 0;
    if (apply) {
      const ids = await repo.insertAddresses(tx, placed);
      created = ids.filter((x) => x !== null).length;
      await records.appendHistoryMany(
        tx,
        ids.filter((id): id is number => id !== null).map((id) => ({ entity: 'address', entity_id: id, action: 'import', changes: { filename: b.filename }, user_id: actor.userId, username: actor.username })),
      );
      await audit(tx, actor, 'registry.import', 'addresses', null, { filename: b.filename, rows, created });
    }
    return { rows, valid: placed.length, invalid, preview, applied: apply, created };
  });
}
