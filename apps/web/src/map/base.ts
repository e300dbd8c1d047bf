// The base map every page's map starts from (command room, patrol, forecast): the deployment's base style centred
// on its bounding box, no rotation, zoom buttons and (unless compact) a metric scale. Throws when the browser has
// no WebGL; callers show `map.noWebgl`.
import { Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { ClientConfig } from '@jingwang/contracts';
import { baseStyle } from './style';

setWorkerUrl(workerUrl);

export function createBaseMap(container: HTMLElement, config: Pick<ClientConfig, 'basemapUrl' | 'bbox'>, opts: { scale?: boolean } = {}): MlMap {
  const map = new MlMap({
    container,
    style: baseStyle(config.basemapUrl),
    center: config.bbox ? [(config.bbox[0] + config.bbox[2]) / 2, (config.bbox[1] + config.bbox[3]) / 2] : [108.3, 22.8],
    zoom: 11,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  if (opts.scale ?? true) map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}
