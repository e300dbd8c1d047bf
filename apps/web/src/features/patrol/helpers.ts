// Patrol helpers (pure; no DOM): dates, stop status, route editing, team colours, map GeoJSON of a plan, photo
// sizing, the QR check-in link and small formats. Used by the plan page, the field view and the video patrol page.
import type { Checkin, PatrolFlag, PatrolLine, PatrolPoint, PatrolStopKind, PlanRoute, PlannedStop, UserRole } from '@jingwang/contracts';

// ------------------------------------------------------------------ dates

const pad = (n: number) => String(n).padStart(2, '0');

/** Local calendar date YYYY-MM-DD of a time (the browser's zone: the deployment's). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day after the local date of `nowMs` (plans are usually made for tomorrow). */
export function tomorrow(nowMs: number): string {
  const d = new Date(nowMs);
  return localDate(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 12).getTime());
}

/**
 * The shift that is on at `nowMs` (local clock) and the date its plan carries: a night shift that began yesterday
 * at 20:00 is still yesterday's at 03:00. null when no shift covers the moment. The plan page opens on it (issue 18:
 * at 07:33 it opened on tomorrow's night shift instead of today's morning shift).
 */
export function shiftOn(shifts: readonly { id: number; startsAt: string; durationMinutes: number }[], nowMs: number): { shiftId: number; date: string } | null {
  const now = new Date(nowMs);
  for (const back of [0, 1]) {
    for (const s of shifts) {
      const [h, m] = s.startsAt.split(':').map(Number);
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back, h ?? 0, m ?? 0).getTime();
      if (nowMs >= start && nowMs < start + s.durationMinutes * 60_000) return { shiftId: s.id, date: localDate(start) };
    }
  }
  return null;
}

// ------------------------------------------------------------------ roles

const PLANNERS: ReadonlySet<UserRole> = new Set(['admin', 'district_lead', 'station_lead', 'dispatcher']);

const MANAGERS: ReadonlySet<UserRole> = new Set(['admin', 'district_lead', 'station_lead']);

/** May generate, edit, publish and cancel plans, run roll calls, acknowledge flags and do video rounds (patrol.plan, video.patrol). */
export function canPlanPatrol(role: UserRole | null | undefined): boolean {
  return !!role && PLANNERS.has(role);
}

/** May create and switch must-patrol points and lines (patrol.manage: leads and admins). */
export function canManagePoints(role: UserRole | null | undefined): boolean {
  return !!role && MANAGERS.has(role);
}

// ------------------------------------------------------------------ stops

export type StopStatus = 'done' | 'missed' | 'pending';

/** 已打卡 when a check-in counts for the stop, 漏巡 when its window or shift passed without one, else 待巡. */
export function stopStatus(stop: Pick<PlannedStop, 'visitedAt' | 'missed'>): StopStatus {
  if (stop.visitedAt) return 'done';
  if (stop.missed) return 'missed';
  return 'pending';
}

/** Index of the next stop to make: the first pending one (null when none is left). */
export function nextStopIndex(stops: readonly Pick<PlannedStop, 'visitedAt' | 'missed'>[]): number | null {
  const i = stops.findIndex((s) => stopStatus(s) === 'pending');
  return i < 0 ? null : i;
}

/** A check-in made outside its stop's time window (窗口外): kept and shown, never the visit (issue 18). */
export const isOutsideWindow = (c: Pick<Checkin, 'window'>): boolean => c.window === 'early' || c.window === 'late';

