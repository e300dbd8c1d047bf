// 警情查询: the search and history of all calls, open and closed (GET /api/incidents with the history filters):
// number, caller phone (matched on its keyed hash by the server), address, area, time, category, disposition,
// status; paged; a row opens the incident drawer with its timeline.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  DISPOSITIONS,
  DISPOSITION_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  INCIDENT_STATUSES,
  INCIDENT_STATUS_LABELS,
  type Area,
  type Disposition,
  type Incident,
  type IncidentStatus,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { IncidentStatusTag, PriorityTag } from '../../app/tags';
import { formatAge, ageMinutes } from '../../lib/queue';
import { IncidentDrawer } from '../command/IncidentDrawer';
import { searchQuery, type Filters } from './query';

type TreeNode = { value: number; title: string; children: TreeNode[] };
function areaTree(areas: Area[]): TreeNode[] {
  const nodes = new Map(areas.filter((a) => a.kind !== 'grid').map((a) => [a.id, { value: a.id, title: a.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const a of areas) {
    const n = nodes.get(a.id);
    if (!n) continue;
    const parent = a.parentId != null ? nodes.get(a.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export default function IncidentSearchPage() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{ items: Incident[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [areas, setAreas] = useState<Area[]>([]);

  useEffect(() => {
    void api.areas().then(setAreas, () => setAreas([]));
  }, []);
  const tree = useMemo(() => areaTree(areas), [areas]);

  // only the latest search may show: an earlier, slower answer (the unfiltered first page) must not overwrite it
  const seq = useRef(0);
  const run = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const r = await api.incidents(searchQuery(filters, page, pageSize));
      if (n !== seq.current) return;
      setData(r);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(t('isearch.failed', { msg: errorText(e, lang) }));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [filters, page, pageSize, t, lang]);
  useEffect(() => {
    void run();
  }, [run]);

  const noop = useCallback(() => undefined, []);
  const duration = (i: Incident) => {
    const end = i.endedAt ?? i.closedAt;
    return formatAge(ageMinutes(i.reportedAt, end ? Date.parse(end) : Date.now()), lang);
  };

  return (
    <div className="jw-page jw-isearch" data-testid="incident-search">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('isearch.title')}
      </Typography.Title>
      <Form
        form={form}
        layout={phone ? 'vertical' : 'inline'}
        onFinish={(v) => {
          setPage(1);
          setFilters({ ...v });
        }}
        className="jw-isearch-form"
        style={{ rowGap: 8, marginBottom: 12 }}
      >
        <Form.Item name="number" label={t('isearch.number')}>
          <Input allowClear maxLength={32} placeholder="JQ…" data-testid="isearch-number" style={{ width: phone ? '100%' : 180 }} />
        </Form.Item>
        <Form.Item name="phone" label={t('isearch.phone')} tooltip={t('isearch.phoneHint')} rules={[{ pattern: /^[0-9+\- ]{3,20}$/, message: t('isearch.phoneHint') }]}>
          <Input allowClear maxLength={20} inputMode="tel" data-testid="isearch-phone" style={{ width: phone ? '100%' : 150 }} />
        </Form.Item>
        <Form.Item name="address" label={t('isearch.address')}>
          <Input allowClear maxLength={128} data-testid="isearch-address" style={{ width: phone ? '100%' : 180 }} />
        </Form.Item>
        <Form.Item name="areaId" label={t('isearch.area')}>
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={tree} placeholder={t('isearch.any')} style={{ width: phone ? '100%' : 180 }} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item name="status" label={t('isearch.status')}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('isearch.any')}
            options={INCIDENT_STATUSES.map((s) => ({ value: s, label: label(INCIDENT_STATUS_LABELS, s) }))}
            style={{ width: phone ? '100%' : 200 }}
            data-testid="isearch-status"
          />
        </Form.Item>
        <Form.Item name="category" label={t('isearch.category')}>
          <Select allowClear placeholder={t('isearch.any')} options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))} style={{ width: phone ? '100%' : 130 }} />
        </Form.Item>
        <Form.Item name="disposition" label={t('isearch.disposition')}>
          <Select allowClear placeholder={t('isearch.any')} options={DISPOSITIONS.map((d) => ({ value: d, label: label(DISPOSITION_LABELS, d) }))} style={{ width: phone ? '100%' : 140 }} data-testid="isearch-disposition" />
        </Form.Item>
        <Form.Item name="time" label={t('isearch.time')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} style={{ width: phone ? '100%' : 250 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} data-testid="isearch-submit">
              {t('isearch.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setPage(1);
                setFilters({});
              }}
            >
              {t('isearch.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<Incident>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('isearch.empty') }}
        scroll={{ x: 1100 }}
        data-testid="isearch-results"
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' }, 'data-testid': `isearch-row-${r.number}` } as React.HTMLAttributes<HTMLTableRowElement>)}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: !phone,
          size: 'small',
          showTotal: (n) => t('isearch.total', { n }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('isearch.number'), dataIndex: 'number', width: 170, fixed: phone ? undefined : 'left', render: (v: string) => <b className="jw-num">{v}</b> },
          { title: t('isearch.reportedAt'), dataIndex: 'reportedAt', width: 130, render: (v: string) => <span className="jw-num">{dayjs(v).format('MM-DD HH:mm')}</span> },
          { title: t('isearch.status'), dataIndex: 'status', width: 90, render: (s: IncidentStatus) => <IncidentStatusTag status={s} /> },
          {
            title: t('isearch.category'),
            width: 180,
            render: (_: unknown, r: Incident) => (
              <Space size={4} wrap={false} className="jw-nowrap">
                {label(INCIDENT_CATEGORY_LABELS, r.category)}
                <PriorityTag priority={r.priority} />
              </Space>
            ),
          },
          { title: t('isearch.address'), dataIndex: 'address', ellipsis: true },
          { title: t('isearch.station'), width: 120, ellipsis: true, render: (_: unknown, r: Incident) => r.areas.station?.name ?? '—' },
          { title: t('isearch.disposition'), dataIndex: 'disposition', width: 110, render: (d: Disposition | null | undefined) => (d ? label(DISPOSITION_LABELS, d) : '—') },
          { title: t('isearch.duration'), width: 90, render: (_: unknown, r: Incident) => <span className="jw-num">{duration(r)}</span> },
        ]}
      />
      <IncidentDrawer incidentId={open} phone={phone} standalone onClose={() => setOpen(null)} onRoutes={noop} onFitRoutes={noop} />
    </div>
  );
}
