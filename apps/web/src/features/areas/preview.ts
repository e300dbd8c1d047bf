// The import preview of GeoJSON areas, as the 辖区 page shows it: the problems in words (overlaps, gaps, areas
// outside their parent, features the import would refuse) and the map's FeatureCollections (the file's areas, the
// problems drawn in their colours). Pure: the modal and the map only render it.
import { AREA_KIND_LABELS, AREA_PREVIEW_SLIVER, type AnyFeatureCollection, type AreaImportPreview, type AreaKind } from '@jingwang/contracts';
import type { DictKey } from '../../app/dict';

type T = (key: DictKey, params?: Record<string, string | number>) => string;
type Label = (labels: typeof AREA_KIND_LABELS, kind: AreaKind) => string;

export type ProblemType = 'duplicate' | 'missingParent' | 'overlap' | 'gap' | 'outside';

export interface PreviewProblem {
  key: string;
  type: ProblemType;
  /** error: the import would be refused; warning: imported as it is, to be checked. */
  severity: 'error' | 'warning';
  text: string;
}

/** The colours of the preview map (also the legend's). */
export const PROBLEM_COLORS: Record<'overlap' | 'gap' | 'outside', string> = { overlap: '#ff4d4f', gap: '#fa8c16', outside: '#d948c7' };

/** An area in words: m² below one hectare, else km² (three decimals). */
export function formatArea(m2: number): string {
  if (m2 < 10_000) return `${Math.round(m2).toLocaleString('en-US')} m²`;
  return `${(m2 / 1e6).toFixed(3)} km²`;
}

/** The share of a part in its whole, in %, to a useful precision (0.05 %, 1.2 %, 35 %). */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  const p = (part / whole) * 100;
  return p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toPrecision(1);
}

/** The sliver rule of the server, in words. */
export function sliverRule(t: T): string {
  return t('areas.preview.sliver', { share: AREA_PREVIEW_SLIVER.share * 100, min: AREA_PREVIEW_SLIVER.minM2 });
}

/**
 * The problems of a preview, the refusals first (in the file's order), then overlaps, gaps and areas outside their
 * parent. An area is named by the file's name, else by `nameOf` (a live area of the page), else by its code.
 */
export function previewProblems(p: AreaImportPreview, t: T, label: Label, nameOf: (code: string) => string | undefined = () => undefined): PreviewProblem[] {
  const fileNames = new Map(p.features.map((f) => [f.code, f.name]));
  const name = (code: string) => fileNames.get(code) ?? nameOf(code) ?? code;
  const out: PreviewProblem[] = [];
  for (const f of p.features) {
    const who = { index: f.index + 1, name: f.name, code: f.code };
    if (f.blockedBy === 'DUPLICATE_CODE') {
      out.push({ key: `dup-${f.index}`, type: 'duplicate', severity: 'error', text: t(f.status === 'unchanged' ? 'areas.preview.unchanged' : 'areas.preview.differs', who) });
    } else if (f.blockedBy === 'UNKNOWN_PARENT') {
      out.push({ key: `parent-${f.index}`, type: 'missingParent', severity: 'error', text: t('areas.preview.missingParent', { ...who, parent: f.parentCode ?? '' }) });
    }
  }
  for (const o of p.overlaps) {
    const params = { kind: label(AREA_KIND_LABELS, o.kind), a: name(o.a), b: name(o.b), area: formatArea(o.areaM2), parent: o.parentCode ? name(o.parentCode) : '' };
    out.push({ key: `ov-${o.a}-${o.b}`, type: 'overlap', severity: 'warning', text: t(o.parentCode ? 'areas.preview.overlap' : 'areas.preview.overlapTop', params) });
  }
  for (const g of p.gaps) {
    out.push({
      key: `gap-${g.parentCode}-${g.kind}`,
      type: 'gap',
      severity: 'warning',
      text: t('areas.preview.gap', { parent: name(g.parentCode), kind: label(AREA_KIND_LABELS, g.kind), area: formatArea(g.areaM2), share: formatShare(g.areaM2, g.parentAreaM2) }),
    });
  }
  for (const x of p.outside) {
    out.push({
      key: `out-${x.code}`,
      type: 'outside',
      severity: 'warning',
      text: t('areas.preview.outside', { kind: label(AREA_KIND_LABELS, x.kind), name: name(x.code), area: formatArea(x.areaM2), parent: name(x.parentCode) }),
    });
  }
  return out;
}

/** The file's areas for the map (the features of a document the server has checked), with code, name and kind. */
export function fileAreasFc(doc: unknown): AnyFeatureCollection {
  const features = (doc as { features?: unknown[] } | null)?.features ?? [];
  return {
    type: 'FeatureCollection',
    features: features.flatMap((f, i) => {
      const x = f as { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } } | null;
      const g = x?.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return [];
      const p = x.properties ?? {};
      return [{ type: 'Feature' as const, id: i, properties: { code: String(p.code ?? ''), name: String(p.name ?? ''), kind: String(p.kind ?? '') }, geometry: { type: g.type, coordinates: g.coordinates } }];
    }),
  };
}

/** The overlaps, gaps and areas outside their parent as one FeatureCollection: `problem` picks the colour, `text` the popup. */
export function problemsFc(p: AreaImportPreview, problems: readonly PreviewProblem[]): AnyFeatureCollection {
  const text = new Map(problems.map((x) => [x.key, x.text]));
  const feature = (problem: 'overlap' | 'gap' | 'outside', key: string, geometry: { type: string; coordinates: unknown }) => ({
    type: 'Feature' as const,
    properties: { problem, key, text: text.get(key) ?? '' },
    geometry,
  });
  return {
    type: 'FeatureCollection',
    features: [
      // gaps under overlaps, the parts outside on top
      ...p.gaps.map((g) => feature('gap', `gap-${g.parentCode}-${g.kind}`, g.geometry)),
      ...p.overlaps.map((o) => feature('overlap', `ov-${o.a}-${o.b}`, o.geometry)),
      ...p.outside.map((x) => feature('outside', `out-${x.code}`, x.geometry)),
    ],
  };
}
