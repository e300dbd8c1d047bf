// 预测研判 (/forecast): where incidents are most likely on a day (and shift) in a district, as cells of the grid
// coloured by band (the top 1 / 2 / 5 / 10 % of the district's area), with the top cells in a side list and what the
// forecast rests on (model chosen, each candidate's validation PAI at 5 %, training window) in plain words.
// Forecasts score places and times, never people. Leads and dispatchers can make one on demand (重新预测).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, DatePicker, Empty, Select, Spin, Tooltip, Typography } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { AREA_KIND_LABELS, INCIDENT_CATEGORIES, INCIDENT_CATEGORY_LABELS, type AreaFeatureCollection, type ForecastCell, type ForecastLayer, type ForecastRun } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { analysisApi } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import type { BBox } from '../../lib/geo';
import { loadAreasGeoJson } from '../../map/data';
import { MAP_AREA_KINDS } from '../../map/style';
import { localDate } from '../patrol/helpers';
import { ForecastMap } from './ForecastMap';
import { ForecastLegend, RunFacts, RunHistory, TopCells } from './ForecastPanels';
import { canRunForecast, cellsBBox, cellsFc, districtOf, whereOf, type AreaFeature } from './helpers';
import { areaOptions, useAnalysisAreas } from './useAnalysisAreas';
import './forecast.css';

const FILTER_KEY = 'jw.forecast.filters';
const NO_AREAS: AreaFeature[] = [];
const TOP_N = 20;
const TOP_SHORT = 10;
const WHOLE_DAY = 0;
/** The category selector's "all incidents together". */
const ALL_CATEGORIES = '';
const isCategory = (c: string | null): c is string => c !== null && (INCIDENT_CATEGORIES as readonly string[]).includes(c);

function loadSaved(): { areaId?: number; shiftId?: number } {
  try {
    const v = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as { areaId?: unknown; shiftId?: unknown } | null;
    return { areaId: typeof v?.areaId === 'number' ? v.areaId : undefined, shiftId: typeof v?.shiftId === 'number' ? v.shiftId : undefined };
  } catch {
    return {};
  }
}

