// 一屏通览 (/screen/district): the district big screen for the command room's wall (1920x1080, dark, no header).
// Centre: the district's map with live incidents and units (the command room's live store: REST resync + the
// WebSocket topics incidents and units). Left: today's incidents against last year, units, tasks and supervision,
// the station ranking. Right: indicator gauges (score against the target; 暂无数据 when not available), the 30-day
// incident trend against last year, monthly indicator trends. GET /api/screens/district is reloaded every minute and
// a few seconds after incident changes. ?districtId= picks a district (admins, dispatchers).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, ConfigProvider, Result, Select, Spin, theme } from 'antd';
import { ArrowLeftOutlined, ExpandOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { INCIDENT_CATEGORY_LABELS, INCIDENT_STATUS_LABELS, type Area, type BigScreen, type IndicatorValue, type Supervision } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useClientConfig } from '../../app/config';
import { LiveProvider, useLive, useNow } from '../../app/live';
import { api, tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { MapView } from '../../map/MapView';
import { INCIDENT_STATUS_COLOR, PRIORITY_COLOR } from '../../app/colors';
import { EChart as Chart, type ChartOption } from '../../components/EChart';
import { completionRate, formatNumber, indicatorValueText, rankByCompletion, scoreHex, targetText } from '../tasks/helpers';
import './bigscreen.css';

const REFRESH_MS = 60_000;
const AFTER_CHANGE_MS = 5_000;
const MAP_VISIBLE = { district: true, station: true, police_grid: true, community: false, grid: false, roads: true, units: true, incidents: true } as const;

export default function DistrictScreen() {
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorBgContainer: '#0c2147', fontSize: 16 } }}>
      <LiveProvider>
        <Board />
      </LiveProvider>
    </ConfigProvider>
  );
}

