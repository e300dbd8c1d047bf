// 矛盾纠纷 (/disputes): the disputes the caller reaches (police by area), filters, the detail drawer, registering one,
// and the indicators per area (a tab for those who manage disputes).
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Drawer, Segmented, Select, Switch, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { DISPUTE_STATUSES, DISPUTE_STATUS_LABELS, type DisputeIndicators, type DisputeStatusT, type DisputeSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { errorText } from '../../api/errors';
import { disputesApi } from './api';
import { DisputeDrawer } from './DisputeDrawer';
import { DisputeList } from './DisputeList';
import { ReportForm } from './ReportForm';
import { canReport, indicatorTotals, sortDisputes } from './helpers';

export default function DisputesPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<'list' | 'stats'>(params.get('tab') === 'stats' ? 'stats' : 'list');
  const [status, setStatus] = useState<DisputeStatusT | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('d')) || null);
  const [reporting, setReporting] = useState(false);
  const [items, setItems] = useState<DisputeSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    const next = new URLSearchParams();
    if (tab === 'stats') next.set('tab', 'stats');
    if (openId !== null) next.set('d', String(openId));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [tab, openId, params, setParams]);

  useEffect(() => {
    if (tab !== 'list') return;
    const ac = new AbortController();
    setLoading(true);
    disputesApi
      .list({ status, overdue: overdue || undefined }, ac.signal)
      .then((l) => {
        setItems(sortDisputes(l));
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [tab, status, overdue, nonce]);

  const manager = ['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer', 'mediator'].includes(user?.role ?? '');

  return (
    <div className="jw-page" style={{ padding: phone ? 8 : 16 }} data-testid="disputes-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, marginRight: 'auto' }}>
          {t('disputes.title')}
        </Typography.Title>
        {manager ? <Segmented value={tab} onChange={(v) => setTab(v as 'list' | 'stats')} options={[{ value: 'list', label: t('disputes.title') }, { value: 'stats', label: t('disputes.indicators') }]} /> : null}
        {canReport(user?.role) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="dispute-register">
            {t('disputes.register')}
          </Button>
        ) : null}
      </div>
      {tab === 'list' ? (
        <Card size="small">
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 8 }}>
            <Select allowClear placeholder={t('disputes.allStatuses')} style={{ minWidth: 150 }} value={status} onChange={setStatus} options={DISPUTE_STATUSES.map((s) => ({ value: s, label: label(DISPUTE_STATUS_LABELS, s) }))} />
            <span>
              <Switch size="small" checked={overdue} onChange={setOverdue} /> {t('disputes.overdueOnly')}
            </span>
            <Button icon={<ReloadOutlined />} onClick={reload} />
          </div>
          {error ? <Alert type="error" message={errorText(error, lang)} /> : null}
          <DisputeList items={items} loading={loading} cards={phone} onOpen={setOpenId} />
        </Card>
      ) : (
        <IndicatorsPanel />
      )}
      <DisputeDrawer disputeId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
      <Drawer open={reporting} onClose={() => setReporting(false)} width={phone ? '100%' : 560} title={t('disputes.register')} destroyOnClose>
        <ReportForm
          onDone={(d) => {
            setReporting(false);
            reload();
            setOpenId(d.id);
          }}
        />
      </Drawer>
    </div>
  );
}

function IndicatorsPanel() {
  const { t, lang } = useI18n();
  const [level, setLevel] = useState<'station' | 'community' | 'grid'>('station');
  const [data, setData] = useState<DisputeIndicators | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ac = new AbortController();
    disputesApi
      .indicators({ level }, ac.signal)
      .then((x) => {
        setData(x);
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e));
    return () => ac.abort();
  }, [level]);
  const total = data ? indicatorTotals(data) : null;
  const cols = [
    ['registered', 'disputes.ind.registered'],
    ['open', 'disputes.ind.open'],
    ['resolved', 'disputes.ind.resolved'],
    ['resolvedOnTime', 'disputes.ind.onTime'],
    ['escalated', 'disputes.ind.escalated'],
    ['repeat', 'disputes.ind.repeat'],
    ['converted', 'disputes.ind.converted'],
    ['sessions', 'disputes.ind.sessions'],
    ['agreement', 'disputes.ind.agreement'],
  ] as const;
  return (
    <Card size="small" data-testid="dispute-indicators">
      <Segmented value={level} onChange={(v) => setLevel(v as typeof level)} options={[{ value: 'station', label: '派出所' }, { value: 'community', label: '社区' }, { value: 'grid', label: '网格' }]} style={{ marginBottom: 8 }} />
      {error ? <Alert type="error" message={errorText(error, lang)} /> : null}
      <Table
        size="small"
        rowKey={(r) => String(r.areaId)}
        dataSource={data?.rows ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[{ title: '', dataIndex: 'areaName', fixed: 'left' as const }, ...cols.map(([k, key]) => ({ title: t(key), dataIndex: k, align: 'right' as const }))]}
        summary={() =>
          total ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              {cols.map(([k], i) => (
                <Table.Summary.Cell key={k} index={i + 1} align="right">
                  {total[k]}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
