// 工作交办单 (/tickets): the tickets the caller sees (police: their area's; a department: its own) with filters, a
// ticket's drawer, a new ticket; the second tab counts per department or station (on-time rate, returns, recurrence),
// each number recomputable from the list (the total line is recomputed from its rows: helpers.totalOf).
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Drawer, Segmented, Select, Space, Switch, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { TICKET_CATEGORIES, TICKET_CATEGORY_LABELS, TICKET_STATUSES, TICKET_STATUS_LABELS, type Ticket, type TicketCategory, type TicketStats, type TicketStatus } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { errorText } from '../../api/errors';
import { ticketsApi } from './api';
import { rateText, sortTickets, totalOf } from './helpers';
import { TicketDrawer } from './TicketDrawer';
import { TicketForm } from './TicketForm';
import { TicketList } from './TicketList';
import { JointTab } from './JointTab';

export default function TicketsPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const department = user?.role === 'liaison' || user?.role === 'urban_mgmt';
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<'list' | 'stats' | 'joint'>(() => {
    const p = params.get('tab');
    return p === 'stats' || p === 'joint' ? p : 'list';
  });
  // the joint-patrol tab: police and 城管 (the liaison of another department has no part in it)
  const jointTab = user?.role !== 'liaison';
  const [status, setStatus] = useState<TicketStatus | undefined>();
  const [category, setCategory] = useState<TicketCategory | undefined>();
  const [openOnly, setOpenOnly] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('t')) || null);
  const [creating, setCreating] = useState(false);
  const [items, setItems] = useState<Ticket[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    const next = new URLSearchParams();
    if (tab !== 'list') next.set('tab', tab);
    if (openId !== null) next.set('t', String(openId));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [tab, openId, params, setParams]);
  useEffect(() => {
    if (tab !== 'list') return;
    const ac = new AbortController();
    setLoading(true);
    ticketsApi
      .list({ status, category, open: openOnly || undefined, overdue: overdue || undefined }, ac.signal)
      .then((l) => {
        setItems(sortTickets(l));
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [tab, status, category, openOnly, overdue, nonce]);

  return (
    <div className="jw-page" style={{ padding: phone ? 8 : 16 }} data-testid="tickets-page">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('tickets.title')}
          </Typography.Title>
          <Segmented
            value={tab}
            onChange={(v) => setTab(v as 'list' | 'stats' | 'joint')}
            options={[
              { value: 'list', label: t('tickets.tabList') },
              { value: 'stats', label: t('tickets.tabStats') },
              ...(jointTab ? [{ value: 'joint', label: t('tickets.tabJoint') }] : []),
            ]}
          />
        </Space>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={reload} />
          {!department && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-new">
              {t('tickets.new')}
            </Button>
          )}
        </Space>
      </Space>
      {tab === 'list' ? (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Select allowClear placeholder={t('tickets.allStatuses')} value={status} onChange={setStatus} style={{ width: 130 }} options={TICKET_STATUSES.filter((s) => s !== 'created').map((s) => ({ value: s, label: label(TICKET_STATUS_LABELS, s) }))} />
            <Select allowClear placeholder={t('tickets.allCategories')} value={category} onChange={setCategory} style={{ width: 130 }} options={TICKET_CATEGORIES.map((c) => ({ value: c, label: label(TICKET_CATEGORY_LABELS, c) }))} />
            <Space size={4}>
              <Switch size="small" checked={openOnly} onChange={setOpenOnly} /> {t('tickets.openOnly')}
            </Space>
            <Space size={4}>
              <Switch size="small" checked={overdue} onChange={setOverdue} /> {t('tickets.overdueOnly')}
            </Space>
          </Space>
          {error ? <Alert type="error" showIcon message={errorText(error, lang)} style={{ marginBottom: 8 }} /> : null}
          <TicketList items={items} loading={loading} cards={phone} onOpen={setOpenId} />
        </>
      ) : tab === 'joint' && jointTab ? (
        <JointTab canRecord={user?.role !== 'grid_worker'} onOpenTicket={setOpenId} />
      ) : (
        <StatsTab />
      )}
      <TicketDrawer ticketId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
      <Drawer open={creating} onClose={() => setCreating(false)} width={phone ? '100%' : 520} title={t('tickets.new')} destroyOnClose>
        <TicketForm
          prefill={{ sourceType: 'patrol' }}
          onDone={(x) => {
            setCreating(false);
            reload();
            setOpenId(x.id);
          }}
        />
      </Drawer>
    </div>
  );
}

function StatsTab() {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<'agency' | 'station'>('agency');
  const [data, setData] = useState<TicketStats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ac = new AbortController();
    ticketsApi
      .stats({ by }, ac.signal)
      .then((s) => {
        setData(s);
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e));
    return () => ac.abort();
  }, [by]);
  const rows = data?.rows ?? [];
  const total = totalOf(rows);
  const rate = (r: number | null) => rateText(r) ?? <Typography.Text type="secondary">{t('tickets.unavailable')}</Typography.Text>;
  const num = (k: keyof typeof total) => ({ title: t(`tickets.stats.${k}`), dataIndex: k, align: 'right' as const, width: 80 });
  return (
    <div data-testid="tickets-stats">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented value={by} onChange={(v) => setBy(v as 'agency' | 'station')} options={[{ value: 'agency', label: t('tickets.stats.byAgency') }, { value: 'station', label: t('tickets.stats.byStation') }]} />
        <Typography.Text type="secondary">{t('tickets.stats.window')}</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon message={errorText(error, lang)} /> : null}
      <Table
        size="small"
        rowKey={(r) => String(r.key)}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        columns={[
          { title: t('tickets.stats.name'), dataIndex: 'name', fixed: 'left', width: 130 },
          num('tickets'),
          num('open'),
          num('overdue'),
          num('resolved'),
          num('onTime'),
          { title: t('tickets.stats.onTimeRate'), align: 'right', width: 90, render: (_, r) => rate(r.onTimeRate) },
          num('returns'),
          num('recurrences'),
          num('jointPatrol'),
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{lang === 'zh' ? '合计' : 'Total'}</Table.Summary.Cell>
              {(['tickets', 'open', 'overdue', 'resolved', 'onTime'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 1} align="right">
                  {total[k]}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={6} align="right">
                {rate(total.onTimeRate)}
              </Table.Summary.Cell>
              {(['returns', 'recurrences', 'jointPatrol'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 7} align="right">
                  {total[k]}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}
