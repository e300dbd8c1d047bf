// The 预测热点 overlay of the command room map (pure): the patrol shift on now, the areas to ask for a forecast, the
// cells of every district as one GeoJSON (same squares and band colours as the forecast page: cellsFc) and the facts
// of its legend. The data hook is useForecastOverlay.ts, the layers map/style.ts, the legend MapOverlays.tsx.
// No DOM, no React: tested by forecastOverlay.test.ts.
import type { Area, AreaKind, ForecastLayer, Shift } from '@jingwang/contracts';
import { bandCounts, cellsFc, modelLabel, type Band, type Fc, type Translate } from '../forecast/helpers';
import { localDate } from '../patrol/helpers';

/** Forecasts are made once a night: refreshing every 10 minutes picks up a run remade on demand. */
export const FORECAST_REFRESH_MS = 10 * 60_000;
/** How often the shift on now is checked (the layer is refetched when it changes). */
export const SHIFT_CHECK_MS = 30_000;

// ------------------------------------------------------------------ the shift on now

/** "HH:MM" -> minutes after midnight; NaN when malformed. */
export function clockMinutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return NaN;
  const h = Number(m[1]), mm = Number(m[2]);
  return h < 24 && mm < 60 ? h * 60 + mm : NaN;
}

/**
 * The patrol shift on at `now` (local wall-clock time): a shift runs from `startsAt` for `durationMinutes` and may
 * cross midnight (夜班 22:00 + 480 min is on at 02:00). When shifts overlap, the one that started last wins; null when
 * none is on (then the overlay shows the whole day's forecast).
 */
export function currentShift<T extends Pick<Shift, 'startsAt' | 'durationMinutes'>>(shifts: readonly T[], now: Date): T | null {
  return shiftOn(shifts, now).shift;
}

/** Minutes since `s` last started (today or, across midnight, yesterday), at `now`; NaN for a malformed start. */
function minutesSinceStart(s: Pick<Shift, 'startsAt'>, now: Date): number {
  const m = now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60;
  return (m - clockMinutes(s.startsAt) + 1440) % 1440;
}

/**
 * The shift on at `now` and the local date it began: the date of its forecast (and of its patrol plans), so at
 * 01:00 the night shift that began at 22:00 shows the previous day's forecast, which exists before the nightly run.
 * No shift on: today and null.
 */
export function shiftOn<T extends Pick<Shift, 'startsAt' | 'durationMinutes'>>(shifts: readonly T[], now: Date): { shift: T | null; date: string } {
  let best: T | null = null;
  let bestAgo = Infinity;
  for (const s of shifts) {
    const ago = minutesSinceStart(s, now);
    if (!Number.isFinite(ago) || !(s.durationMinutes > 0)) continue;
    if ((s.durationMinutes >= 1440 || ago < s.durationMinutes) && ago < bestAgo) {
      best = s;
      bestAgo = ago;
    }
  }
  // the start's calendar date: step back to the start's wall-clock minute (whole minutes, so 22:00 stays 22:00)
  const date = best ? localDate(now.getTime() - Math.floor(bestAgo) * 60_000 - now.getSeconds() * 1000 - now.getMilliseconds()) : localDate(now.getTime());
  return { shift: best, date };
}

// ------------------------------------------------------------------ what to ask for

export interface ForecastTarget {
  areaId: number;
  name: string;
}

/**
 * The areas to fetch a layer for: every live district the user sees; the user's own district when scoped to one;
 * the user's own area (a station, community...) when scoped below a district, since the layer of a whole district
 * would be out of scope. `scope` null: not scoped (or scoped to a county: all its districts).
 */
export function forecastTargets(
  districts: readonly Pick<Area, 'id' | 'name' | 'code' | 'validTo'>[],
  scope: { id: number; name: string; kind: AreaKind | null } | null,
  now = Date.now(),
): ForecastTarget[] {
  const live = districts
    .filter((d) => !d.validTo || Date.parse(d.validTo) > now)
    .sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }))
    .map((d) => ({ areaId: d.id, name: d.name }));
  if (!scope) return live;
  const own = live.filter((d) => d.areaId === scope.id);
  if (own.length) return own;
  if (scope.kind === null || scope.kind === 'county' || scope.kind === 'district') return live;
  return [{ areaId: scope.id, name: scope.name }];
}

// ------------------------------------------------------------------ answers

export type DistrictForecast =
  | { areaId: number; name: string; status: 'ok'; layer: ForecastLayer }
  /** 404 FORECAST_NOT_FOUND: no run for the date yet */
  | { areaId: number; name: string; status: 'none' }
  | { areaId: number; name: string; status: 'error'; error: unknown };

