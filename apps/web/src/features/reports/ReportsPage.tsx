// 分析研判 (/reports, /reports/:id): the analysis reports the user may see — 日提醒 (daily, per station), 周研判
// (weekly, per station), 月分析 (monthly, per district) — newest first, filtered by kind and area; the report opened
// beside the list (on a phone: instead of it, with a back button). Leads can generate one and push it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Empty, Segmented, Select, Spin, Tooltip, Typography } from 'antd';
import { FileAddOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { AREA_KIND_LABELS, REPORT_KINDS, type ReportKind, type ReportSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import type { DictKey } from '../../app/dict';
import { analysisApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { areaOptions, useAnalysisAreas } from '../forecast/useAnalysisAreas';
import { GenerateModal } from './GenerateModal';
import { ReportKindTag, ReportView } from './ReportView';
import { canGenerateReports, parseReportId, periodText, sortReports } from './helpers';
import './reports.css';

type KindFilter = ReportKind | 'all';
const LIMIT = 100;

export default function ReportsPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const leader = canGenerateReports(user?.role);
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { id: idParam } = useParams();
  const openId = parseReportId(idParam);
  const [params, setParams] = useSearchParams();
  const refs = useAnalysisAreas();

  const [kind, setKind] = useState<KindFilter>(() => {
    const k = params.get('kind');
    return k && (REPORT_KINDS as readonly string[]).includes(k) ? (k as ReportKind) : 'all';
  });
  const [areaId, setAreaId] = useState<number | undefined>(() => Number(params.get('area')) || undefined);
  useEffect(() => {
    const next = new URLSearchParams();
    if (kind !== 'all') next.set('kind', kind);
    if (areaId !== undefined) next.set('area', String(areaId));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [kind, areaId, params, setParams]);

  // ---------------------------------------------------------------- the list
  const [list, setList] = useState<ReportSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    analysisApi
      .reports({ kind: kind === 'all' ? undefined : kind, areaId, limit: LIMIT }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setList(sortReports(l));
        setError(null);
        setLoaded(true);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [kind, areaId, nonce]);

  // on a wide screen the newest report opens by itself
  useEffect(() => {
    if (phone || openId !== null || !loaded || !list.length) return;
    navigate(`/reports/${list[0]!.id}${window.location.search}`, { replace: true });
  }, [phone, openId, loaded, list, navigate]);

  const open = (id: number) => navigate(`/reports/${id}${window.location.search}`);

  // ---------------------------------------------------------------- generate
  const [generating, setGenerating] = useState(false);

  // ---------------------------------------------------------------- toolbar
  const areaOpts = useMemo(() => areaOptions(refs.areas, (k) => label(AREA_KIND_LABELS, k), ['district', 'station']), [refs.areas, label]);
  const toolbar = (
    <div className="rp-toolbar" data-testid="reports-toolbar">
      {!phone && (
        <Typography.Title level={4} className="jw-page-title rp-page-title">
          {t('reports.title')}
        </Typography.Title>
      )}
      <Segmented<KindFilter>
        value={kind}
        onChange={setKind}
        options={[
          { value: 'all', label: t('reports.kind.all') },
          ...REPORT_KINDS.map((k) => ({ value: k, label: <span data-testid={`reports-kind-${k}`}>{t(`reports.kind.${k}` as DictKey)}</span> })),
        ]}
        data-testid="reports-kind"
      />
      <Select<number>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        value={areaId}
        onChange={(v) => setAreaId(v ?? undefined)}
        options={areaOpts}
        placeholder={t('reports.allAreas')}
        loading={refs.loading}
        className="rp-area"
        aria-label={t('reports.area')}
        data-testid="reports-area"
        popupMatchSelectWidth={false}
      />
      <span className="rp-toolbar-right">
        {leader && (
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setGenerating(true)} data-testid="report-generate">
            {t('reports.generate')}
          </Button>
        )}
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} />
        </Tooltip>
      </span>
    </div>
  );

  // ---------------------------------------------------------------- list
  const listEl = (
    <div className="rp-list" data-testid="reports-list">
      {!!error && (
        <Alert
          type="error"
          showIcon
          title={errorText(error, lang)}
          action={
            <Button size="small" onClick={reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {loading && !loaded && (
        <div className="rp-loading">
          <Spin />
        </div>
      )}
      {loaded && !list.length && !error && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(leader ? 'reports.emptyLeader' : 'reports.empty')} />}
      {list.map((r) => (
        <button key={r.id} type="button" className={`rp-item ${r.id === openId ? 'is-active' : ''}`} onClick={() => open(r.id)} data-testid={`report-row-${r.id}`}>
          <span className="rp-item-line">
            <ReportKindTag kind={r.kind} />
            <b className="rp-item-area">{r.areaName}</b>
            <span className="rp-item-period jw-num">{periodText(r.periodStart, r.periodEnd, lang)}</span>
          </span>
          <span className="rp-item-sub">
            <span className="jw-num">{dayjs(r.generatedAt).format('MM-DD HH:mm')}</span>
            {' · '}
            {r.trigger === 'schedule' ? t('reports.bySchedule') : r.generatedBy}
            <span className={`rp-item-push ${r.pushedAt ? 'is-pushed' : ''}`}>
              <SendOutlined /> {r.pushedAt ? t('reports.pushedN', { n: r.pushedTo }) : t('reports.notPushedShort')}
            </span>
          </span>
        </button>
      ))}
    </div>
  );

  const view = openId !== null ? <ReportView id={openId} phone={phone} nonce={nonce} onBack={phone ? () => navigate(`/reports${window.location.search}`) : undefined} /> : null;

  return (
    <div className={`rp-page ${phone ? 'is-phone' : ''}`} data-testid="reports-page" data-loaded={loaded && !loading ? '1' : '0'}>
      {phone && openId !== null ? null : toolbar}
      {phone ? (
        <div className="rp-phone">{openId !== null ? view : listEl}</div>
      ) : (
        <div className="rp-body">
          <aside className="rp-side">{listEl}</aside>
          <main className="rp-main">
            {view ?? (
              <div className="rp-placeholder">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.pick')} />
              </div>
            )}
          </main>
        </div>
      )}
      {leader && (
        <GenerateModal
          open={generating}
          phone={phone}
          areas={refs.areas}
          initial={{ kind: kind === 'all' ? undefined : kind, areaId, scopeAreaId: user?.scopeAreaId }}
          onClose={() => setGenerating(false)}
          onDone={(r) => {
            setGenerating(false);
            reload();
            navigate(`/reports/${r.id}${window.location.search}`);
          }}
        />
      )}
    </div>
  );
}
