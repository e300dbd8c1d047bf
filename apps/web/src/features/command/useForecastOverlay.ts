// Data of the command map's 预测热点 overlay while it is on: the districts the user sees and the patrol shifts (once),
// then each district's forecast layer for the shift on now and the date it began (today's whole day when no shift is
// on). Refetched every 10 minutes and when the shift (or day) changes; requests are aborted when the overlay is
// turned off or the page left.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Area, AreaKind, Shift } from '@jingwang/contracts';
import { analysisApi, api } from '../../api/endpoints';
import type { Fc } from '../forecast/helpers';
import {
  FORECAST_REFRESH_MS,
  forecastTargets,
  isNoForecast,
  overlayFc,
  SHIFT_CHECK_MS,
  shiftOn,
  type DistrictForecast,
  type ForecastTarget,
} from './forecastOverlay';

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';

export interface ForecastOverlayState {
  /** One answer per area asked (empty until the first answers arrive). */
  results: DistrictForecast[];
  /** The shift asked for (null: the whole day) and the date asked for (the local date the shift began). */
  shift: Shift | null;
  date: string | null;
  /** overlayFc(results) */
  fc: Fc | null;
  loading: boolean;
  /** The districts or shifts could not be loaded. */
  error: unknown;
  /** Areas asked (null before they are known). */
  targets: ForecastTarget[] | null;
}

interface Refs {
  targets: ForecastTarget[];
  shifts: Shift[];
}

/** `scope`: the user's scope area (null when not scoped), to ask for its own area when it lies below a district. */
export function useForecastOverlay(on: boolean, scope: { id: number; name: string } | null): ForecastOverlayState & { reload: () => void } {
  const [refs, setRefs] = useState<Refs | null>(null);
  const [refsError, setRefsError] = useState<unknown>(null);
  const [results, setResults] = useState<DistrictForecast[]>([]);
  const [loading, setLoading] = useState(false);
  // "<shiftId|day>@<date>": the shift on now and its date; a change refetches the layers
  const [slot, setSlot] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const scopeId = scope?.id ?? null;
  const scopeName = scope?.name ?? '';

  // the districts and shifts, each time the overlay is turned on (or reloaded)
  useEffect(() => {
    if (!on) {
      setRefs(null);
      setRefsError(null);
      setResults([]);
      setLoading(false);
      return;
    }
    let alive = true;
    setLoading(true);
    setRefsError(null);
    (async () => {
      const [districts, shifts] = await Promise.all([api.areas({ kind: 'district' }), api.patrolShifts().catch(() => [] as Shift[])]);
      let kind: AreaKind | null = null;
      if (scopeId !== null && !districts.some((d) => d.id === scopeId)) kind = await api.area(scopeId).then((a: Area) => a.kind, () => null);
      return { targets: forecastTargets(districts, scopeId === null ? null : { id: scopeId, name: scopeName, kind }), shifts };
    })().then(
      (r) => {
        if (!alive) return;
        // the shift with the refs (one render): the layers are asked for once, for the right shift
        setSlot(slotOf(r.shifts, new Date()));
        setRefs(r);
        if (!r.targets.length) setLoading(false);
      },
      (e) => {
        if (!alive) return;
        setRefsError(e);
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [on, nonce, scopeId, scopeName]);

  // the shift on now: checked every 30 s; a change refetches the layers below
  const shifts = refs?.shifts ?? null;
  useEffect(() => {
    if (!shifts) return;
    const check = () => setSlot(slotOf(shifts, new Date()));
    check();
    const id = setInterval(check, SHIFT_CHECK_MS);
    return () => clearInterval(id);
  }, [shifts]);

  // the layers: at once, then every 10 minutes
  const targets = refs?.targets ?? null;
  const { shiftId, date } = parseSlot(slot);
  useEffect(() => {
    if (!on || !targets || !targets.length || !date) return;
    let ac: AbortController | null = null;
    const load = async () => {
      ac?.abort();
      const ctl = new AbortController();
      ac = ctl;
      setLoading(true);
      const list = await Promise.all(
        targets.map((tg) =>
          analysisApi.forecastLayer({ areaId: tg.areaId, date, ...(shiftId !== null ? { shiftId } : {}) }, ctl.signal).then(
            (layer): DistrictForecast => ({ ...tg, status: 'ok', layer }),
            (e): DistrictForecast => (isNoForecast(e) ? { ...tg, status: 'none' } : { ...tg, status: 'error', error: e }),
          ),
        ),
      );
      if (ctl.signal.aborted || list.some((r) => r.status === 'error' && isAbort(r.error))) return;
      setResults(list);
      setLoading(false);
    };
    void load();
    const id = setInterval(() => void load(), FORECAST_REFRESH_MS);
    return () => {
      clearInterval(id);
      ac?.abort();
    };
  }, [on, targets, shiftId, date]);

  const fc = useMemo(() => (results.length ? overlayFc(results) : null), [results]);
  const shift = useMemo(() => shifts?.find((s) => s.id === shiftId) ?? null, [shifts, shiftId]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { results, shift, date, fc, loading, error: refsError, targets, reload };
}

function slotOf(shifts: readonly Shift[], now: Date): string {
  const { shift, date } = shiftOn(shifts, now);
  return `${shift?.id ?? 'day'}@${date}`;
}

function parseSlot(slot: string | null): { shiftId: number | null; date: string | null } {
  if (!slot) return { shiftId: null, date: null };
  const [id, date] = slot.split('@');
  return { shiftId: id === 'day' || !id ? null : Number(id), date: date ?? null };
}