export const isNoForecast = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'FORECAST_NOT_FOUND';

/**
 * The cells of every district with a forecast as one FeatureCollection (cellsFc's squares and properties, plus
 * `district`, the district's name, for the popup). The 10 % band first and the top cells last, so the hottest are
 * drawn on top; feature ids 1..n.
 */
export function overlayFc(results: readonly DistrictForecast[]): Fc {
  const features: Fc['features'] = [];
  for (const r of results) {
    if (r.status !== 'ok') continue;
    for (const f of cellsFc(r.layer.cells).features) features.push({ ...f, properties: { ...f.properties, district: r.name } });
  }
  const n = (f: Fc['features'][number], k: string) => Number(f.properties[k]);
  features.sort((a, b) => n(b, 'band') - n(a, 'band') || n(b, 'rank') - n(a, 'rank'));
  return { type: 'FeatureCollection', features: features.map((f, i) => ({ ...f, id: i + 1 })) };
}

export interface OverlaySummary {
  /** Cells drawn (all districts). */
  cells: number;
  bands: Record<Band, number>;
  /** Models of the runs shown, without repeats. */
  models: string[];
  /** The date of the runs shown (the first one's). */
  date: string | null;
  /** The shift's name as the server gave it (null: whole day). */
  shiftName: string | null;
  /** Districts whose shift forecast fell back to the whole day's data. */
  fallback: string[];
  /** Districts with a forecast drawn. */
  shown: string[];
  /** Districts without a forecast for today. */
  missing: string[];
  failed: { name: string; error: unknown }[];
}

export function overlaySummary(results: readonly DistrictForecast[]): OverlaySummary {
  const ok = results.filter((r): r is Extract<DistrictForecast, { status: 'ok' }> => r.status === 'ok');
  const cells = ok.flatMap((r) => r.layer.cells.filter((c) => Array.isArray(c.ring) && c.ring.length >= 3));
  return {
    cells: cells.length,
    bands: bandCounts(cells),
    models: [...new Set(ok.map((r) => r.layer.run.model))],
    date: ok[0]?.layer.run.date ?? null,
    shiftName: ok.find((r) => r.layer.shiftName)?.layer.shiftName ?? null,
    fallback: ok.filter((r) => r.layer.shiftFallback).map((r) => r.name),
    shown: ok.map((r) => r.name),
    missing: results.filter((r) => r.status === 'none').map((r) => r.name),
    failed: results.flatMap((r) => (r.status === 'error' ? [{ name: r.name, error: r.error }] : [])),
  };
}

/** The legend's title: "预测热点 · 夜班 · 2026-12-05" (the whole day when no shift; no date before an answer). */
export function overlayTitle(s: Pick<OverlaySummary, 'shiftName' | 'date'>, askedShift: string | null, t: Translate): string {
  return [t('forecast.title'), s.shiftName ?? askedShift ?? t('forecast.wholeDay'), s.date].filter(Boolean).join(' · ');
}

/**
 * The legend's notes, in order: the model(s), the shift fallback ("班次样本不足，按全天"; naming the districts when
 * only some of several fell back) and the districts without a forecast today ("白米片区 今日无预测").
 * Load failures are worded by the legend (they need the error text).
 */
export function overlayNotes(s: OverlaySummary, t: Translate): { kind: 'model' | 'fallback' | 'none'; text: string }[] {
  const out: { kind: 'model' | 'fallback' | 'none'; text: string }[] = [];
  if (s.models.length) out.push({ kind: 'model', text: t('forecastLayer.model', { model: s.models.map((m) => modelLabel(m, t)).join(t('forecastLayer.sep')) }) });
  if (s.fallback.length)
    out.push({
      kind: 'fallback',
      text: s.fallback.length === s.shown.length ? t('forecastLayer.fallback') : t('forecastLayer.fallbackOf', { names: s.fallback.join(t('forecastLayer.sep')) }),
    });
  for (const name of s.missing) out.push({ kind: 'none', text: t('forecastLayer.none', { name }) });
  return out;
}

/** The link to the forecast page for what the overlay shows (its first district with a forecast, date and shift). */
export function forecastPageHref(results: readonly DistrictForecast[], shiftId: number | null, date: string | null): string {
  const first = results.find((r) => r.status === 'ok') ?? results[0];
  const q = new URLSearchParams();
  if (first) q.set('area', String(first.areaId));
  const d = first?.status === 'ok' ? first.layer.run.date : date;
  if (d) q.set('date', d);
  if (shiftId !== null) q.set('shift', String(shiftId));
  const qs = q.toString();
  return qs ? `/forecast?${qs}` : '/forecast';
}
