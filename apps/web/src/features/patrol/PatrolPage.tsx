// 巡防计划 (/patrol): pick a date and shift (the shift that is on by default), tier and area; list the plans of the day; generate a
// plan; see it on the map (each team's route in its colour, numbered stops, must-patrol lines) and per team in the
// side list; edit routes, publish or cancel; for a published plan the live check-ins, flags and roll call, and the
// daily report. The second tab (点位与线路) manages the must-patrol points and lines of the area (a line drawn by clicking
// its vertices on the map). Live through the patrol topic.
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, DatePicker, Empty, Popconfirm, Segmented, Select, Spin, Tag, Tooltip } from 'antd';
import { EnvironmentOutlined, ReloadOutlined, ScheduleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  AREA_KIND_LABELS,
  PATROL_TIERS,
  PATROL_TIER_LABELS,
  type PatrolLine,
  type PatrolPlan,
  type PatrolPlanSummary,
  type PatrolPoint,
  type PatrolTier,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone, useLive } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatRate, debounceMaxWait } from '../../lib/dispatch';
import { bboxOf, type BBox } from '../../lib/geo';
import { canManagePoints, canPlanPatrol, clock, numberStops, riskShare, routeColors, stopAnchor, localDate, shiftOn, stopStatus, type MapRoute, type StopMarker } from './helpers';
import { PatrolLegend, PatrolMap, type PatrolMapClick, type PatrolMapUnit } from './PatrolMap';
import { PlanDetail, type RouteEdit } from './PlanDetail';
import { LivePanel, usePlanLive } from './LivePanel';
import { ReportPanel } from './ReportPanel';
import { PointsPanel, usePoints } from './PointsPanel';
import { LinesPanel, type LinesState } from './LinesPanel';
import type { Coord } from './places';
import { PlanStatusTag } from './tags';
import { areaOptions, defaultAreaId, loadFilters, saveFilters, usePatrolRefs } from './usePatrolRefs';
import { usePatrolFeed } from './usePatrolFeed';
import { useUrlMirror } from '../../lib/useUrlMirror';
import './patrol.css';

type PageTab = 'plan' | 'points';