export default function ForecastPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const runner = canRunForecast(user?.role);
  const phone = useIsPhone();
  const refs = useAnalysisAreas();
  const [params, setParams] = useSearchParams();
  const saved = useMemo(loadSaved, []);

  const [areaId, setAreaId] = useState<number | undefined>(() => Number(params.get('area')) || saved.areaId);
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : localDate(Date.now())));
  const [shiftId, setShiftId] = useState<number>(() => (params.has('shift') ? Number(params.get('shift')) || WHOLE_DAY : (saved.shiftId ?? WHOLE_DAY)));
  const [category, setCategory] = useState<string>(() => (isCategory(params.get('cat')) ? params.get('cat')! : ALL_CATEGORIES));
  const [selected, setSelected] = useState<string | null>(null);

  // defaults once the areas are known: the saved area, else the user's own, else the first district
  useEffect(() => {
    if (refs.loading || !refs.areas.length) return;
    setAreaId((cur) => {
      const ok = (id: number | null | undefined) => id != null && refs.areas.some((a) => a.id === id && districtOf(refs.areas, a.id) !== null);
      if (ok(cur)) return cur;
      if (ok(user?.scopeAreaId)) return user!.scopeAreaId!;
      return refs.areas.find((a) => a.kind === 'district')?.id ?? refs.areas[0]?.id;
    });
    setShiftId((cur) => (cur === WHOLE_DAY || refs.shifts.some((s) => s.id === cur) ? cur : WHOLE_DAY));
  }, [refs.loading, refs.areas, refs.shifts, user]);

  // the page's state in the address and the last filters in the browser
  useEffect(() => {
    const next = new URLSearchParams();
    if (areaId !== undefined) next.set('area', String(areaId));
    next.set('date', date);
    if (shiftId !== WHOLE_DAY) next.set('shift', String(shiftId));
    if (category !== ALL_CATEGORIES) next.set('cat', category);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
    try {
      localStorage.setItem(FILTER_KEY, JSON.stringify({ areaId, shiftId }));
    } catch {
      /* ignore */
    }
  }, [areaId, date, shiftId, category, params, setParams]);

  const area = refs.areas.find((a) => a.id === areaId);
  const districtId = useMemo(() => districtOf(refs.areas, areaId), [refs.areas, areaId]);

  // ---------------------------------------------------------------- the layer
  const [layer, setLayer] = useState<ForecastLayer | null>(null);
  const [layerKey, setLayerKey] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const key = `${areaId}|${date}|${shiftId}|${category}`;
  useEffect(() => {
    if (areaId === undefined) return;
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    analysisApi
      .forecastLayer({ areaId, date, shiftId: shiftId === WHOLE_DAY ? undefined : shiftId, category: category === ALL_CATEGORIES ? undefined : category }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setLayer(l);
        setNotFound(false);
        setLayerKey(`${areaId}|${date}|${shiftId}|${category}`);
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setLayer(null);
        setLayerKey(`${areaId}|${date}|${shiftId}|${category}`);
        if (e instanceof ApiError && e.code === 'FORECAST_NOT_FOUND') setNotFound(true);
        else {
          setNotFound(false);
          setError(e);
        }
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [areaId, date, shiftId, category, nonce]);
  const current = layerKey === key ? layer : null;
  useEffect(() => setSelected(null), [key]);

  // ---------------------------------------------------------------- the district's recent runs
  const [runs, setRuns] = useState<ForecastRun[]>([]);
  const [runsNonce, setRunsNonce] = useState(0);
  const runsDistrict = districtId ?? current?.run.districtId ?? null;
  useEffect(() => {
    if (runsDistrict === null) return;
    const ac = new AbortController();
    analysisApi
      .forecastRuns({ districtId: runsDistrict, limit: 8 }, ac.signal)
      .then((l) => !ac.signal.aborted && setRuns(l))
      .catch(() => !ac.signal.aborted && setRuns([]));
    return () => ac.abort();
  }, [runsDistrict, runsNonce]);

  // ---------------------------------------------------------------- make a forecast
  /** A model's name in words (the raw name when the dictionary has none). */
  const modelName = useCallback(
    (m: string) => {
      const k = `forecast.model.${m}` as Parameters<typeof t>[0];
      const s = t(k);
      return s === k ? m : s;
    },
    [t],
  );
  const [running, setRunning] = useState(false);
  const runNow = async () => {
    const d = runsDistrict;
    if (d === null) return;
    setRunning(true);
    try {
      const r = await analysisApi.runForecast({ districtId: d, date, ...(category !== ALL_CATEGORIES ? { category } : {}) });
      message.success(t('forecast.runDone', { model: modelName(r.model), events: r.events }));
      setNonce((n) => n + 1);
      setRunsNonce((n) => n + 1);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setRunning(false);
    }
  };

  // ---------------------------------------------------------------- where the cells are
  const [areaFc, setAreaFc] = useState<AreaFeatureCollection | null>(null);
  useEffect(() => {
    let alive = true;
    loadAreasGeoJson(MAP_AREA_KINDS)
      .then((fc) => alive && setAreaFc(fc))
      .catch(() => {
        /* the side list then shows no place names */
      });
    return () => {
      alive = false;
    };
  }, []);
  const whereCache = useRef(new Map<string, string>());
  useEffect(() => whereCache.current.clear(), [areaFc]);
  const where = useCallback(
    (lon: number, lat: number) => {
      if (!areaFc) return '';
      const k = `${lon.toFixed(6)},${lat.toFixed(6)}`;
      let w = whereCache.current.get(k);
      if (w === undefined) {
        w = whereOf(lon, lat, areaFc.features);
        whereCache.current.set(k, w);
      }
      return w;
    },
    [areaFc],
  );

  // ---------------------------------------------------------------- the map
  const cells = current?.cells ?? [];
  const fc = useMemo(() => (current ? cellsFc(current.cells, selected) : null), [current, selected]);
  const [focus, setFocus] = useState<{ cell: ForecastCell; n: number } | null>(null);
  const fit = useMemo(() => {
    if (focus) {
      const b = cellsBBox([focus.cell]);
      if (b) {
        // the cell with about a kilometre around it
        const pad = 0.01;
        return { key: `cell-${focus.cell.id}-${focus.n}`, bbox: [b[0] - pad, b[1] - pad * 0.8, b[2] + pad, b[3] + pad * 0.8] as BBox };
      }
    }
    return { key: `area-${areaId}`, bbox: (area?.bbox as BBox | undefined) ?? null };
  }, [focus, areaId, area]);
  useEffect(() => setFocus(null), [areaId]);

  const onPick = (c: ForecastCell) => {
    setSelected(c.id);
    setFocus((f) => ({ cell: c, n: (f?.n ?? 0) + 1 }));
  };

  const map = (
    <ForecastMap
      testId="forecast-map"
      cells={fc}
      highlightAreaId={areaId ?? null}
      fit={fit}
      onCellClick={(id) => setSelected(id)}
      where={where}
    >
      {current && cells.length > 0 && (
        <div className="jw-map-legends">
          <ForecastLegend cells={cells} />
        </div>
      )}
      {loading && (
        <div className="fc-map-loading">
          <Spin size="small" /> {t('common.loading')}
        </div>
      )}
    </ForecastMap>
  );

  // ---------------------------------------------------------------- toolbar
  const areaOpts = useMemo(
    () => areaOptions(refs.areas.filter((a) => districtOf(refs.areas, a.id) !== null), (k) => label(AREA_KIND_LABELS, k)),
    [refs.areas, label],
  );
  const shiftOpts = useMemo(
    () => [{ value: WHOLE_DAY, label: t('forecast.wholeDay') }, ...refs.shifts.map((s) => ({ value: s.id, label: `${s.name} ${s.startsAt}` }))],
    [refs.shifts, t],
  );
  const categoryOpts = useMemo(
    () => [{ value: ALL_CATEGORIES, label: t('forecast.allCategories') }, ...INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))],
    [t, label],
  );
  const toolbar = (
    <div className="fc-toolbar" data-testid="forecast-toolbar">
      {!phone && (
        <Typography.Title level={4} className="jw-page-title fc-title">
          {t('forecast.title')}
        </Typography.Title>
      )}
      <Select<number>
        showSearch={{ optionFilterProp: 'label' }}
        value={areaId}
        onChange={setAreaId}
        options={areaOpts}
        placeholder={t('forecast.area')}
        loading={refs.loading}
        className="fc-area"
        aria-label={t('forecast.area')}
        data-testid="forecast-area"
        popupMatchSelectWidth={false}
      />
      <DatePicker
        value={dayjs(date)}
        onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
        allowClear={false}
        format="YYYY-MM-DD"
        className="fc-date"
        aria-label={t('forecast.date')}
        data-testid="forecast-date"
      />
      <Select<number>
        value={shiftId}
        onChange={setShiftId}
        options={shiftOpts}
        className="fc-shift"
        aria-label={t('forecast.shift')}
        data-testid="forecast-shift"
        popupMatchSelectWidth={false}
      />
      <Select<string>
        value={category}
        onChange={setCategory}
        options={categoryOpts}
        className="fc-category"
        aria-label={t('forecast.category')}
        title={t('forecast.categoryHint')}
        data-testid="forecast-category"
        popupMatchSelectWidth={false}
      />
      <span className="fc-toolbar-right">
        {runner && (
          <Tooltip title={t('forecast.rerunHint')}>
            <Button
              type={notFound ? 'default' : 'primary'}
              ghost={!notFound}
              icon={<ThunderboltOutlined />}
              loading={running}
              disabled={runsDistrict === null}
              onClick={() => void runNow()}
              data-testid="forecast-rerun"
            >
              {running ? t('forecast.running') : t('forecast.rerun')}
            </Button>
          </Tooltip>
        )}
        <Tooltip title={t('common.refresh')}>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setNonce((n) => n + 1);
              setRunsNonce((n) => n + 1);
            }}
            loading={loading}
            aria-label={t('common.refresh')}
          />
        </Tooltip>
      </span>
    </div>
  );

  // ---------------------------------------------------------------- side
  const empty = layerKey === key && notFound && (
    <div className="jw-card fc-empty" data-testid="forecast-empty">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <div className="fc-empty-title">{t('forecast.none')}</div>
            <div className="fc-empty-sub">
              {category === ALL_CATEGORIES
                ? t(runner ? 'forecast.noneHint' : 'forecast.noneWait', { date })
                : t(runner ? 'forecast.noneCategoryHint' : 'forecast.noneCategoryWait', { date, category: label(INCIDENT_CATEGORY_LABELS, category as keyof typeof INCIDENT_CATEGORY_LABELS) })}
            </div>
          </>
        }
      >
        {runner && (
          <Button type="primary" icon={<ThunderboltOutlined />} loading={running} disabled={runsDistrict === null} onClick={() => void runNow()} data-testid="forecast-make">
            {t('forecast.make')}
          </Button>
        )}
      </Empty>
    </div>
  );

  // the history lists the runs of the category shown (all incidents: the runs without a category)
  const runsOfCategory = runs.filter((r) => (r.category ?? ALL_CATEGORIES) === category);
  const side = (
    <>
      {!!error && (
        <Alert
          type="error"
          showIcon
          title={errorText(error, lang)}
          action={
            <Button size="small" onClick={() => setNonce((n) => n + 1)}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {empty}
      {!current && loading && !notFound && (
        <div className="fc-loading">
          <Spin />
        </div>
      )}
      {current && (
        <>
          <TopCells cells={cells} n={TOP_N} short={TOP_SHORT} selected={selected} onPick={onPick} where={where} shiftName={current.shiftName} areas={areaFc?.features ?? NO_AREAS} />
          <RunFacts layer={current} modelName={modelName} />
        </>
      )}
      <RunHistory runs={runsOfCategory} current={current?.run.id ?? null} modelName={modelName} onDate={setDate} />
    </>
  );

  return (
    <div className={`fc-page ${phone ? 'is-phone' : ''}`} data-testid="forecast-page" data-state={current ? 'layer' : notFound ? 'none' : loading ? 'loading' : 'idle'}>
      {toolbar}
      {!!refs.error && (
        <Alert
          type="error"
          showIcon
          banner
          title={errorText(refs.error, lang)}
          action={
            <Button size="small" onClick={refs.reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      <div className="fc-body">
        <div className="fc-map">{map}</div>
        <aside className="fc-side" data-testid="forecast-side">
          <div className="fc-side-inner">{side}</div>
        </aside>
      </div>
    </div>
  );
}
