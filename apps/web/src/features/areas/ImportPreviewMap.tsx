// The map of the import preview: the live areas for context, the file's areas outlined in their kind's colour, and
// the problems over them (overlaps red, gaps orange, parts outside the parent magenta; preview.ts). Hover (tap on a
// phone) names an area or tells a problem; the view fits the file.
import { useEffect, useRef } from 'react';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { AREA_KIND_LABELS, type AnyFeatureCollection } from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n } from '../../app/i18n';
import { AREA_STYLE } from '../../app/colors';
import { bboxOf, type BBox } from '../../lib/geo';
import { fitBBox, popupNode } from '../../map/base';
import { useAreasGeoJson } from '../../map/data';
import { useBaseMap } from '../../map/useBaseMap';
import { MapFrame } from '../../map/MapFrame';
import { AreasLayer } from '../../map/layers/AreasLayer';
import { GeoJsonLayer } from '../../map/layers/GeoJsonLayer';
import { Z } from '../../map/layers/order';
import { PROBLEM_COLORS } from './preview';

const CONTEXT_KINDS = ['station', 'community'] as const;

const kindColor = ['match', ['get', 'kind'], ...Object.entries(AREA_STYLE).flatMap(([k, s]) => [k, s.color]), '#69b1ff'] as unknown as ExpressionSpecification;
const problemColor = ['match', ['get', 'problem'], 'overlap', PROBLEM_COLORS.overlap, 'gap', PROBLEM_COLORS.gap, PROBLEM_COLORS.outside] as unknown as ExpressionSpecification;

const FILE_LAYERS: LayerSpecification[] = [
  { id: 'preview-file-fill', type: 'fill', source: 'preview-file', paint: { 'fill-color': kindColor, 'fill-opacity': 0.08 } },
  { id: 'preview-file-line', type: 'line', source: 'preview-file', paint: { 'line-color': kindColor, 'line-width': 1.6 } },
];
const PROBLEM_LAYERS: LayerSpecification[] = [
  { id: 'preview-problem-fill', type: 'fill', source: 'preview-problems', paint: { 'fill-color': problemColor, 'fill-opacity': 0.6 } },
  { id: 'preview-problem-line', type: 'line', source: 'preview-problems', paint: { 'line-color': problemColor, 'line-width': 2 } },
];

interface Props {
  file: AnyFeatureCollection;
  problems: AnyFeatureCollection;
}

export function ImportPreviewMap({ file, problems }: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcj = !!config.basemapGcj02;

  const base = useBaseMap({
    compact: true,
    hover: {
      layers: ['preview-problem-fill', 'preview-file-fill'],
      describe: (layer, p) => {
        if (layer === 'preview-problem-fill') return popupNode(String(p.text), []);
        const { label } = i18nRef.current;
        return popupNode(String(p.name), [`${label(AREA_KIND_LABELS, p.kind as never)} · ${String(p.code)}`]);
      },
      maxWidth: '300px',
    },
  });
  const { map } = base;
  const areas = useAreasGeoJson([...CONTEXT_KINDS], 0, () => undefined);

  useEffect(() => {
    if (!map) return;
    const b = bboxOf(file);
    const el = base.containerRef.current;
    if (b) fitBBox(map, b as BBox, { gcj, padding: el && el.clientWidth < 500 ? 16 : 30, maxZoom: 17, duration: 0 });
  }, [map, file, gcj, base.containerRef]);

  return (
    <MapFrame
      testId="areas-preview-map"
      containerRef={base.containerRef}
      map={map}
      gcj={gcj}
      areasLoaded={!!areas}
      failure={base.failure}
      onCloseFailure={() => base.setFailure(null)}
      data={{ 'data-problems': problems.features.length }}
      layers={
        <>
          <AreasLayer areas={areas} kinds={[...CONTEXT_KINDS]} />
          <GeoJsonLayer source="preview-file" data={file} layers={FILE_LAYERS} z={Z.forecastCells} />
          <GeoJsonLayer source="preview-problems" data={problems} layers={PROBLEM_LAYERS} z={Z.highlight} />
        </>
      }
    />
  );
}
