// The box of a map component: the canvas, a failure banner, the layer components (given the map through MapContext
// once it has loaded) and the floating children. data-ready / data-areas let the e2e journeys wait for the map.
import { useMemo, type ReactNode, type RefObject } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import { Alert } from 'antd';
import { MapContext } from './MapContext';

interface Props {
  testId: string;
  className?: string;
  containerRef: RefObject<HTMLDivElement | null>;
  map: MlMap | null;
  gcj: boolean;
  /** The area geometry has arrived (data-areas). */
  areasLoaded: boolean;
  failure: string | null;
  onCloseFailure: () => void;
  /** More data-* attributes. */
  data?: Record<`data-${string}`, string | number>;
  /** Layer components (layers/): mounted once the map has loaded. */
  layers: ReactNode;
  children?: ReactNode;
}

export function MapFrame(p: Props) {
  const ctx = useMemo(() => (p.map ? { map: p.map, gcj: p.gcj } : null), [p.map, p.gcj]);
  return (
    <div className={`jw-map ${p.className ?? ''}`} data-testid={p.testId} data-ready={ctx ? '1' : '0'} data-areas={ctx && p.areasLoaded ? '1' : '0'} {...p.data}>
      <div ref={p.containerRef} className="jw-map-canvas" />
      {p.failure && <Alert className="jw-map-alert" type="error" showIcon title={p.failure} closable={{ onClose: p.onCloseFailure }} />}
      {ctx && <MapContext.Provider value={ctx}>{p.layers}</MapContext.Provider>}
      {p.children}
    </div>
  );
}
