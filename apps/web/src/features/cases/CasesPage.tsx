// 在手案件 (/cases): the cases the caller sees (officers: the cases they work; leads: their station's), the deputy's
// daily list (督办清单: deadline near, overdue, idle) and the case indicators of a month (破案率, 按期率, 超期环节,
// 同比 with an incomplete base period marked). A row opens the detail drawer. ?id= opens a case (links from the
// notifications and the screens).
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Empty, Form, Input, InputNumber, Modal, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS } from '@jingwang/core';
import type { CaseKind, CaseStatsT, CaseSupervisionT, CaseT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone, useNow } from '../../app/live';
import { errorText } from '../../api/errors';
import { casesApi } from './api';
import { CaseDrawer } from './CaseDrawer';
import { countdown, LADDER_COLOR, sortCases } from './helpers';
import './cases.css';

type Tab = 'list' | 'supervision' | 'stats';
const LEADS = ['admin', 'district_lead', 'station_lead'];

export default function CasesPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const phone = useIsPhone();
  const now = useNow(30_000);
  const lead = !!user && LEADS.includes(user.role);
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<Tab>(() => (params.get('tab') === 'supervision' || params.get('tab') === 'stats' ? (params.get('tab') as Tab) : 'list'));
  const [openId, setOpenId] = useState<number | null>(() => Number(params.get('id')) || null);
  // officers see their own cases first, leads their station's: the default follows the role once it is known
  const [mineSet, setMine] = useState<boolean | null>(null);
  const mine = mineSet ?? !lead;
  const [openOnly, setOpenOnly] = useState(true);
  const [q, setQ] = useState('');
  const [list, setList] = useState<CaseT[]>([]);
  const [sup, setSup] = useState<CaseSupervisionT | null>(null);
  const [stats, setStats] = useState<CaseStatsT | null>(null);
  const [level, setLevel] = useState<'officer' | 'station' | 'district'>('station');
  const [withinDays, setWithinDays] = useState(2);
  const [idleDays, setIdleDays] = useState(7);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [creating, setCreating] = useState(false);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    const next = new URLSearchParams();
    if (tab !== 'list') next.set('tab', tab);
    if (openId !== null) next.set('id', String(openId));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [tab, openId, params, setParams]);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    const p =
      tab === 'list'
        ? casesApi.list({ mine: mine || undefined, open: openOnly || undefined, q: q.trim() || undefined }, ac.signal).then((l) => setList(sortCases(l)))
        : tab === 'supervision'
          ? casesApi.supervision({ withinDays, idleDays }, ac.signal).then(setSup)
          : casesApi.stats({ level }, ac.signal).then(setStats);
    p.then(() => !ac.signal.aborted && setError(null))
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [tab, mine, openOnly, q, withinDays, idleDays, level, nonce]);

  const deadlineCell = (c: CaseT) => {
    if (!c.deadline) return <Typography.Text type="secondary">{t('cases.noDeadline')}</Typography.Text>;
    const left = countdown(c.deadline.dueAt, now, lang);
    return (
      <span data-testid="case-deadline-cell">
        <Typography.Text type={left.overdue ? 'danger' : undefined}>{left.text}</Typography.Text>
        <br />
        <Typography.Text type="secondary" className="cs-small">
          {c.deadline.label} {dayjs(c.deadline.dueAt).format('MM-DD HH:mm')}
        </Typography.Text>
      </span>
    );
  };
  const tags = (c: CaseT) => (
    <Space size={2} wrap>
      {c.ladder !== 'none' && <Tag color={LADDER_COLOR[c.ladder]}>{t(`cases.ladder.${c.ladder}` as 'cases.ladder.red')}</Tag>}
      {c.reasons.includes('idle') && <Tag>{t('cases.reason.idle')}</Tag>}
    </Space>
  );

  const renderCases = (rows: CaseT[]) =>
    phone ? (
      <div className="cs-cards">
        {rows.length === 0 && <Empty description={t('cases.empty')} />}
        {rows.map((c) => (
          <button key={c.id} type="button" className="cs-card" data-testid="case-row" data-id={c.id} onClick={() => setOpenId(c.id)}>
            <div className="cs-card-head">
              <b>{c.title}</b>
              <Tag color={c.open ? 'processing' : 'default'}>{label(CASE_STATUS_LABELS, c.status)}</Tag>
            </div>
            <div className="cs-small">
              {c.caseNo} · {label(CASE_KIND_LABELS, c.kind)} · {c.category}
            </div>
            {deadlineCell(c)} {tags(c)}
          </button>
        ))}
      </div>
    ) : (
      <Table<CaseT>
        rowKey="id"
        size="small"
        dataSource={rows}
        loading={loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('cases.empty')} /> }}
        onRow={(c) => ({ onClick: () => setOpenId(c.id), 'data-testid': 'case-row', 'data-id': c.id } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('cases.caseNo'), dataIndex: 'caseNo', width: 100 },
          { title: t('cases.name'), dataIndex: 'title' },
          { title: t('cases.kind'), render: (_, c) => label(CASE_KIND_LABELS, c.kind), width: 130 },
          { title: t('cases.stage'), render: (_, c) => <Tag color={c.open ? 'processing' : 'default'}>{label(CASE_STATUS_LABELS, c.status)}</Tag>, width: 130 },
          { title: t('cases.deadline'), render: (_, c) => deadlineCell(c), width: 200 },
          { title: '', render: (_, c) => tags(c), width: 120 },
          { title: t('cases.officers'), render: (_, c) => c.officers.map((o) => o.name).join('、'), width: 140 },
          { title: t('cases.station'), render: (_, c) => c.station?.name ?? '—', width: 100 },
        ]}
      />
    );

  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

  return (
    <div className="cs-page" data-testid="cases-page">
      <div className="cs-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('cases.title')}
        </Typography.Title>
        <Segmented<Tab>
          value={tab}
          onChange={setTab}
          options={[
            { value: 'list', label: t('cases.tabList') },
            ...(lead ? [{ value: 'supervision' as Tab, label: <span data-testid="cases-tab-supervision">{t('cases.tabSupervision')}</span> }, { value: 'stats' as Tab, label: t('cases.tabStats') }] : []),
          ]}
        />
        <Space wrap>
          {tab === 'list' && (
            <>
              <Space size={4}>
                <Switch size="small" checked={mine} onChange={setMine} /> {t('cases.mine')}
              </Space>
              <Space size={4}>
                <Switch size="small" checked={openOnly} onChange={setOpenOnly} /> {t('cases.openOnly')}
              </Space>
              <Input.Search allowClear placeholder={t('cases.search')} onSearch={setQ} style={{ width: phone ? '100%' : 220 }} maxLength={40} />
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="case-new">
                {t('cases.new')}
              </Button>
            </>
          )}
          {tab === 'supervision' && (
            <>
              {t('cases.withinDays')} <InputNumber min={0} max={60} value={withinDays} onChange={(v) => setWithinDays(v ?? 2)} style={{ width: 70 }} />
              {t('cases.idleDays')} <InputNumber min={1} max={365} value={idleDays} onChange={(v) => setIdleDays(v ?? 7)} style={{ width: 70 }} />
            </>
          )}
          {tab === 'stats' && (
            <Select
              value={level}
              onChange={setLevel}
              style={{ width: 120 }}
              options={(['officer', 'station', 'district'] as const).map((l) => ({ value: l, label: t(`cases.level.${l}`) }))}
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="reload" />
        </Space>
      </div>
      {!!error && <Alert type="error" showIcon message={errorText(error, lang)} />}
      {tab === 'list' && renderCases(list)}
      {tab === 'supervision' && sup && (
        <div data-testid="cases-supervision">
          {sup.rows.length === 0 ? <Empty description={t('cases.supervisionEmpty')} /> : renderCases(sup.rows)}
        </div>
      )}
      {tab === 'stats' && stats && (
        <div data-testid="cases-stats">
          {!stats.lastYearComplete && <Alert type="info" showIcon message={t('cases.stat.noBase')} style={{ marginBottom: 8 }} />}
          <Table
            rowKey="subjectId"
            size="small"
            scroll={{ x: true }}
            onRow={(r) => ({ 'data-testid': 'case-stat-row', 'data-id': r.subjectId, 'data-solving-rate': r.solvingRate ?? '' }) as React.HTMLAttributes<HTMLElement>}
            pagination={false}
            dataSource={stats.rows}
            columns={[
              { title: t(`cases.level.${level}`), dataIndex: 'name', fixed: 'left' },
              { title: t('cases.stat.accepted'), dataIndex: 'accepted' },
              { title: t('cases.stat.filed'), dataIndex: 'filed' },
              { title: t('cases.stat.solved'), dataIndex: 'solved' },
              { title: t('cases.stat.solvingRate'), render: (_, r) => pct(r.solvingRate) },
              { title: t('cases.stat.stepsDue'), dataIndex: 'stepsDue' },
              { title: t('cases.stat.onTimeRate'), render: (_, r) => pct(r.onTimeRate) },
              { title: t('cases.stat.overdue'), render: (_, r) => (r.overdueSteps ? <Typography.Text type="danger">{r.overdueSteps}</Typography.Text> : 0) },
              { title: t('cases.stat.lastYear'), render: (_, r) => r.filedLastYear ?? '—' },
              { title: t('cases.stat.yoy'), render: (_, r) => pct(r.yoy) },
            ]}
          />
        </div>
      )}
      <CaseDrawer caseId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
      <CreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          message.success(t('cases.created'));
          reload();
          setOpenId(id);
        }}
      />
    </div>
  );
}

function CreateModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: CaseKind; category: string; title: string; summary?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const c = await casesApi.create(v);
      form.resetFields();
      onCreated(c.id);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} title={t('cases.new')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'criminal' }}>
        <Form.Item name="kind" label={t('cases.kind')} rules={[{ required: true }]}>
          <Select options={(['criminal', 'administrative'] as const).map((k) => ({ value: k, label: label(CASE_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('cases.category')} rules={[{ required: true, max: 40 }]}>
          <Input maxLength={40} data-testid="case-new-category" />
        </Form.Item>
        <Form.Item name="title" label={t('cases.name')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} data-testid="case-new-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('cases.summary')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize maxLength={2000} />
        </Form.Item>
        <Typography.Text type="secondary">{t('cases.createOfficersHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}