function Board() {
  const { t, lang, label } = useI18n();
  const { config } = useClientConfig();
  const live = useLive();
  const now = useNow(1000);
  const [params, setParams] = useSearchParams();
  const districtId = Number(params.get('districtId')) || undefined;
  const [data, setData] = useState<BigScreen | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [districts, setDistricts] = useState<Area[]>([]);
  const [sup, setSup] = useState<Supervision['counts'] | null>(null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const d = await tasksApi.districtScreen({ districtId });
      if (n !== seq.current) return;
      setData(d);
      // supervision in hand (every overdue task, cards): leaders only; others see today's counts
      tasksApi
        .supervision({ areaId: d.district.id, limit: 1 })
        .then((x) => n === seq.current && setSup(x.counts))
        .catch(() => setSup(null));
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [districtId]);

  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [load]);

  // an incident changed (socket): reload the counts a little later, once for a burst
  const firstTick = useRef(live.incidentTick);
  useEffect(() => {
    if (live.incidentTick === firstTick.current) return;
    const id = setTimeout(() => void load(), AFTER_CHANGE_MS);
    return () => clearTimeout(id);
  }, [live.incidentTick, load]);

  useEffect(() => {
    api
      .areas({ kind: 'district' })
      .then((l) => setDistricts(l))
      .catch(() => setDistricts([]));
  }, []);

  const did = data?.district.id;
  const incidents = useMemo(() => [...live.incidents.values()].filter((i) => did === undefined || i.areas?.district?.id === did || !i.areas?.district), [live.incidents, did]);
  const units = useMemo(() => [...live.units.values()], [live.units]);
  const liveList = useMemo(() => [...incidents].sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt)), [incidents]);
  const unitStat = useMemo(() => {
    let available = 0;
    let busy = 0;
    for (const u of units) {
      if (u.status === 'available' && !u.stale) available += 1;
      else if (u.status !== 'off_duty' && !u.stale) busy += 1;
    }
    return { available, busy };
  }, [units]);

  if (!data && error)
    return (
      <div className="bs bs-center">
        <Result status="warning" title={errorText(error, lang)} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />
      </div>
    );
  if (!data)
    return (
      <div className="bs bs-center">
        <Spin size="large" />
      </div>
    );

  const ly = data.incidents.sameDayLastYearOrNull;
  const yoy = ly !== null && ly > 0 ? ((data.incidents.today - ly) / ly) * 100 : null;
  const rate = completionRate(data.tasks);
  const ranking = rankByCompletion(data.stations.map((s) => ({ ...s, name: s.station.name })));

  return (
    <div className="bs" data-testid="big-screen">
      <header className="bs-head">
        <div className="bs-head-left">
          <Link to="/" className="bs-back" aria-label={t('screen.back')}>
            <ArrowLeftOutlined />
          </Link>
          {districts.length > 1 ? (
            <Select
              className="bs-district"
              variant="borderless"
              value={data.district.id}
              onChange={(v) => setParams({ districtId: String(v) }, { replace: true })}
              options={districts.map((d) => ({ value: d.id, label: d.name }))}
              popupMatchSelectWidth={false}
            />
          ) : (
            <span className="bs-district-name">{data.district.name}</span>
          )}
        </div>
        <h1 className="bs-title">{t('big.title')}</h1>
        <div className="bs-head-right">
          <span className={`bs-conn is-${live.conn.status}`}>{t(`conn.short.${live.conn.status}`)}</span>
          <span className="bs-updated">{t('big.updated', { at: dayjs(data.generatedAt).format('HH:mm:ss') })}</span>
          <span className="bs-clock jw-num">{dayjs(now).format('YYYY-MM-DD HH:mm:ss')}</span>
          <Button type="text" icon={<ReloadOutlined spin={loading} />} onClick={() => void load()} aria-label={t('common.refresh')} />
          <Button type="text" icon={<ExpandOutlined />} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)} aria-label={t('big.fullscreen')} />
        </div>
      </header>

      <div className="bs-body">
        <aside className="bs-col">
          <Panel title={t('big.incidents')}>
            <div className="bs-kpis">
              <Kpi n={data.incidents.today} label={t('big.today')} testId="big-today" />
              <Kpi n={ly ?? '—'} label={t('big.lastYear')} muted />
              <Kpi
                n={yoy === null ? '—' : `${yoy > 0 ? '+' : ''}${formatNumber(yoy, 0)}%`}
                label={t('big.yoy')}
                tone={yoy === null ? 'muted' : yoy > 0 ? 'red' : 'green'}
              />
              <Kpi n={incidents.length || data.incidents.open} label={t('big.open')} tone={data.incidents.open ? 'orange' : undefined} testId="big-open" />
            </div>
          </Panel>
          <Panel title={t('big.units')}>
            <div className="bs-kpis">
              <Kpi n={units.length || data.units.total} label={t('big.unitsTotal')} />
              <Kpi n={units.length ? unitStat.available : data.units.available} label={t('big.unitsAvailable')} tone="green" />
              <Kpi n={units.length ? unitStat.busy : data.units.busy} label={t('big.unitsBusy')} tone="orange" />
              <Kpi n={data.units.offline} label={t('big.unitsOffline')} muted />
            </div>
          </Panel>
          <Panel title={t('big.tasks')}>
            <div className="bs-kpis">
              <Kpi n={rate === null ? '—' : `${formatNumber(rate, 0)}%`} label={t('big.taskRate', { done: data.tasks.done, due: data.tasks.due })} tone="green" testId="big-task-rate" />
              <Kpi n={sup ? sup.overdue : data.tasks.overdue} label={t(sup ? 'big.overdueAll' : 'screen.overdue')} tone={(sup ? sup.overdue : data.tasks.overdue) ? 'red' : 'muted'} testId="big-overdue" />
              <Kpi n={sup ? sup.yellow : data.tasks.yellow} label={t('task.card.yellow')} tone={(sup ? sup.yellow : data.tasks.yellow) ? 'gold' : 'muted'} />
              <Kpi n={sup ? sup.red : data.tasks.red} label={t('task.card.red')} tone={(sup ? sup.red : data.tasks.red) ? 'red' : 'muted'} />
            </div>
          </Panel>
          <Panel title={t('big.ranking')}>
            <table className="bs-table" data-testid="big-ranking">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('big.station')}</th>
                  <th>{t('big.colRate')}</th>
                  <th>{t('big.colOverdueToday')}</th>
                  <th>{t('big.colIncidents')}</th>
                  <th>{t('big.open')}</th>
                  <th>{t('big.unitsAvailable')}</th>
                </tr>
              </thead>
              <tbody>
                {ranking.map((s, i) => (
                  <tr key={s.station.id} data-testid={`big-station-${s.station.id}`} data-done={s.tasks.done} data-due={s.tasks.due}>
                    <td className={`bs-rank r${i + 1}`}>{i + 1}</td>
                    <td className="bs-name">{s.station.name}</td>
                    <td className="jw-num">
                      {s.rate === null ? '—' : `${formatNumber(s.rate, 0)}%`}
                      <span className="bs-sub">
                        {' '}
                        {s.tasks.done}/{s.tasks.due}
                      </span>
                    </td>
                    <td className={`jw-num ${s.tasks.overdue ? 'bs-red' : ''}`}>{s.tasks.overdue}</td>
                    <td className="jw-num">{s.incidentsToday}</td>
                    <td className="jw-num">{s.open}</td>
                    <td className="jw-num">{s.unitsAvailable}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title={`${t('big.liveList')} ${liveList.length}`} grow>
            {liveList.length === 0 && <div className="bs-muted">{t('big.noLive')}</div>}
            <div className="bs-live" data-testid="big-live">
              {liveList.slice(0, 12).map((i) => (
                <div className="bs-live-row" key={i.id}>
                  <span className="bs-live-dot" style={{ background: PRIORITY_COLOR[i.priority]?.hex ?? '#8c8c8c' }} />
                  <span className="bs-live-time jw-num">{dayjs(i.reportedAt).format('HH:mm')}</span>
                  <span className="bs-live-main">
                    <b>{label(INCIDENT_CATEGORY_LABELS, i.category)}</b> {i.address}
                  </span>
                  <span className="bs-live-status" style={{ color: INCIDENT_STATUS_COLOR[i.status]?.hex }}>
                    {label(INCIDENT_STATUS_LABELS, i.status)}
                  </span>
                </div>
              ))}
            </div>
          </Panel>
        </aside>

        <main className="bs-map">
          <MapView testId="big-map" visible={MAP_VISIBLE} gcj={config.basemapGcj02} areaKinds={['district', 'station', 'police_grid']} incidents={incidents} units={units} />
          <div className="bs-map-legend">
            <span>
              <i className="dot inc" /> {t('big.legendIncident', { n: incidents.length })}
            </span>
            <span>
              <i className="dot unit" /> {t('big.legendUnit', { n: units.length })}
            </span>
          </div>
        </main>

        <aside className="bs-col">
          <Panel title={t('big.indicators', { p: data.indicatorTrend.at(-1)?.period ?? '' })}>
            <Gauges values={data.gauges} />
          </Panel>
          <Panel title={t('big.trend')}>
            {!data.trend.some((x) => x.lastYearOrNull !== null) && <div className="bs-muted bs-chart-note">{t('big.noLastYear')}</div>}
            <Chart option={trendOption(data, t('big.seriesThisYear'), data.trend.some((x) => x.lastYearOrNull !== null) ? t('big.seriesLastYear') : null)} height={230} label={t('big.trend')} testId="big-trend" />
          </Panel>
          <Panel title={t('big.indicatorTrend')} grow>
            <IndicatorTrend data={data} />
          </Panel>
        </aside>
      </div>
    </div>
  );
}

function Panel({ title, children, grow }: { title: string; children: React.ReactNode; grow?: boolean }) {
  return (
    <section className={`bs-panel ${grow ? 'is-grow' : ''}`}>
      <h2>{title}</h2>
      <div className="bs-panel-body">{children}</div>
    </section>
  );
}

function Kpi({ n, label, tone, muted, testId }: { n: number | string; label: string; tone?: 'green' | 'red' | 'orange' | 'gold' | 'muted'; muted?: boolean; testId?: string }) {
  return (
    <div className={`bs-kpi is-${muted ? 'muted' : (tone ?? 'plain')}`} data-testid={testId}>
      <div className="bs-kpi-n jw-num">{n}</div>
      <div className="bs-kpi-label">{label}</div>
    </div>
  );
}

const AXIS = { axisLine: { lineStyle: { color: '#36507a' } }, axisLabel: { color: '#9fb3d1', fontSize: 13 }, splitLine: { lineStyle: { color: '#1b3358' } } };

/** The last 30 days; last year's line only when there is any (a year without data would read as zero). */
function trendOption(d: BigScreen, thisYear: string, lastYear: string | null): ChartOption {
  return {
    animation: false,
    grid: { left: 40, right: 12, top: 34, bottom: 26 },
    legend: { top: 0, right: 0, textStyle: { color: '#cfe0ff', fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: d.trend.map((x) => x.day.slice(5)), ...AXIS, axisLabel: { ...AXIS.axisLabel, interval: 6 } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: thisYear, type: 'line', data: d.trend.map((x) => x.incidents), smooth: true, symbol: 'none', lineStyle: { width: 3, color: '#4da3ff' }, areaStyle: { color: 'rgba(77,163,255,0.18)' } },
      ...(lastYear ? [{ name: lastYear, type: 'line' as const, data: d.trend.map((x) => x.lastYearOrNull), smooth: true, symbol: 'none', lineStyle: { width: 2, type: 'dashed' as const, color: '#8c9bb5' } }] : []),
    ],
  };
}

/** Gauges of the available indicators (score 0..100 against the target, the value in words); the others listed as 暂无数据. */
function Gauges({ values }: { values: readonly IndicatorValue[] }) {
  const { t } = useI18n();
  const avail = values.filter((v) => v.available && v.value !== null).slice(0, 6);
  const off = values.filter((v) => v.reason === 'not_connected');
  const na = values.filter((v) => (!v.available || v.value === null) && v.reason !== 'not_connected');
  return (
    <div data-testid="big-gauges">
      <div className="bs-gauges">
        {avail.map((v) => (
          <div className="bs-gauge" key={v.code} data-testid={`big-gauge-${v.code}`}>
            <Chart option={gaugeOption(v)} height={128} label={v.name} />
            <div className="bs-gauge-name" title={v.name}>
              {v.name}
            </div>
            <div className="bs-gauge-target">{t('ind.target', { v: targetText(v) })}</div>
          </div>
        ))}
      </div>
      {avail.length === 0 && <div className="bs-muted">{t('ind.none')}</div>}
      {na.length > 0 && (
        <div className="bs-na" title={t('big.naHelp')}>
          <span className="bs-na-label">{t('ind.na')}：</span>
          {na.map((v) => v.name).join('、')}
        </div>
      )}
      {off.length > 0 && (
        <div className="bs-na" title={t('ind.notConnected')} data-testid="big-not-connected">
          <span className="bs-na-label">{t('ind.notConnectedShort')}：</span>
          {off.map((v) => v.name).join('、')}
        </div>
      )}
    </div>
  );
}

function gaugeOption(v: IndicatorValue): ChartOption {
  const score = v.score ?? 0;
  const color = scoreHex(v.score);
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        startAngle: 210,
        endAngle: -30,
        min: 0,
        max: 100,
        radius: '96%',
        center: ['50%', '58%'],
        progress: { show: true, width: 12, itemStyle: { color } },
        axisLine: { lineStyle: { width: 12, color: [[1, '#1b3358']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: { valueAnimation: false, offsetCenter: [0, '8%'], fontSize: 24, fontWeight: 700, color: '#fff', formatter: () => indicatorValueText(v) ?? '—' },
        data: [{ value: score }],
      },
    ],
  };
}

const TREND_COLORS = ['#4da3ff', '#52c41a', '#faad14', '#ff7875', '#b37feb', '#36cfc9'];

function IndicatorTrend({ data }: { data: BigScreen }) {
  const { t } = useI18n();
  // indicators with at least one value stored, the ones on the gauges first
  const codes = data.gauges.filter((g) => data.indicatorTrend.some((p) => p.values[g.code] !== null && p.values[g.code] !== undefined)).map((g) => g.code);
  const names = new Map(data.gauges.map((g) => [g.code, g.name]));
  const shown = codes.filter((c) => data.gauges.find((g) => g.code === c)?.unit === '%').slice(0, 5);
  if (!shown.length || data.indicatorTrend.length === 0) return <div className="bs-muted">{t('big.noTrend')}</div>;
  const option: ChartOption = {
    animation: false,
    grid: { left: 40, right: 12, top: 58, bottom: 26 },
    legend: { top: 0, left: 0, textStyle: { color: '#cfe0ff', fontSize: 13 }, itemWidth: 14 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.indicatorTrend.map((p) => p.period), ...AXIS },
    yAxis: { type: 'value', ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: '{value}%' } },
    series: shown.map((c, i) => ({
      name: names.get(c) ?? c,
      type: 'line',
      // not available stays a gap, never a zero
      data: data.indicatorTrend.map((p) => (p.values[c] === null || p.values[c] === undefined ? null : Math.round(p.values[c]! * 10) / 10)),
      connectNulls: false,
      symbolSize: 8,
      lineStyle: { width: 3, color: TREND_COLORS[i % TREND_COLORS.length] },
      itemStyle: { color: TREND_COLORS[i % TREND_COLORS.length] },
    })),
  };
  return <Chart option={option} height="100%" label={t('big.indicatorTrend')} testId="big-indicator-trend" />;
}
