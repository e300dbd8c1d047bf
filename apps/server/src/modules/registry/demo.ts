// The demo county's standard addresses: door numbers along each named road (odd and even alternating, one every
// 80 m, numbered on across pieces of a road with the same name), inserted in bulk and placed by the database.
import { addressInitials, addressLabel, haversineMeters, normalizeAddress } from '@jingwang/core';
import type { Ctx } from '../../context';
import * as repo from './repo/addresses';

const SPACING_M = 80;
const MAX_DOORS_PER_ROAD = 80;

export interface DemoRoadLike {
  name: string;
  coords: readonly (readonly [number, number])[];
}

/** Door-number points along the roads (pure: the bench and the seed use it). */
export function demoAddresses(roads: readonly DemoRoadLike[], top: { province: string; city: string; county: string }): repo.NewAddress[] {
  const out: repo.NewAddress[] = [];
  const next = new Map<string, number>();
  for (const r of roads) {
    if (!r.name || r.coords.length < 2) continue;
    let n = next.get(r.name) ?? 1;
    let carry = 0;
    let doors = 0;
    for (let i = 1; i < r.coords.length && doors < MAX_DOORS_PER_ROAD; i++) {
      const [x0, y0] = r.coords[i - 1]!;
      const [x1, y1] = r.coords[i]!;
      const len = haversineMeters(x0, y0, x1, y1);
      for (let d = SPACING_M - carry; d < len && doors < MAX_DOORS_PER_ROAD; d += SPACING_M) {
        const f = d / len;
        const parts = { ...top, street: r.name, doorNo: String(n) };
        const label = addressLabel(parts);
        out.push({
          province: top.province,
          city: top.city,
          county: top.county,
          town: null,
          community: null,
          street: r.name,
          door_no: String(n),
          building: null,
          unit_no: null,
          room: null,
          label,
          norm: normalizeAddress(label),
          initials: addressInitials(parts),
          lon: Math.round((x0 + (x1 - x0) * f) * 1e6) / 1e6,
          lat: Math.round((y0 + (y1 - y0) * f) * 1e6) / 1e6,
          source: 'demo',
        });
        n++;
        doors++;
      }
      carry = (carry + len) % SPACING_M;
    }
    next.set(r.name, n);
  }
  return out;
}

/** Inserts the demo county's addresses (bulk); the number inserted. */
export async function seedRegistryDemo(ctx: Ctx, roads: readonly DemoRoadLike[], countyName: string): Promise<number> {
  const rows = demoAddresses(roads, { province: '江苏省', city: '泰州市', county: countyName });
  return ctx.db.transaction().execute((tx) => repo.insertAddressesPlaced(tx, rows));
}
