// 反诈预警 (/fraud): the anti-fraud warning loop (预警 -> 劝阻 -> 回访). Officers see their own dissuasion tasks; other
// roles the warnings in their scope with filters. A row opens the detail drawer (clear contact, outcome, follow-up).
// Roles that receive warnings import a CSV from the anti-fraud centre. The second tab counts per area.
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Empty, Segmented, Select, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { BarChartOutlined, ReloadOutlined, SafetyOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { FRAUD_STATUSES, FRAUD_STATUS_LABELS, type FraudStatus, type FraudWarning } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone, useNow } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { canImportFraud, countdown, followupState, formatMoney, sortWarnings } from './helpers';
import { DeadlineCell, FraudStatusTag, OutcomeTag, ReasonTag } from './tags';
import { WarningDrawer } from './WarningDrawer';
import { ImportModal } from './ImportModal';
import { StatsPanel } from './StatsPanel';
import './fraud.css';

type PageTab = 'tasks' | 'stats';
const POLL_MS = 60_000;

export default function FraudPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const now = useNow(1000);
  const officer = user?.role === 'officer';
  const importer = canImportFraud(user?.role);
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<PageTab>(() => (params.get('tab') === 'stats' ? 'stats' : 'tasks'));
  const [status, setStatus] = useState<FraudStatus | undefined>(() => {
    const s = params.get('status');
    return s && (FRAUD_STATUSES as readonly string[]).includes(s) ? (s as FraudStatus) : undefined;
  });
  const [overdue, setOverdue] = useState(() => params.get('overdue') === '1');
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('w')) || null);
  const [importing, setImporting] = useState(false);

  // the page's state in the address (a link opens the same tab, filters and warning)
  useEffect(() => {
    const next = new URLSearchParams();
    if (tab === 'stats') next.set('tab', 'stats');
    if (status) next.set('status', status);
    if (overdue) next.set('overdue', '1');
    if (openId !== null) next.set('w', String(openId));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [tab, status, overdue, openId, params, setParams]);

  // ---------------------------------------------------------------- the list
  const [list, setList] = useState<FraudWarning[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    if (tab !== 'tasks') return;
    const ac = new AbortController();
    setLoading(true);
    api
      .fraudWarnings({ status, overdue: overdue || undefined }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setList(sortWarnings(l));
        setError(null);
        setLoaded(true);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [tab, status, overdue, nonce]);
  // no push channel for warnings: poll while the page is open
  useEffect(() => {
    if (tab !== 'tasks') return;
    const id = setInterval(reload, POLL_MS);
    return () => clearInterval(id);
  }, [tab, reload]);

  const onChanged = useCallback((w: FraudWarning) => {
    setList((l) => sortWarnings(l.map((x) => (x.id === w.id ? w : x))));
    reload();
  }, [reload]);

  const counts = useMemo(() => {
    let open = 0;
    let late = 0;
    let visits = 0;
    for (const w of list) {
      if (w.status === 'accepted') {
        open++;
        if (w.overdue || countdown(w, now).state === 'overdue') late++;
      } else if (followupState(w, now) === 'due') visits++;
    }
    return { open, late, visits };
  }, [list, now]);

  // ---------------------------------------------------------------- toolbar
  const toolbar = (
    <div className="fr-toolbar" data-testid="fraud-toolbar">
      <Typography.Title level={4} className="jw-page-title fr-title">
        {officer && tab === 'tasks' ? t('fraud.myTasks') : t('fraud.title')}
      </Typography.Title>
      <Segmented<PageTab>
        value={tab}
        onChange={setTab}
        options={[
          { value: 'tasks', label: <span data-testid="fraud-tab-tasks">{t('fraud.tabTasks')}</span>, icon: <SafetyOutlined /> },
          { value: 'stats', label: <span data-testid="fraud-tab-stats">{t('fraud.tabStats')}</span>, icon: <BarChartOutlined /> },
        ]}
      />
      {tab === 'tasks' && (
        <>
          <Select<FraudStatus | 'all'>
            value={status ?? 'all'}
            onChange={(v) => {
              setStatus(v === 'all' ? undefined : v);
              if (v !== 'all' && v !== 'accepted') setOverdue(false);
            }}
            options={[{ value: 'all' as const, label: t('fraud.allStatuses') }, ...FRAUD_STATUSES.map((s) => ({ value: s, label: label(FRAUD_STATUS_LABELS, s) }))]}
            className="fr-status-select"
            aria-label={t('fraud.status')}
            data-testid="fraud-filter-status"
          />
          <label className="fr-switch">
            <Switch
              size="small"
              checked={overdue}
              onChange={(v) => {
                setOverdue(v);
                if (v && status && status !== 'accepted') setStatus(undefined);
              }}
              data-testid="fraud-filter-overdue"
            />{' '}
            {t('fraud.overdueOnly')}
          </label>
          <span className="fr-counts">
            <Tag color="blue" className="jw-tag">
              {t('fraud.openN', { n: counts.open })}
            </Tag>
            {counts.late > 0 && (
              <Tag color="red" className="jw-tag" data-testid="fraud-overdue-count">
                {t('fraud.overdueN', { n: counts.late })}
              </Tag>
            )}
            {counts.visits > 0 && (
              <Tag color="orange" className="jw-tag">
                {t('fraud.followupDueN', { n: counts.visits })}
              </Tag>
            )}
          </span>
        </>
      )}
      <span className="fr-toolbar-right">
        {importer && (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="fraud-import-open">
            {!phone && t('fraud.import')}
          </Button>
        )}
        {tab === 'tasks' && (
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} />
          </Tooltip>
        )}
      </span>
    </div>
  );

  // ---------------------------------------------------------------- rows
  const person = (w: FraudWarning) => (
    <span className="fr-person">
      {w.personNameMasked ?? '—'} <span className="jw-phone jw-num">{w.phoneMasked ?? ''}</span>
    </span>
  );
  const areaText = (w: FraudWarning) => [w.grid?.name, w.station?.name].filter(Boolean).join(' / ') || '—';
  const rowClass = (w: FraudWarning) => {
    const c = countdown(w, now).state;
    return c === 'overdue' || w.overdue ? 'fr-row is-overdue' : c === 'soon' ? 'fr-row is-soon' : 'fr-row';
  };
  const statusCell = (w: FraudWarning) => (
    <span className="jw-tagrow">
      <FraudStatusTag status={w.status} />
      {w.outcome && <OutcomeTag outcome={w.outcome} />}
      {w.status === 'rejected' && <ReasonTag reason={w.rejectReason} />}
      {followupState(w, now) === 'due' && (
        <Tag color="orange" className="jw-tag">
          {t('fraud.followupDueNow')}
        </Tag>
      )}
    </span>
  );

  const columns = [
    { title: t('fraud.fraudType'), dataIndex: 'fraudType', key: 'type', width: 120, ellipsis: true, render: (v: string) => <b>{v}</b> },
    { title: `${t('fraud.person')} / ${t('fraud.phone')}`, key: 'person', width: 170, render: (_: unknown, w: FraudWarning) => person(w) },
    { title: t('fraud.address'), dataIndex: 'address', key: 'address', width: 240, ellipsis: true },
    { title: t('fraud.area'), key: 'area', width: 280, ellipsis: true, render: (_: unknown, w: FraudWarning) => areaText(w) },
    { title: t('fraud.officer'), key: 'officer', width: 90, render: (_: unknown, w: FraudWarning) => w.officer?.name ?? '—' },
    { title: t('fraud.receivedAt'), dataIndex: 'receivedAt', key: 'received', width: 110, render: (v: string) => <span className="jw-num">{dayjs(v).format('MM-DD HH:mm')}</span> },
    { title: t('fraud.deadline'), key: 'deadline', width: 200, render: (_: unknown, w: FraudWarning) => <DeadlineCell w={w} now={now} /> },
    { title: t('fraud.status'), key: 'status', width: 190, render: (_: unknown, w: FraudWarning) => statusCell(w) },
    {
      title: t('fraud.amountAtRisk'),
      dataIndex: 'amountAtRisk',
      key: 'amount',
      width: 110,
      align: 'right' as const,
      render: (v: number | null) => <span className="jw-num">{formatMoney(v)}</span>,
      sorter: (a: FraudWarning, b: FraudWarning) => (a.amountAtRisk ?? 0) - (b.amountAtRisk ?? 0),
    },
  ];

  const emptyText = officer ? t('fraud.emptyMine') : t('fraud.empty');
  const tasks = phone ? (
    <div className="jw-mlist fr-mlist" data-testid="fraud-list">
      {loading && !loaded && <Spin />}
      {loaded && list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />}
      {list.map((w) => (
        <button key={w.id} type="button" className={`jw-mcard fr-mcard ${rowClass(w)}`} onClick={() => setOpenId(w.id)} data-testid={`fraud-row-${w.id}`} data-status={w.status}>
          <div className="jw-mcard-row">
            <b className="jw-mcard-title">{w.fraudType}</b>
            <FraudStatusTag status={w.status} />
            {w.outcome && <OutcomeTag outcome={w.outcome} />}
            <span className="jw-mcard-right jw-num fr-amount">{formatMoney(w.amountAtRisk)}</span>
          </div>
          <div className="jw-mcard-sub">
            {person(w)} · {w.address}
          </div>
          <div className="jw-mcard-sub">
            {areaText(w)} · {w.officer?.name ?? '—'} · <span className="jw-num">{dayjs(w.receivedAt).format('MM-DD HH:mm')}</span>
          </div>
          {w.status === 'accepted' && (
            <div className="jw-mcard-sub">
              {t('fraud.deadline')} <DeadlineCell w={w} now={now} compact />
            </div>
          )}
          {w.status === 'rejected' && (
            <div className="jw-mcard-sub">
              <ReasonTag reason={w.rejectReason} />
            </div>
          )}
          {followupState(w, now) === 'due' && (
            <div className="jw-mcard-sub">
              <Tag color="orange" className="jw-tag">
                {t('fraud.followupDueNow')}
              </Tag>
            </div>
          )}
        </button>
      ))}
    </div>
  ) : (
    <Table<FraudWarning>
      size="small"
      rowKey="id"
      dataSource={list}
      columns={columns}
      loading={loading && !loaded}
      pagination={list.length > 100 ? { pageSize: 100, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 1300 }}
      sticky
      rowClassName={rowClass}
      onRow={(w) => ({ onClick: () => setOpenId(w.id), 'data-testid': `fraud-row-${w.id}`, 'data-status': w.status } as HTMLAttributes<HTMLElement>)}
      locale={{ emptyText }}
      data-testid="fraud-list"
    />
  );

  return (
    <div className={`jw-page fr-page ${phone ? 'is-phone' : ''}`} data-testid="fraud-page" data-tab={tab} data-loaded={loaded && !loading ? '1' : '0'}>
      {toolbar}
      {tab === 'tasks' ? (
        <>
          {!!error && (
            <Alert
              type="error"
              showIcon
              title={errorText(error, lang)}
              style={{ marginBottom: 8 }}
              action={
                <Button size="small" onClick={reload}>
                  {t('common.retry')}
                </Button>
              }
            />
          )}
          <div className="jw-card fr-list">{tasks}</div>
        </>
      ) : (
        <StatsPanel phone={phone} />
      )}
      <WarningDrawer warningId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={onChanged} />
      {importer && <ImportModal open={importing} phone={phone} onClose={() => setImporting(false)} onImported={reload} />}
    </div>
  );
}
