// Call signs next to the unit dots (issue 14, the dispatcher's screen). The map has no glyphs (offline, no font
// server), so the labels are HTML markers: only from zoom 13, only the units in view, at most MAX_LABELS of them;
// refreshed when the units move and when the view changes.
import { useEffect, useRef } from 'react';
import { Marker } from 'maplibre-gl';
import type { Unit } from '@jingwang/contracts';
import { wgs84ToGcj02 } from '../gcj02';
import { isRemoved, useMapContext } from '../MapContext';

export const LABEL_MIN_ZOOM = 13;
const MAX_LABELS = 150;

/** The units whose call sign is shown: positioned, inside the view (WGS-84 or GCJ-02 box), first MAX_LABELS. */
export function labelledUnits(units: readonly Unit[], zoom: number, inView: (lon: number, lat: number) => boolean): Unit[] {
  if (zoom < LABEL_MIN_ZOOM) return [];
  const out: Unit[] = [];
  for (const u of units) {
    if (u.lon === null || u.lat === null || !inView(u.lon, u.lat)) continue;
    out.push(u);
    if (out.length >= MAX_LABELS) break;
  }
  return out;
}

export function UnitLabelsLayer({ units, visible }: { units: readonly Unit[]; visible: boolean }) {
  const { map, gcj } = useMapContext();
  const markers = useRef(new Map<number, { m: Marker; el: HTMLDivElement; label: HTMLSpanElement }>());
  const latest = useRef(units);
  latest.current = units;

  useEffect(() => {
    const all = markers.current;
    const refresh = () => {
      if (isRemoved(map)) return;
      const b = map.getBounds();
      const at = (lon: number, lat: number): [number, number] => (gcj ? wgs84ToGcj02(lon, lat) : [lon, lat]);
      const shown = visible ? labelledUnits(latest.current, map.getZoom(), (lon, lat) => b.contains(at(lon, lat))) : [];
      const keep = new Set(shown.map((u) => u.id));
      for (const [id, x] of all) {
        if (!keep.has(id)) {
          x.m.remove();
          all.delete(id);
        }
      }
      for (const u of shown) {
        const p = at(u.lon!, u.lat!);
        let x = all.get(u.id);
        if (!x) {
          // the label is a child of the marker's element: the marker's own classes (maplibregl-marker: absolutely
          // placed) must stay on it, or the element spans the map's width as a dark band
          const el = document.createElement('div');
          el.setAttribute('data-testid', `unit-label-${u.callsign}`);
          const label = document.createElement('span');
          el.appendChild(label);
          x = { el, label, m: new Marker({ element: el, anchor: 'left', offset: [9, 0] }).setLngLat(p).addTo(map) };
          all.set(u.id, x);
        } else x.m.setLngLat(p);
        x.label.className = `jw-unit-label is-${u.status}${u.stale ? ' is-stale' : ''}`;
        x.label.textContent = u.callsign;
      }
    };
    refresh();
    map.on('moveend', refresh);
    return () => {
      map.off('moveend', refresh);
    };
  }, [map, gcj, units, visible]);

  useEffect(
    () => () => {
      if (!isRemoved(map)) for (const x of markers.current.values()) x.m.remove();
      markers.current.clear();
    },
    [map],
  );
  return null;
}
