// 改革推演 (/sim): a leader replays the real calls of a past period in a district or station area under several ways
// of working (units at stations / at rapid-response posts / on risk-driven patrol; bundled into 片区 or each station
// on its own), sees side by side what each buys (arrival within 1/3/5 min with confidence intervals, travel, workload,
// queued calls) and where each is slow on the map, moves the posts by hand and runs again. Runs are saved and
// reopened from the list. The simulation runs on the server in a worker thread; the page polls the run.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Empty, Input, InputNumber, Select, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { AimOutlined, DeleteOutlined, ExperimentOutlined, FolderOpenOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { AREA_KIND_LABELS, SIM_POLICIES, SIM_POLICY_LABELS, SIM_RUN_STATUS_LABELS, type SimCi, type SimPolicy, type SimPolicyResult, type SimRun, type SimRunBody, type SimRunSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { ApiError, errorText } from '../../api/errors';
import type { BBox } from '../../lib/geo';
import { localDate } from '../patrol/helpers';
import { areaOptions, useAnalysisAreas } from '../forecast/useAnalysisAreas';
import { simApi } from './api';
import { SimMap } from './SimMap';
import { bundlesOf, ciBounds, defaultPeriod, homesOf, labelName, mins, pct, postsFromRun, significant } from './helpers';
import './sim.css';

const DEFAULT_POLICIES = ['stations-straight|false', 'posts-road|true', 'patrol-road|true'];
const POLL_MS = 1500;