export default function PatrolPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const planner = canPlanPatrol(user?.role);
  const manager = canManagePoints(user?.role);
  const phone = useIsPhone();
  const refs = usePatrolRefs();
  const [params] = useSearchParams();
  const [tab, setTab] = useState<PageTab>(() => (params.get('tab') === 'points' || params.get('tab') === 'lines' ? 'points' : 'plan'));
  const [placeKind, setPlaceKind] = useState<'points' | 'lines'>(() => (params.get('tab') === 'lines' ? 'lines' : 'points'));
  const [planId, setPlanId] = useState<number | null>(() => Number(params.get('plan')) || null);
  const saved = useMemo(loadFilters, []);

  // a link names its day; else the page opens on the shift that is on (its date is set once the shifts are known)
  const linked = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '');
  const [date, setDate] = useState(() => (linked ? params.get('date')! : localDate(Date.now())));
  const [shiftId, setShiftId] = useState<number | undefined>(saved.shiftId);
  const [tier, setTier] = useState<PatrolTier>(saved.tier ?? 'street');
  const [areaId, setAreaId] = useState<number | undefined>(saved.areaId);

  useUrlMirror({ tab: tab === 'points' ? placeKind : null, plan: planId === null ? null : String(planId), date });

  // defaults once the shifts and areas are known
  useEffect(() => {
    if (refs.loading) return;
    setAreaId((cur) => defaultAreaId(refs.areas, cur, user?.scopeAreaId));
    const on = linked || planId !== null ? null : shiftOn(refs.shifts, Date.now());
    if (on) {
      setShiftId(on.shiftId);
      setDate(on.date);
    } else setShiftId((cur) => (cur !== undefined && refs.shifts.some((s) => s.id === cur) ? cur : refs.shifts[0]?.id));
    // once, when the references arrive (not on every plan opened)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refs.loading, refs.areas, refs.shifts, user?.scopeAreaId]);
  useEffect(() => saveFilters({ shiftId, tier, areaId }), [shiftId, tier, areaId]);

  // ---------------------------------------------------------------- the plans of the day
  const [summaries, setSummaries] = useState<PatrolPlanSummary[]>([]);
  const [listLoading, setListLoading] = useState(false);
  const [listError, setListError] = useState<unknown>(null);
  const [listNonce, setListNonce] = useState(0);
  // the day and area the list is of: a plan is opened by itself only from the list of the current ones
  const [summariesKey, setSummariesKey] = useState('');
  const listKey = `${date}|${areaId}`;
  useEffect(() => {
    if (areaId === undefined || tab !== 'plan') return;
    const ac = new AbortController();
    setListLoading(true);
    api
      .patrolPlans({ date, areaId }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setSummaries([...l].sort((a, b) => a.shiftStart.localeCompare(b.shiftStart) || PATROL_TIERS.indexOf(a.tier) - PATROL_TIERS.indexOf(b.tier) || b.id - a.id));
        setSummariesKey(`${date}|${areaId}`);
        setListError(null);
      })
      .catch((e) => !ac.signal.aborted && setListError(e))
      .finally(() => !ac.signal.aborted && setListLoading(false));
    return () => ac.abort();
  }, [date, areaId, tab, listNonce]);

  // open the plan that matches the filters when none is chosen
  useEffect(() => {
    if (planId !== null || !summaries.length || summariesKey !== listKey) return;
    const live = summaries.filter((s) => s.status !== 'cancelled');
    const best = live.find((s) => s.shiftId === shiftId && s.tier === tier) ?? live[0];
    if (best) setPlanId(best.id);
  }, [summaries, summariesKey, listKey, planId, shiftId, tier]);

  // ---------------------------------------------------------------- the plan
  const [plan, setPlan] = useState<PatrolPlan | null>(null);
  const [planError, setPlanError] = useState<unknown>(null);
  const [planLoading, setPlanLoading] = useState(false);
  const planSeq = useRef(0);
  const [focusRouteId, setFocus] = useState<number | null>(null);
  const [edit, setEdit] = useState<RouteEdit | null>(null);
  const loadPlan = useCallback(async (id: number) => {
    const n = ++planSeq.current;
    setPlanLoading(true);
    try {
      const p = await api.patrolPlan(id);
      if (n !== planSeq.current) return;
      setPlan(p);
      setPlanError(null);
    } catch (e) {
      if (n !== planSeq.current) return;
      setPlanError(e);
    } finally {
      if (n === planSeq.current) setPlanLoading(false);
    }
  }, []);
  useEffect(() => {
    setFocus(null);
    setEdit(null);
    if (planId === null) {
      planSeq.current++;
      setPlan(null);
      setPlanError(null);
      return;
    }
    setPlan((p) => (p && p.id === planId ? p : null));
    void loadPlan(planId);
  }, [planId, loadPlan]);
  const reloadPlan = useCallback(() => {
    if (planId !== null) void loadPlan(planId);
    setListNonce((n) => n + 1);
  }, [planId, loadPlan]);

  const [detailTab, setDetailTab] = useState('routes');
  // an opened plan sets the shift and tier (so "generate" makes the same plan again)
  const openedId = plan?.id;
  useEffect(() => {
    if (!plan) return;
    setShiftId(plan.shift.id);
    setTier(plan.tier);
    // only when another plan opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openedId]);
  useEffect(() => {
    if (plan && plan.status === 'draft' && detailTab !== 'routes') setDetailTab('routes');
  }, [plan, detailTab]);

  // must-patrol lines of the plan's area and tier (the points tab: every tier of the area, retired ones too)
  const [lines, setLines] = useState<PatrolLine[]>([]);
  const [linesLoading, setLinesLoading] = useState(false);
  const [linesError, setLinesError] = useState<unknown>(null);
  const [linesNonce, setLinesNonce] = useState(0);
  const linesArea = tab === 'plan' ? (plan?.areaId ?? areaId) : areaId;
  const linesTier = tab === 'plan' ? (plan?.tier ?? tier) : undefined;
  useEffect(() => {
    if (linesArea === undefined) return;
    const ac = new AbortController();
    setLinesLoading(true);
    api
      .patrolLines({ areaId: linesArea, tier: linesTier }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setLines(l);
        setLinesError(null);
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setLines([]);
        setLinesError(e);
      })
      .finally(() => !ac.signal.aborted && setLinesLoading(false));
    return () => ac.abort();
  }, [linesArea, linesTier, linesNonce]);
  const linesState = useMemo<LinesState>(
    () => ({
      lines,
      loading: linesLoading,
      error: linesError,
      reload: () => setLinesNonce((n) => n + 1),
      replace: (l) => setLines((list) => (list.some((x) => x.id === l.id) ? list.map((x) => (x.id === l.id ? l : x)) : [...list, l])),
    }),
    [lines, linesLoading, linesError],
  );

  // ---------------------------------------------------------------- live: check-ins, flags, roll calls; the socket
  const live = usePlanLive(plan);
  const [reportNonce, setReportNonce] = useState(0);
  const planRef = useRef(plan);
  planRef.current = plan;
  const soon = useMemo(
    () =>
      debounceMaxWait(
        () => {
          const p = planRef.current;
          if (p) void loadPlan(p.id);
          setReportNonce((n) => n + 1);
        },
        1500,
        6000,
      ),
    [loadPlan],
  );
  useEffect(() => () => soon.cancel(), [soon]);
  usePatrolFeed(
    true,
    (m) => {
      const p = planRef.current;
      if (m.type === 'patrol_plan') {
        if (p && m.planId === p.id) void loadPlan(p.id);
        setListNonce((n) => n + 1);
      } else if (m.type === 'patrol_checkin') {
        live.onCheckin(m.checkin);
        if (p && m.checkin.planId === p.id) soon.call();
      } else if (m.type === 'patrol_flag') {
        live.onFlag(m.flag);
      }
    },
    () => {
      reloadPlan();
      live.reload();
      setReportNonce((n) => n + 1);
    },
  );

  // ---------------------------------------------------------------- generate
  const [generating, setGenerating] = useState(false);
  const replaces = summariesKey === listKey && summaries.find((s) => s.status === 'draft' && s.shiftId === shiftId && s.tier === tier && s.areaId === areaId);
  const generate = async () => {
    if (shiftId === undefined || areaId === undefined) return;
    setGenerating(true);
    try {
      const p = await api.generatePatrolPlan({ date, shiftId, tier, areaId });
      message.success(t('patrol.generated', { teams: p.routes.length, share: formatRate(riskShare(p.riskPlanned, p.riskTotal)) }));
      planSeq.current++;
      setPlan(p);
      setPlanError(null);
      setPlanId(p.id);
      setTab('plan');
      setListNonce((n) => n + 1);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setGenerating(false);
    }
  };

  // ---------------------------------------------------------------- points tab
  const points = usePoints(areaId, tab === 'points');
  const [pointTier, setPointTier] = useState<PatrolTier | null>(null);
  const [creating, setCreating] = useState(false);
  const [editingPoint, setEditingPoint] = useState<PatrolPoint | null>(null);
  const [pin, setPin] = useState<{ lon: number; lat: number } | null>(null);
  const [selectedPoint, setSelectedPoint] = useState<number | null>(null);
  const [fitPoint, setFitPoint] = useState<PatrolPoint | null>(null);
  // lines: the form (undefined: closed; null: a new line), the course being drawn, the line chosen in the list
  const [lineTier, setLineTier] = useState<PatrolTier | null>(null);
  const [editingLine, setEditingLine] = useState<PatrolLine | null | undefined>(undefined);
  const [draft, setDraft] = useState<Coord[]>([]);
  const [selectedLine, setSelectedLine] = useState<PatrolLine | null>(null);
  const drawing = tab === 'points' && placeKind === 'lines' && editingLine !== undefined;
  const placingPoint = tab === 'points' && placeKind === 'points' && (creating || editingPoint !== null);
  useEffect(() => {
    if (tab !== 'points' || placeKind !== 'points') {
      setCreating(false);
      setEditingPoint(null);
      setPin(null);
    }
    if (tab !== 'points' || placeKind !== 'lines') {
      setEditingLine(undefined);
      setDraft([]);
    }
  }, [tab, placeKind]);

  // ---------------------------------------------------------------- the map
  const colors = useMemo(() => routeColors(plan?.routes ?? []), [plan?.routes]);
  const lineCoords = useMemo(() => new Map(lines.map((l) => [String(l.id), l.coordinates as [number, number][]])), [lines]);
  const showPlan = tab === 'plan' && plan !== null;

  const mapRoutes = useMemo<MapRoute[]>(() => {
    if (!showPlan || !plan) return [];
    const out: MapRoute[] = [];
    for (const r of plan.routes) {
      const color = colors.get(r.id) ?? '#ffd666';
      out.push({ id: r.id, callsign: r.callsign, color, coordinates: r.coordinates as [number, number][] });
      if (edit?.routeId === r.id && r.coordinates.length >= 2) {
        const first = r.coordinates[0] as [number, number];
        const last = r.coordinates[r.coordinates.length - 1] as [number, number];
        out.push({ id: -r.id, callsign: r.callsign, color, preview: true, coordinates: [first, ...edit.draft.map((s) => stopAnchor(s, lineCoords)), last] });
      }
    }
    return out;
  }, [showPlan, plan, colors, edit, lineCoords]);

  const stopMarkers = useMemo<StopMarker[]>(() => {
    if (!showPlan || !plan) return [];
    const out: StopMarker[] = [];
    const published = plan.status === 'published';
    for (const r of plan.routes) {
      const color = colors.get(r.id) ?? '#ffd666';
      const dim = focusRouteId !== null && focusRouteId !== r.id;
      if (edit?.routeId === r.id) {
        edit.draft.forEach((s, i) => {
          const [lon, lat] = stopAnchor(s, lineCoords);
          out.push({ key: `e${s.key}`, routeId: r.id, n: i + 1, kind: s.kind, lon, lat, color, status: 'draft', dim: false, title: `${r.callsign} #${i + 1} ${s.name}` });
        });
        continue;
      }
      r.stops.forEach((s, i) => {
        const [lon, lat] = stopAnchor(s, lineCoords);
        out.push({
          key: `${r.id}-${i}`,
          routeId: r.id,
          n: i + 1,
          kind: s.kind,
          lon,
          lat,
          color,
          status: published ? stopStatus(s) : 'pending',
          dim,
          title: `${r.callsign} #${i + 1} ${s.name} ${clock(s.startAt)}–${clock(s.departAt)}`,
        });
      });
    }
    return numberStops(out, edit ? edit.routeId : focusRouteId);
  }, [showPlan, plan, colors, focusRouteId, edit, lineCoords]);

  const linesInPlan = useMemo(() => new Set((plan?.routes ?? []).flatMap((r) => r.stops.filter((s) => s.kind === 'line').map((s) => s.ref))), [plan]);
  const linesFocus = useMemo(() => {
    const r = plan?.routes.find((x) => x.id === focusRouteId);
    return new Set((r?.stops ?? []).filter((s) => s.kind === 'line').map((s) => s.ref));
  }, [plan, focusRouteId]);

  const planUnitIds = useMemo(() => new Set(showPlan && plan ? plan.routes.map((r) => r.unitId) : []), [showPlan, plan]);

  const area = refs.areas.find((a) => a.id === (tab === 'plan' ? (plan?.areaId ?? areaId) : areaId));
  const fit = useMemo(() => {
    if (tab === 'points') {
      if (placeKind === 'lines' && selectedLine) return { key: `line-${selectedLine.id}-${selectedLine.version}`, bbox: bboxOf({ type: 'LineString', coordinates: selectedLine.coordinates }) };
      if (placeKind === 'points' && fitPoint) return { key: `point-${fitPoint.id}-${fitPoint.version}`, bbox: [fitPoint.lon - 0.012, fitPoint.lat - 0.009, fitPoint.lon + 0.012, fitPoint.lat + 0.009] as BBox };
      return { key: `points-${areaId}`, bbox: (area?.bbox as BBox | undefined) ?? null };
    }
    if (plan) {
      const focused = plan.routes.find((r) => r.id === focusRouteId);
      if (focused) return { key: `route-${focused.id}`, bbox: bboxOf({ type: 'LineString', coordinates: focused.coordinates }) };
      const all = bboxOf({ type: 'MultiLineString', coordinates: plan.routes.map((r) => r.coordinates) });
      return { key: `plan-${plan.id}`, bbox: all ?? ((area?.bbox as BBox | undefined) ?? null) };
    }
    return { key: `area-${areaId}`, bbox: (area?.bbox as BBox | undefined) ?? null };
  }, [tab, plan, focusRouteId, areaId, area, fitPoint, placeKind, selectedLine]);

  const [locate, setLocate] = useState<{ lon: number; lat: number; n: number } | null>(null);
  const fitWithLocate = locate ? { key: `locate-${locate.n}`, bbox: [locate.lon - 0.008, locate.lat - 0.006, locate.lon + 0.008, locate.lat + 0.006] as BBox } : fit;
  useEffect(() => setLocate(null), [fit.key]);

  const onMapClick = useCallback(
    (c: PatrolMapClick) => {
      if (tab !== 'points') return;
      if (placeKind === 'lines') {
        if (editingLine !== undefined) setDraft((d) => [...d, [c.lon, c.lat]]);
      } else if (creating || editingPoint) setPin({ lon: c.lon, lat: c.lat });
      else if (c.pointId !== null) setSelectedPoint(c.pointId);
    },
    [tab, placeKind, creating, editingPoint, editingLine],
  );
  const linesFocusPlaces = useMemo(() => new Set(selectedLine && tab === 'points' ? [String(selectedLine.id)] : []), [selectedLine, tab]);

  const visiblePoints = useMemo(() => points.points.filter((p) => !pointTier || p.tier === pointTier), [points.points, pointTier]);

  const teamsLegend = useMemo(() => (showPlan && plan ? plan.routes.map((r) => ({ id: r.id, callsign: r.callsign, color: colors.get(r.id) ?? '#ffd666' })) : undefined), [showPlan, plan, colors]);

  const map = (
    <LiveUnitsMap
      unitIds={planUnitIds}
      testId="patrol-map"
      routes={mapRoutes}
      focusRouteId={edit ? edit.routeId : focusRouteId}
      stops={stopMarkers}
      lines={tab === 'points' && editingLine ? lines.filter((l) => l.id !== editingLine.id) : lines}
      linesInPlan={linesInPlan}
      linesFocus={tab === 'points' ? linesFocusPlaces : linesFocus}
      points={tab === 'points' ? visiblePoints : undefined}
      selectedPointId={tab === 'points' ? selectedPoint : null}
      pin={tab === 'points' ? (placingPoint ? pin : null) : locate}
      draft={drawing ? draft : null}
      picking={placingPoint || drawing}
      highlightAreaId={area?.id ?? null}
      fit={fitWithLocate}
      onClick={onMapClick}
      onStopClick={(s) => {
        setFocus(s.routeId);
        setDetailTab('routes');
      }}
    >
      {placingPoint && !pin && <div className="jw-map-banner">{t('points.pickHint')}</div>}
      {drawing && (
        <div className="jw-map-banner" data-testid="line-draw-banner">
          {t('lines.drawBanner', { n: draft.length })}
        </div>
      )}
      {!phone && (
        <div className="jw-map-legends">
          <PatrolLegend teams={teamsLegend} points={tab === 'points'} />
        </div>
      )}
    </LiveUnitsMap>
  );

  // ---------------------------------------------------------------- toolbar
  const areaOpts = useMemo(() => areaOptions(refs.areas, (k) => label(AREA_KIND_LABELS, k)), [refs.areas, label]);
  const toolbar = (
    <div className="pt-toolbar" data-testid="patrol-toolbar">
      <Segmented<PageTab>
        value={tab}
        onChange={setTab}
        options={[
          { value: 'plan', label: t('patrol.tabPlans'), icon: <ScheduleOutlined /> },
          { value: 'points', label: <span data-testid="tab-points">{t('patrol.tabPlaces')}</span>, icon: <EnvironmentOutlined /> },
        ]}
      />
      <Select<number>
        showSearch={{ optionFilterProp: 'label' }}
        value={areaId}
        onChange={(v) => {
          setAreaId(v);
          setPlanId(null);
        }}
        options={areaOpts}
        placeholder={t('patrol.area')}
        loading={refs.loading}
        className="pt-area-select"
        aria-label={t('patrol.area')}
        data-testid="patrol-area"
        popupMatchSelectWidth={false}
      />
      {tab === 'plan' && (
        <>
          <DatePicker
            value={dayjs(date)}
            onChange={(d) => {
              if (!d) return;
              setDate(d.format('YYYY-MM-DD'));
              setPlanId(null);
            }}
            allowClear={false}
            format="YYYY-MM-DD"
            className="pt-date"
            aria-label={t('patrol.date')}
            data-testid="patrol-date"
          />
          <Select<number>
            value={shiftId}
            onChange={setShiftId}
            options={refs.shifts.map((s) => ({ value: s.id, label: `${s.name} ${s.startsAt}` }))}
            placeholder={t('patrol.shift')}
            className="pt-shift-select"
            aria-label={t('patrol.shift')}
            data-testid="patrol-shift"
          />
          <Select<PatrolTier>
            value={tier}
            onChange={setTier}
            options={PATROL_TIERS.map((x) => ({ value: x, label: label(PATROL_TIER_LABELS, x) }))}
            className="pt-tier-select"
            aria-label={t('patrol.tier')}
            data-testid="patrol-tier"
          />
          {planner && (
            <Popconfirm
              title={t('patrol.replaceDraft')}
              disabled={!replaces}
              onConfirm={() => void generate()}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
            >
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                loading={generating}
                disabled={shiftId === undefined || areaId === undefined}
                onClick={() => !replaces && void generate()}
                data-testid="plan-generate"
              >
                {generating ? t('patrol.generating') : t('patrol.generate')}
              </Button>
            </Popconfirm>
          )}
        </>
      )}
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            if (tab === 'plan') {
              reloadPlan();
              live.reload();
            } else {
              points.reload();
              linesState.reload();
            }
          }}
          aria-label={t('common.refresh')}
        />
      </Tooltip>
    </div>
  );

  // ---------------------------------------------------------------- side: the plans of the day and the plan
  const planList = (
    <div className="pt-planlist" data-testid="plan-list">
      {listLoading && !summaries.length && <Spin size="small" />}
      {!!listError && <Alert type="error" showIcon title={errorText(listError, lang)} />}
      {!listLoading && !listError && (!summaries.length || summariesKey !== listKey) && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(planner ? 'patrol.noPlansHint' : 'patrol.noPlans', { date })} />
      )}
      {(summariesKey === listKey ? summaries : []).map((s) => (
        <button
          key={s.id}
          type="button"
          className={`pt-planchip ${s.id === planId ? 'is-active' : ''} is-${s.status}`}
          onClick={() => setPlanId(s.id)}
          data-testid={`plan-chip-${s.id}`}
        >
          <span className="pt-planchip-line">
            <span className="pt-planchip-title">
              {s.shiftName} · {label(PATROL_TIER_LABELS, s.tier)}
            </span>
            <PlanStatusTag status={s.status} />
          </span>
          <span className="pt-planchip-sub jw-num">
            {t('patrol.teamsN', { n: s.teams })} · {formatRate(riskShare(s.riskPlanned, s.riskTotal))}
            {s.unmet > 0 && (
              <Tag color="orange" className="jw-tag pt-planchip-unmet">
                {t('patrol.unmetShort', { n: s.unmet })}
              </Tag>
            )}
          </span>
        </button>
      ))}
    </div>
  );

  const planSide = (
    <>
      {planList}
      {!!planError && (
        <Alert
          type="error"
          showIcon
          title={errorText(planError, lang)}
          action={
            <Button size="small" onClick={reloadPlan}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {planLoading && !plan && (
        <div className="pt-loading">
          <Spin />
        </div>
      )}
      {plan && (
        <PlanDetail
          plan={plan}
          colors={colors}
          focusRouteId={focusRouteId}
          onFocus={setFocus}
          edit={edit}
          onEdit={(e) => {
            if (e && e.routeId !== edit?.routeId) setFocus(e.routeId);
            setEdit(e);
          }}
          planner={planner}
          onReload={reloadPlan}
          tab={detailTab}
          onTab={setDetailTab}
          live={<LivePanel plan={plan} live={live} planner={planner} onLocate={(lon, lat) => setLocate((l) => ({ lon, lat, n: (l?.n ?? 0) + 1 }))} />}
          report={<ReportPanel planId={plan.id} nonce={reportNonce} />}
        />
      )}
    </>
  );

  const placesSwitch = (
    <Segmented<'points' | 'lines'>
      block
      className="pt-places-switch"
      value={placeKind}
      onChange={setPlaceKind}
      options={[
        { value: 'points', label: <span data-testid="places-points">{t('places.points')}</span> },
        { value: 'lines', label: <span data-testid="places-lines">{t('places.lines')}</span> },
      ]}
    />
  );

  const linesSide = (
    <LinesPanel
      areaId={areaId}
      state={linesState}
      tier={lineTier}
      onTier={setLineTier}
      manager={manager}
      phone={phone}
      editing={editingLine}
      onEditing={setEditingLine}
      draft={draft}
      onDraft={setDraft}
      selectedId={selectedLine?.id ?? null}
      onSelect={setSelectedLine}
    />
  );

  const pointsSide = (
    <PointsPanel
      areaId={areaId}
      state={points}
      tier={pointTier}
      onTier={setPointTier}
      manager={manager}
      planner={planner}
      phone={phone}
      creating={creating}
      onCreating={setCreating}
      editing={editingPoint}
      onEditing={setEditingPoint}
      pin={pin}
      onPin={setPin}
      selectedId={selectedPoint}
      onSelect={(p) => {
        setSelectedPoint(p.id);
        setFitPoint(p);
      }}
    />
  );

  return (
    <div className={`pt-page ${phone ? 'is-phone' : ''}`} data-testid="patrol-page" data-tab={tab}>
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
      <div className="pt-body">
        <div className="pt-map">{map}</div>
        <aside className="pt-side" data-testid="patrol-side">
          <div className="pt-side-inner">
            {tab === 'plan' ? (
              planSide
            ) : (
              <>
                {placesSwitch}
                {placeKind === 'points' ? pointsSide : linesSide}
              </>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

/** The map with the live positions of the plan's teams: only this part re-renders as units move. */
function LiveUnitsMap({ unitIds, ...rest }: Omit<ComponentProps<typeof PatrolMap>, 'units'> & { unitIds: ReadonlySet<number> }) {
  const { units } = useLive();
  const list = useMemo<PatrolMapUnit[]>(
    () => (unitIds.size ? [...units.values()].filter((u) => unitIds.has(u.id)).map((u) => ({ id: u.id, callsign: u.callsign, status: u.status, lon: u.lon, lat: u.lat, stale: u.stale })) : []),
    [units, unitIds],
  );
  return <PatrolMap {...rest} units={list} />;
}