/** The check-ins at a stop's place made outside its window, oldest first (what the phone shows under the stop). */
export function outsideWindowAt<C extends Pick<Checkin, 'kind' | 'ref' | 'window' | 'at'>>(stop: Pick<PlannedStop, 'kind' | 'ref'>, checkins: readonly C[]): C[] {
  return checkins.filter((c) => c.kind === stop.kind && c.ref === stop.ref && isOutsideWindow(c)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface StopCounts {
  done: number;
  missed: number;
  pending: number;
  total: number;
}

export function countStops(stops: readonly Pick<PlannedStop, 'visitedAt' | 'missed'>[]): StopCounts {
  const c: StopCounts = { done: 0, missed: 0, pending: 0, total: stops.length };
  for (const s of stops) c[stopStatus(s)]++;
  return c;
}

// ------------------------------------------------------------------ route editing (a draft list of stops)

/** A stop of a route being edited: what PUT /routes/:id takes (kind, ref) and what the list shows. */
export interface DraftStop {
  kind: PatrolStopKind;
  ref: string;
  name: string;
  lon: number;
  lat: number;
  risk: number;
  /** Stable key for React lists (a point may be visited twice). */
  key: string;
}

let draftSeq = 0;
export function draftOf(stops: readonly Pick<PlannedStop, 'kind' | 'ref' | 'name' | 'lon' | 'lat' | 'risk'>[]): DraftStop[] {
  return stops.map((s) => ({ kind: s.kind, ref: s.ref, name: s.name, lon: s.lon, lat: s.lat, risk: s.risk, key: `d${++draftSeq}` }));
}

export function newDraftStop(c: { kind: PatrolStopKind; ref: string; name: string; lon: number; lat: number; risk: number }): DraftStop {
  return { kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, risk: c.risk, key: `d${++draftSeq}` };
}

/** Moves item i by `by` (-1 up, +1 down); out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], i: number, by: number): T[] {
  const j = i + by;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(j, 0, x!);
  return out;
}

export function removeAt<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, k) => k !== i);
}

/** Inserts at index `at` (clamped; null or beyond the end appends). */
export function insertAt<T>(list: readonly T[], at: number | null, item: T): T[] {
  const out = [...list];
  const i = at === null ? out.length : Math.max(0, Math.min(out.length, at));
  out.splice(i, 0, item);
  return out;
}

/** The body of PUT /api/patrol/plans/:id/routes/:routeId. */
export function editBody(version: number, draft: readonly Pick<DraftStop, 'kind' | 'ref'>[]): { version: number; stops: { kind: PatrolStopKind; ref: string }[] } {
  return { version, stops: draft.map((s) => ({ kind: s.kind, ref: s.ref })) };
}

/** True when the draft differs from the route's stops (order, additions, drops). */
export function draftChanged(stops: readonly Pick<PlannedStop, 'kind' | 'ref'>[], draft: readonly Pick<DraftStop, 'kind' | 'ref'>[]): boolean {
  if (stops.length !== draft.length) return true;
  return stops.some((s, i) => s.kind !== draft[i]!.kind || s.ref !== draft[i]!.ref);
}

// ------------------------------------------------------------------ numbers

/** Share of the offered risk the plan covers (0..1), null when no risk was offered. */
export function riskShare(planned: number, total: number): number | null {
  if (!Number.isFinite(planned) || !Number.isFinite(total) || total <= 0) return null;
  return Math.max(0, Math.min(1, planned / total));
}

/** 4500 -> { h: 1, m: 15 }: whole minutes, rounded. */
export function hoursMinutes(seconds: number): { h: number; m: number } {
  const t = Math.max(0, Math.round((Number.isFinite(seconds) ? seconds : 0) / 60));
  return { h: Math.floor(t / 60), m: t % 60 };
}

/** 12345 -> "12.3" (km with one decimal). */
export function km(meters: number): string {
  return Number.isFinite(meters) ? (Math.round(meters / 100) / 10).toFixed(1) : '—';
}

/** Risk to two decimals (risk is a share of forecast incidents: small numbers). */
export function formatRisk(r: number): string {
  if (!Number.isFinite(r)) return '—';
  return r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

// ------------------------------------------------------------------ colours

/** One colour per team, legible on the dark map and on white lists. */
export const TEAM_COLORS = ['#ffd666', '#69b1ff', '#ff85c0', '#95de64', '#ff9c6e', '#b37feb', '#5cdbd3', '#ffa39e', '#adc6ff', '#d3f261'] as const;

export function teamColor(index: number): string {
  const n = TEAM_COLORS.length;
  return TEAM_COLORS[((index % n) + n) % n]!;
}

/** Must-patrol lines on the map. */
export const LINE_COLOR = '#ff7a45';
export const POINT_KIND_COLOR = { must_patrol: '#ffc53d', must_arrive: '#ff4d4f' } as const;

// ------------------------------------------------------------------ map GeoJSON

export interface Fc {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
}

export const emptyFc = (): Fc => ({ type: 'FeatureCollection', features: [] });

/** A route to draw: its geometry, colour and whether it is the one in focus. */
export interface MapRoute {
  id: number;
  callsign: string;
  color: string;
  coordinates: [number, number][];
  /** drawn dashed: a straight-line preview of a route being edited */
  preview?: boolean;
}

/**
 * Routes as LineStrings (properties routeId, callsign, color, focus, dim, preview); with a focused route the others
 * are dimmed and the focused one comes last so it is drawn on top.
 */
export function planRoutesFc(routes: readonly MapRoute[], focusId: number | null): Fc {
  const usable = routes.filter((r) => r.coordinates.length >= 2);
  const ordered = [...usable.filter((r) => r.id !== focusId), ...usable.filter((r) => r.id === focusId)];
  return {
    type: 'FeatureCollection',
    features: ordered.map((r) => ({
      type: 'Feature',
      properties: { routeId: r.id, callsign: r.callsign, color: r.color, focus: r.id === focusId, dim: focusId !== null && r.id !== focusId, preview: !!r.preview },
      geometry: { type: 'LineString', coordinates: r.coordinates },
    })),
  };
}

/** Must-patrol lines (properties id, name, inPlan, focus): the ones the plan visits are drawn stronger. */
export function linesFc(lines: readonly Pick<PatrolLine, 'id' | 'name' | 'coordinates' | 'active'>[], inPlan: ReadonlySet<string>, focus: ReadonlySet<string>): Fc {
  return {
    type: 'FeatureCollection',
    features: lines
      .filter((l) => l.coordinates.length >= 2)
      .map((l) => ({
        type: 'Feature',
        properties: { id: l.id, name: l.name, inPlan: inPlan.has(String(l.id)), focus: focus.has(String(l.id)), active: l.active },
        geometry: { type: 'LineString', coordinates: l.coordinates },
      })),
  };
}

/** Must-patrol points as circles (properties id, name, kind, color, active). */
export function pointsFc(points: readonly Pick<PatrolPoint, 'id' | 'name' | 'code' | 'kind' | 'lon' | 'lat' | 'active'>[], selectedId: number | null = null): Fc {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      properties: { id: p.id, name: p.name, code: p.code, kind: p.kind, color: POINT_KIND_COLOR[p.kind] ?? '#ffc53d', active: p.active, selected: p.id === selectedId },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  };
}

/** A numbered stop marker on the map. */
export interface StopMarker {
  key: string;
  routeId: number;
  n: number;
  kind: PatrolStopKind;
  lon: number;
  lat: number;
  color: string;
  status: StopStatus | 'draft';
  dim: boolean;
  /** a small dot without its number (many routes on the map, or not the route in focus) */
  compact?: boolean;
  title: string;
}

/** Numbers stay legible up to about this many markers; beyond it only the route in focus is numbered. */
export const MAX_NUMBERED_STOPS = 80;

/**
 * Which markers show their number: all of them when few; otherwise only those of the route in focus (or none until
 * a route is picked). Returns the markers with `compact` set.
 */
export function numberStops<T extends { routeId: number; compact?: boolean }>(markers: readonly T[], focusRouteId: number | null, max = MAX_NUMBERED_STOPS): T[] {
  if (markers.length <= max) return markers.map((m) => ({ ...m, compact: false }));
  return markers.map((m) => ({ ...m, compact: m.routeId !== focusRouteId }));
}

/** Where a line stop is drawn: the middle vertex of its line when the line is known, else the stop's own point. */
export function stopAnchor(stop: Pick<PlannedStop, 'kind' | 'ref' | 'lon' | 'lat'>, lines?: ReadonlyMap<string, [number, number][]>): [number, number] {
  if (stop.kind === 'line') {
    const c = lines?.get(stop.ref);
    if (c && c.length) return c[Math.floor(c.length / 2)]!;
  }
  return [stop.lon, stop.lat];
}

// ------------------------------------------------------------------ lists fed by the socket

/** Adds or replaces by id (newest version wins), newest first by `at` of the caller's choice. */
export function upsertFlag(list: readonly PatrolFlag[], f: PatrolFlag): PatrolFlag[] {
  const i = list.findIndex((x) => x.id === f.id);
  if (i >= 0) {
    if (list[i]!.version > f.version) return [...list];
    const out = [...list];
    out[i] = f;
    return out;
  }
  return [f, ...list];
}

export function addCheckin(list: readonly Checkin[], c: Checkin): Checkin[] {
  if (list.some((x) => x.id === c.id)) return [...list];
  return [c, ...list].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
}

/** Open flags first (newest first), then the rest (newest first). */
export function sortFlags<T extends Pick<PatrolFlag, 'status' | 'raisedAt' | 'id'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => {
    const oa = a.status === 'open' ? 0 : 1;
    const ob = b.status === 'open' ? 0 : 1;
    if (oa !== ob) return oa - ob;
    return Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id;
  });
}

