// An HTML marker at a WGS-84 point (the placed pin, the caller's own team): created once, moved when the point moves.
import { useEffect, useRef } from 'react';
import { Marker } from 'maplibre-gl';
import { wgs84ToGcj02 } from '../gcj02';
import { isRemoved, useMapContext } from '../MapContext';

export function PointMarker({ at, className, testId, anchor = 'center' }: { at: { lon: number; lat: number } | null | undefined; className: string; testId: string; anchor?: 'center' | 'bottom' }) {
  const { map, gcj } = useMapContext();
  const ref = useRef<Marker | null>(null);
  useEffect(() => {
    if (!at) {
      ref.current?.remove();
      ref.current = null;
      return;
    }
    const [x, y] = gcj ? wgs84ToGcj02(at.lon, at.lat) : [at.lon, at.lat];
    if (!ref.current) {
      const el = document.createElement('div');
      el.className = className;
      el.setAttribute('data-testid', testId);
      ref.current = new Marker({ element: el, ...(anchor === 'bottom' ? { anchor } : {}) }).setLngLat([x, y]).addTo(map);
    } else ref.current.setLngLat([x, y]);
  }, [map, gcj, at, className, testId, anchor]);
  useEffect(
    () => () => {
      if (!isRemoved(map)) ref.current?.remove();
      ref.current = null;
    },
    [map],
  );
  return null;
}