/** The index of the post an error names (`/posts/3`), else null. */
function postAtFault(e: unknown): number | null {
  if (!(e instanceof ApiError)) return null;
  const m = /^\/posts\/(\d+)/.exec(JSON.stringify(e.details ?? '').match(/"\/posts\/\d+/)?.[0]?.slice(1) ?? '');
  return m ? Number(m[1]) : null;
}

/** Who may use the page (the server checks again). */
export const canUseSim = (role: string | null | undefined) => role === 'admin' || role === 'district_lead' || role === 'station_lead';

function Fig({ c, f, testId }: { c: SimCi; f: (v: number) => string; testId?: string }) {
  const { t } = useI18n();
  const b = ciBounds(c, f);
  return (
    <div className="sim-fig" data-testid={testId}>
      <span className="sim-fig-mean">{f(c.mean)}</span>
      {b && <span className="sim-fig-ci">{t('sim.ci', { lo: b[0], hi: b[1] })}</span>}
    </div>
  );
}

function ResultsTable({ policies }: { policies: SimPolicyResult[] }) {
  const { t, lang } = useI18n();
  const min = (v: number) => t('sim.minutes', { v: mins(v) });
  const n1 = (v: number) => v.toFixed(1);
  type Row = { key: string; name: string; cell: (p: SimPolicyResult) => React.ReactNode };
  const rows: Row[] = [
    { key: 'w1', name: t('sim.within1'), cell: (p) => <Fig c={p.within1} f={(v) => pct(v)} /> },
    { key: 'w3', name: t('sim.within3'), cell: (p) => <Fig c={p.within3} f={(v) => pct(v)} /> },
    { key: 'w5', name: t('sim.within5'), cell: (p) => <Fig c={p.within5} f={(v) => pct(v)} testId="sim-within5" /> },
    { key: 'mt', name: t('sim.meanTravel'), cell: (p) => <Fig c={p.meanTravelS} f={min} /> },
    { key: 'p90', name: t('sim.p90Travel'), cell: (p) => <Fig c={p.p90TravelS} f={min} /> },
    { key: 'mr', name: t('sim.meanResponse'), cell: (p) => <Fig c={p.meanResponseS} f={min} /> },
    { key: 'u', name: t('sim.utilisation'), cell: (p) => <Fig c={p.utilisation.mean} f={(v) => pct(v)} /> },
    { key: 'us', name: t('sim.spread'), cell: (p) => <Fig c={p.utilisation.sd} f={(v) => pct(v)} /> },
    { key: 'ux', name: t('sim.busiest'), cell: (p) => `${pct(p.utilisation.max)} / ${pct(p.utilisation.min)}` },
    { key: 'q', name: t('sim.queuedCalls'), cell: (p) => <Fig c={p.queued} f={n1} /> },
    { key: 'qe', name: t('sim.queuedAtEnd'), cell: (p) => <Fig c={p.queuedAtEnd} f={n1} /> },
    { key: 'cb', name: t('sim.crossBorder'), cell: (p) => <Fig c={p.crossBorder} f={(v) => pct(v)} /> },
    { key: 'dr', name: t('sim.unreachable'), cell: (p) => String(p.droppedUnreachable) },
    {
      key: 'n',
      name: t('sim.counts'),
      // mean over the replications; runs saved before that was reported carry the first replication's count
      cell: (p) => (p.served && p.calls !== undefined ? `${n1(p.served.mean)} / ${p.calls}` : p.counts ? `${p.counts.served} / ${p.counts.calls} ${t('sim.countsFirst')}` : '—'),
    },
  ];
  // best 5-minute share highlighted
  const best = Math.max(...policies.map((p) => p.within5.mean));
  return (
    <Table<Row>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      className="sim-table"
      data-testid="sim-results"
      columns={[
        { title: t('sim.metric'), dataIndex: 'name', fixed: 'left', width: 150, className: 'sim-metric' },
        ...policies.map((p) => ({
          title: <span className={p.within5.mean === best ? 'sim-best' : ''}>{labelName(p.label, lang)}</span>,
          key: p.label,
          render: (_: unknown, r: Row) => r.cell(p),
          width: 170,
        })),
      ]}
    />
  );
}

function Differences({ run }: { run: SimRun }) {
  const { t, lang } = useI18n();
  const diffs = (run.result?.differences ?? []).filter((d) => d.metric === 'within5');
  if (!diffs.length) return null;
  const pp = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
  return (
    <div className="jw-card sim-diffs" data-testid="sim-diffs">
      <div className="sim-card-title">{t('sim.diffTitle')}</div>
      {diffs.map((d) => (
        <div key={`${d.a}-${d.b}`} className="sim-diff">
          <span className="sim-diff-name">{t('sim.diffRow', { a: labelName(d.a, lang), b: labelName(d.b, lang) })}</span>
          <span className={`sim-diff-v ${d.diff.mean >= 0 ? 'up' : 'down'}`}>{t('sim.pp', { v: pp(d.diff.mean) })}</span>
          <span className="sim-diff-ci">
            {ciBounds(d.diff, pp) ? `[${pp(d.diff.ciLow)}, ${pp(d.diff.ciHigh)}]` : ''} {significant(d.diff) ? <Tag color="blue">{t('sim.diffSig')}</Tag> : <Tag>{t('sim.diffNs')}</Tag>}
          </span>
        </div>
      ))}
    </div>
  );
}

export default function SimPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const phone = useIsPhone();
  const refs = useAnalysisAreas();
  const today = localDate(Date.now());

  const [areaId, setAreaId] = useState<number | undefined>();
  const [period, setPeriod] = useState<[string, string]>(() => defaultPeriod(today));
  const [units, setUnits] = useState<number>(6);
  const [seeds, setSeeds] = useState<number>(5);
  const [policies, setPolicies] = useState<string[]>(DEFAULT_POLICIES);
  const [bundleChoice, setBundleChoice] = useState<Record<number, number>>({});
  const [posts, setPosts] = useState<[number, number][] | null>(null);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [run, setRun] = useState<SimRun | null>(null);
  const [mapLabel, setMapLabel] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [runs, setRuns] = useState<SimRunSummary[]>([]);
  const [runsNonce, setRunsNonce] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const simAreas = useMemo(() => refs.areas.filter((a) => a.kind === 'district' || a.kind === 'station'), [refs.areas]);
  useEffect(() => {
    if (refs.loading || !simAreas.length) return;
    setAreaId((cur) => {
      if (cur && simAreas.some((a) => a.id === cur)) return cur;
      if (user?.scopeAreaId && simAreas.some((a) => a.id === user.scopeAreaId)) return user.scopeAreaId;
      return simAreas.find((a) => a.kind === 'district')?.id ?? simAreas[0]?.id;
    });
  }, [refs.loading, simAreas, user]);
  const area = simAreas.find((a) => a.id === areaId);
  const stations = useMemo(() => (area ? (area.kind === 'station' ? [area] : simAreas.filter((a) => a.kind === 'station' && a.parentId === area.id)) : []), [area, simAreas]);

  // ---------------------------------------------------------------- saved runs and the run shown
  useEffect(() => {
    const ac = new AbortController();
    simApi
      .runs({ limit: 20 }, ac.signal)
      .then((l) => !ac.signal.aborted && setRuns(l))
      .catch(() => undefined);
    return () => ac.abort();
  }, [runsNonce]);

  const open = (id: number) => {
    simApi
      .run(id)
      .then((r) => {
        setRun(r);
        setError(null);
      })
      .catch((e) => setError(e));
  };
  // poll the shown run while it is queued or running
  const pollRef = useRef<number | null>(null);
  useEffect(() => {
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    pollRef.current = window.setTimeout(() => {
      simApi
        .run(run.id)
        .then((r) => {
          setRun(r);
          if (r.status === 'done' || r.status === 'failed') setRunsNonce((n) => n + 1);
        })
        .catch((e) => setError(e));
    }, POLL_MS);
    return () => {
      if (pollRef.current) window.clearTimeout(pollRef.current);
    };
  }, [run]);
  const result = run?.status === 'done' ? run.result : null;
  useEffect(() => {
    const ls = result?.policies.map((p) => p.label) ?? [];
    setMapLabel((cur) => (cur && ls.includes(cur) ? cur : (ls.find((l) => l.startsWith('posts-road')) ?? ls[0] ?? null)));
  }, [result]);
  const shown = result?.policies.find((p) => p.label === mapLabel) ?? null;

  // ---------------------------------------------------------------- start a run
  const start = async () => {
    if (!areaId) return;
    if (!policies.length) {
      message.warning(t('sim.needPolicy'));
      return;
    }
    const bundles = bundlesOf(bundleChoice, stations.map((s) => s.id));
    const body: SimRunBody = {
      areaId,
      from: period[0],
      to: period[1],
      units,
      seeds,
      policies: policies.map((k) => {
        const [p, b] = k.split('|');
        return { policy: p as SimPolicy, bundled: b === 'true' };
      }),
      ...(posts && posts.length ? { posts } : {}),
      ...(bundles ? { bundles } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    };
    setStarting(true);
    try {
      const r = await simApi.start(body);
      setRun(r);
      setError(null);
      setAdding(false);
      message.success(t('sim.started'));
      setRunsNonce((n) => n + 1);
    } catch (e) {
      // a post at fault is named by its number on the map
      const post = postAtFault(e);
      message.error(post === null ? errorText(e, lang) : `${t('sim.post', { n: post + 1 })}：${errorText(e, lang)}`);
    } finally {
      setStarting(false);
    }
  };

  // the form follows a reopened run
  const loadInput = (r: SimRun) => {
    const i = r.input;
    setAreaId(i.areaId);
    setPeriod([i.from, i.to]);
    setUnits(i.units);
    setSeeds(i.seeds);
    setPolicies(i.policies.map((p) => `${p.policy}|${p.bundled}`));
    setPosts(i.posts ?? null);
    const choice: Record<number, number> = {};
    (i.bundles ?? []).forEach((g, k) => g.forEach((id) => (choice[id] = g.length === 1 && (i.bundles ?? []).length > 1 ? 0 : k + 1)));
    setBundleChoice(choice);
  };

  // ---------------------------------------------------------------- the map
  const fit = useMemo(() => ({ key: `area-${areaId}`, bbox: (area?.bbox as BBox | undefined) ?? null }), [areaId, area]);
  const stationPts = useMemo(() => (run?.scenario?.stations ?? []).map((s) => ({ lon: s.lon, lat: s.lat, name: s.name })), [run]);
  const homes = useMemo(() => homesOf(shown), [shown]);

  const policyChecks = (
    <div className="sim-policies" data-testid="sim-policies">
      {SIM_POLICIES.map((p) => (
        <div key={p} className="sim-policy-row">
          <span className="sim-policy-name">{label(SIM_POLICY_LABELS, p)}</span>
          {[true, false].map((b) => {
            const k = `${p}|${b}`;
            return (
              <Checkbox
                key={k}
                checked={policies.includes(k)}
                onChange={(e) => setPolicies((cur) => (e.target.checked ? [...cur, k] : cur.filter((x) => x !== k)))}
                data-testid={`sim-policy-${p}-${b ? 'bundled' : 'own'}`}
              >
                {t(b ? 'sim.bundled' : 'sim.own')}
              </Checkbox>
            );
          })}
        </div>
      ))}
    </div>
  );

  const bundleEditor = stations.length > 1 && (
    <div className="sim-field">
      <div className="sim-label">
        {t('sim.bundles')}
        <Tooltip title={t('sim.bundlesHint')}>
          <span className="sim-hint">?</span>
        </Tooltip>
      </div>
      {stations.map((s) => (
        <div key={s.id} className="sim-bundle-row">
          <span className="sim-bundle-name">{s.name}</span>
          <Select<number>
            size="small"
            value={bundleChoice[s.id] ?? 1}
            onChange={(v) => setBundleChoice((c) => ({ ...c, [s.id]: v }))}
            options={[...stations.map((_, i) => ({ value: i + 1, label: t('sim.bundleN', { n: i + 1 }) })), { value: 0, label: t('sim.bundleOwn') }]}
            className="sim-bundle-select"
            aria-label={`${t('sim.bundles')} ${s.name}`}
          />
        </div>
      ))}
    </div>
  );

  const postEditor = (
    <div className="sim-field" data-testid="sim-posts">
      <div className="sim-label">{t('sim.posts')}</div>
      <div className="sim-posts-state">{posts ? t('sim.postsHand', { n: posts.length }) : t('sim.postsAuto')}</div>
      <div className="sim-posts-actions">
        {result && postsFromRun(run).length > 0 && (
          <Button size="small" icon={<AimOutlined />} onClick={() => setPosts(postsFromRun(run))} data-testid="sim-posts-from-result">
            {t('sim.postsFromResult')}
          </Button>
        )}
        <Button size="small" type={adding ? 'primary' : 'default'} icon={<PlusOutlined />} onClick={() => setAdding((a) => !a)} data-testid="sim-posts-add">
          {adding ? t('sim.postsAdding') : t('sim.postsAdd')}
        </Button>
        {posts && (
          <Button size="small" icon={<UndoOutlined />} onClick={() => setPosts(null)}>
            {t('sim.postsClear')}
          </Button>
        )}
      </div>
      {posts && posts.length > 0 && (
        <div className="sim-post-list">
          {posts.map(([lon, lat], i) => (
            <div key={i} className="sim-post-item">
              <span className="sim-pin-dot">{i + 1}</span>
              <span className="sim-post-at">
                {lon.toFixed(4)}, {lat.toFixed(4)}
              </span>
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('sim.postRemove')} onClick={() => setPosts((ps) => (ps ?? []).filter((_, k) => k !== i))} />
            </div>
          ))}
        </div>
      )}
    </div>
  );

  const form = (
    <div className="jw-card sim-form" data-testid="sim-form">
      <div className="sim-field">
        <div className="sim-label">{t('sim.area')}</div>
        <Select<number>
          showSearch={{ optionFilterProp: 'label' }}
          value={areaId}
          onChange={(v) => {
            setAreaId(v);
            setBundleChoice({});
            setPosts(null);
          }}
          options={areaOptions(simAreas, (k) => label(AREA_KIND_LABELS, k), ['district', 'station'])}
          loading={refs.loading}
          className="sim-wide"
          data-testid="sim-area"
          aria-label={t('sim.area')}
        />
      </div>
      <div className="sim-field">
        <div className="sim-label">{t('sim.period')}</div>
        <DatePicker.RangePicker
          value={[dayjs(period[0]), dayjs(period[1])]}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
          disabledDate={(d) => d.format('YYYY-MM-DD') >= today}
          allowClear={false}
          className="sim-wide"
          data-testid="sim-period"
        />
      </div>
      <div className="sim-field sim-two">
        <div>
          <div className="sim-label">{t('sim.units')}</div>
          <InputNumber min={1} max={300} value={units} onChange={(v) => v && setUnits(v)} data-testid="sim-units" aria-label={t('sim.units')} />
        </div>
        <div>
          <div className="sim-label">
            {t('sim.seeds')}
            <Tooltip title={t('sim.seedsHint')}>
              <span className="sim-hint">?</span>
            </Tooltip>
          </div>
          <InputNumber min={1} max={20} value={seeds} onChange={(v) => v && setSeeds(v)} data-testid="sim-seeds" aria-label={t('sim.seeds')} />
        </div>
      </div>
      <div className="sim-field">
        <div className="sim-label">{t('sim.policies')}</div>
        {policyChecks}
      </div>
      {bundleEditor}
      {postEditor}
      <div className="sim-field">
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder={t('sim.name')} aria-label={t('sim.name')} />
      </div>
      <Button type="primary" block icon={<ExperimentOutlined />} loading={starting} disabled={!areaId} onClick={() => void start()} data-testid="sim-run">
        {posts && result ? t('sim.rerun') : t('sim.run')}
      </Button>
    </div>
  );

  const saved = (
    <div className="jw-card sim-saved" data-testid="sim-saved">
      <div className="sim-card-title">{t('sim.saved')}</div>
      {runs.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sim.savedEmpty')} />}
      {runs.map((r) => (
        <div key={r.id} className={`sim-saved-row ${run?.id === r.id ? 'is-current' : ''}`} data-testid="sim-saved-row">
          <div className="sim-saved-main">
            <div className="sim-saved-title">
              {r.name ?? r.areaName} <Tag color={r.status === 'done' ? 'green' : r.status === 'failed' ? 'red' : 'blue'}>{label(SIM_RUN_STATUS_LABELS, r.status)}</Tag>
            </div>
            <div className="sim-saved-sub">{t('sim.runLine', { from: r.input.from, to: r.input.to, units: r.input.units, seeds: r.input.seeds })}</div>
            <div className="sim-saved-sub">{t('sim.by', { who: r.createdBy, at: dayjs(r.createdAt).format('MM-DD HH:mm') })}</div>
          </div>
          <Button size="small" icon={<FolderOpenOutlined />} disabled={run?.id === r.id} onClick={() => open(r.id)} data-testid="sim-open">
            {run?.id === r.id ? t('sim.opened') : t('sim.open')}
          </Button>
        </div>
      ))}
    </div>
  );

  const status = run && (run.status === 'queued' || run.status === 'running') && (
    <Alert type="info" showIcon icon={<Spin size="small" />} title={t(run.status === 'queued' ? 'sim.queued' : 'sim.running')} data-testid="sim-status" />
  );

  const results = (
    <div className="sim-results">
      {!!error && <Alert type="error" showIcon title={errorText(error, lang)} />}
      {status}
      {run?.status === 'failed' && <Alert type="error" showIcon title={t('sim.failed', { error: run.error ?? '' })} />}
      {!run && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sim.noResult')} />}
      {result && run && (
        <>
          <div className="jw-card">
            <div className="sim-card-head">
              <span className="sim-card-title">
                {t('sim.results')} · {run.name ?? run.areaName}
              </span>
              <Button size="small" type="link" onClick={() => loadInput(run)}>
                {t('sim.loadSettings')}
              </Button>
            </div>
            {run.scenario && (
              <div className="sim-scenario" data-testid="sim-scenario">
                {t('sim.scenario', { replayed: run.scenario.replayed, calls: run.scenario.calls, dropped: run.scenario.dropped, history: run.scenario.history })}
                <div className="sim-stations">
                  {run.scenario.stations.map((s) => (
                    <span key={s.id}>{t('sim.stationUnits', { name: s.name, calls: s.calls, units: s.units })}</span>
                  ))}
                </div>
              </div>
            )}
            <ResultsTable policies={result.policies} />
          </div>
          <Differences run={run} />
          {(run.input.bundles || result.assumptions.length > 0) && (
            <div className="jw-card sim-assume">
              <div className="sim-card-title">{t('sim.assumptions')}</div>
              <ul>
                {result.assumptions.map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
                {run.input.bundles && result.policies.every((p) => p.calls === undefined) && <li>{t('sim.bundlesNote')}</li>}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );

  if (!canUseSim(user?.role)) return <Alert type="warning" showIcon title={t('sim.notAllowed')} style={{ margin: 16 }} />;

  return (
    <div className={`sim-page ${phone ? 'is-phone' : ''}`} data-testid="sim-page" data-state={run?.status ?? 'none'}>
      <div className="sim-toolbar">
        <Typography.Title level={4} className="jw-page-title sim-title">
          {t('sim.title')}
        </Typography.Title>
        {!phone && <span className="sim-intro">{t('sim.intro')}</span>}
      </div>
      <div className="sim-body">
        <aside className="sim-side">
          {form}
          {!phone && saved}
        </aside>
        <main className="sim-main">
          <div className="sim-map-wrap">
            <SimMap
              policy={shown}
              homes={homes}
              stations={stationPts}
              posts={posts}
              adding={adding}
              onAdd={(at) => setPosts((ps) => [...(ps ?? []), at])}
              onMove={(i, at) => setPosts((ps) => (ps ?? []).map((p, k) => (k === i ? at : p)))}
              areaId={areaId ?? null}
              fit={fit}
            >
              {result && (
                <div className="sim-map-bar">
                  <span>{t('sim.mapPolicy')}</span>
                  <Select<string>
                    size="small"
                    value={mapLabel ?? undefined}
                    onChange={setMapLabel}
                    options={result.policies.map((p) => ({ value: p.label, label: labelName(p.label, lang) }))}
                    popupMatchSelectWidth={false}
                    data-testid="sim-map-policy"
                  />
                </div>
              )}
              {result && (
                <div className="jw-map-legends">
                  <div className="jw-card jw-legend sim-legend">
                    <span className="jw-legend-title">{t('sim.legendSlow', { m: result.cellM })}</span>
                    <span className="jw-legend-item">
                      <i className="sim-sw" style={{ background: '#d4380d' }} /> &lt;50%
                    </span>
                    <span className="jw-legend-item">
                      <i className="sim-sw" style={{ background: '#fa8c16' }} /> 50–80%
                    </span>
                    <span className="jw-legend-item">
                      <i className="sim-sw" style={{ background: '#389e0d' }} /> ≥80%
                    </span>
                    <span className="jw-legend-item">
                      <i className="sim-sw round" style={{ background: '#1d39c4' }} /> {t('sim.legendPosts')}
                    </span>
                    <span className="jw-legend-item">
                      <i className="sim-sw round ring" /> {t('sim.legendStations')}
                    </span>
                  </div>
                </div>
              )}
            </SimMap>
          </div>
          {results}
          {phone && saved}
        </main>
      </div>
    </div>
  );
}