// ------------------------------------------------------------------ photos

/** Size that fits within `max` px on the longer side, keeping the aspect ratio (never enlarges). */
export function fitWithin(width: number, height: number, max = 1280): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) return { width: 0, height: 0 };
  const long = Math.max(width, height);
  if (long <= max) return { width: Math.round(width), height: Math.round(height) };
  const k = max / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** Bytes a base64 data URL decodes to (for showing the size of a photo before sending). */
export function dataUrlBytes(dataUrl: string): number {
  const i = dataUrl.indexOf(',');
  const b64 = i >= 0 ? dataUrl.slice(i + 1) : dataUrl;
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

// ------------------------------------------------------------------ QR check-in link

/** `?checkin=<pointId>&t=<token>` of a point's QR code; null when the query is not a check-in. */
export function parseCheckinQuery(search: string): { pointId: string; token: string } | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const pointId = (q.get('checkin') ?? '').trim();
  const token = (q.get('t') ?? '').trim();
  if (!pointId || !token || !/^[A-Za-z0-9_.:-]{1,40}$/.test(pointId)) return null;
  return { pointId, token };
}

// ------------------------------------------------------------------ times

/** "HH:MM" of an ISO time in the browser's zone. */
export function clock(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO time from a local date (YYYY-MM-DD) and a time of day (HH:MM). */
export function isoAt(date: string, hhmm: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  return new Date(y!, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0).toISOString();
}

/** Routes in the order of their callsigns, each with its colour index kept stable by route id. */
export function routeColors(routes: readonly Pick<PlanRoute, 'id'>[]): Map<number, string> {
  const ids = [...routes.map((r) => r.id)].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, teamColor(i)]));
}
