// 城警联勤 (/tickets?tab=joint, issue 16 part 4): the counts per station over the last 30 days (joint patrols,
// on-the-spot handlings by outcome, tickets, arrivals within 2 minutes), the service posts with their groups, the
// on-the-spot records (parties masked) and a new record (简易程序: what, where, parties, photo, outcome; 转交办 makes
// a ticket, which opens in the ticket drawer).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { AimOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { JOINT_OUTCOME_LABELS, JOINT_OUTCOME_LIST, TICKET_CATEGORIES, TICKET_CATEGORY_LABELS, type JointGroup, type JointHandling, type JointHandlingBody, type JointOutcomeName, type JointPost, type JointStats, type TicketCategory } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { errorText } from '../../api/errors';
import { http } from '../../api/client';
import { currentPosition } from '../field/photo';
import { rateText } from './helpers';
import { PhotoPicker } from './parts';

const jointApi = {
  stats: (signal?: AbortSignal) => http.get<JointStats>('/api/joint/stats', undefined, signal),
  posts: (signal?: AbortSignal) => http.get<JointPost[]>('/api/joint/posts', undefined, signal),
  groups: (signal?: AbortSignal) => http.get<JointGroup[]>('/api/joint/groups', undefined, signal),
  handlings: (signal?: AbortSignal) => http.get<JointHandling[]>('/api/joint/handlings', undefined, signal),
  record: (b: JointHandlingBody) => http.post<JointHandling>('/api/joint/handlings', b),
  photoUrl: (id: number) => `/api/joint/handlings/${id}/photo`,
};

const OUTCOME_COLOR: Record<JointOutcomeName, string> = { corrected: 'green', warned: 'gold', fined: 'volcano', transferred: 'blue' };

export function JointTab({ canRecord, onOpenTicket }: { canRecord: boolean; onOpenTicket: (id: number) => void }) {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const [stats, setStats] = useState<JointStats | null>(null);
  const [posts, setPosts] = useState<JointPost[]>([]);
  const [groups, setGroups] = useState<JointGroup[]>([]);
  const [items, setItems] = useState<JointHandling[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [recording, setRecording] = useState(false);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([jointApi.stats(ac.signal), jointApi.posts(ac.signal), jointApi.groups(ac.signal), jointApi.handlings(ac.signal)])
      .then(([s, p, g, h]) => {
        setStats(s);
        setPosts(p);
        setGroups(g);
        setItems(h);
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e));
    return () => ac.abort();
  }, [nonce]);
  const rate = (r: number | null) => rateText(r) ?? <Typography.Text type="secondary">{t('tickets.unavailable')}</Typography.Text>;
  const n = (k: 'patrols' | 'handlings' | 'tickets' | 'arrivals' | 'arrivalsWithin2Min') => ({ title: t(`joint.${k}`), dataIndex: k, align: 'right' as const, width: 80 });
  const rows = stats ? [...stats.rows, ...(stats.rows.length > 1 ? [{ ...stats.total, key: -1, name: lang === 'zh' ? '合计' : 'Total' }] : [])] : [];
  return (
    <div data-testid="joint-tab">
      {error ? <Alert type="error" showIcon message={errorText(error, lang)} style={{ marginBottom: 8 }} /> : null}
      <Space wrap style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('joint.window')}</Typography.Text>
        {canRecord && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} disabled={groups.length === 0} data-testid="joint-record">
            {t('joint.record')}
          </Button>
        )}
      </Space>
      <Table
        size="small"
        rowKey={(r) => String(r.key)}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="joint-stats"
        columns={[
          { title: t('tickets.stats.name'), dataIndex: 'name', fixed: 'left', width: 150, ellipsis: { showTitle: true } },
          n('patrols'),
          n('handlings'),
          ...JOINT_OUTCOME_LIST.map((o) => ({ title: label(JOINT_OUTCOME_LABELS, o), align: 'right' as const, width: 80, render: (_: unknown, r: (typeof rows)[number]) => r.byOutcome[o] })),
          n('tickets'),
          n('arrivals'),
          n('arrivalsWithin2Min'),
          { title: t('joint.within2MinRate'), align: 'right', width: 90, render: (_, r) => rate(r.within2MinRate) },
        ]}
      />
      <Space wrap align="start" style={{ marginTop: 12, width: '100%' }}>
        {posts.map((p) => (
          <Card key={p.id} size="small" title={p.name} style={{ width: 260, opacity: p.active ? 1 : 0.5 }} data-testid="joint-post">
            <Typography.Text type="secondary">{p.address || '—'}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              {p.groups.length ? p.groups.map((g) => <Tag key={g.unitId}>{g.callsign}</Tag>) : <Typography.Text type="secondary">{t('joint.noGroup')}</Typography.Text>}
            </div>
          </Card>
        ))}
        {groups
          .filter((g) => !g.joint)
          .map((g) => (
            <Alert key={g.unitId} type="warning" showIcon message={t('joint.notJoint', { g: g.callsign })} />
          ))}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('joint.records')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        data-testid="joint-handlings"
        columns={[
          { title: t('joint.at'), dataIndex: 'at', width: 140, render: (v: string) => new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) },
          { title: t('joint.group'), width: 90, render: (_, r) => r.unit.callsign },
          { title: t('tickets.category'), width: 90, render: (_, r) => label(TICKET_CATEGORY_LABELS, r.category) },
          { title: t('joint.what'), dataIndex: 'what', ellipsis: true },
          { title: t('joint.parties'), width: 120, render: (_, r) => r.parties.map((p) => p.name).join('、') || '—' },
          {
            title: t('joint.outcome'),
            width: 130,
            render: (_, r) => (
              <Space size={4}>
                <Tag color={OUTCOME_COLOR[r.outcome]} style={{ marginInlineEnd: 0 }}>
                  {label(JOINT_OUTCOME_LABELS, r.outcome)}
                  {r.fineYuan !== null ? ` ¥${r.fineYuan}` : ''}
                </Tag>
                {r.ticketId !== null && (
                  <Button size="small" type="link" onClick={() => onOpenTicket(r.ticketId!)}>
                    #{r.ticketId}
                  </Button>
                )}
              </Space>
            ),
          },
          { title: t('tickets.photos'), width: 60, render: (_, r) => (r.hasPhoto ? <a href={jointApi.photoUrl(r.id)} target="_blank" rel="noreferrer">{t('joint.photo')}</a> : '—') },
        ]}
      />
      <Drawer open={recording} onClose={() => setRecording(false)} width={phone ? '100%' : 520} title={t('joint.record')} destroyOnClose>
        <HandlingForm
          groups={groups.filter((g) => g.joint)}
          onDone={(h) => {
            setRecording(false);
            reload();
            if (h.ticketId !== null) onOpenTicket(h.ticketId);
          }}
        />
      </Drawer>
    </div>
  );
}

interface Values {
  unitId: number;
  category: TicketCategory;
  what: string;
  address?: string;
  lon: number;
  lat: number;
  parties?: { name: string; phone?: string }[];
  outcome: JointOutcomeName;
  fineYuan?: number;
}

function HandlingForm({ groups, onDone }: { groups: JointGroup[]; onDone: (h: JointHandling) => void }) {
  const { t, label, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const outcome = Form.useWatch('outcome', form);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const h = await jointApi.record({
        unitId: v.unitId,
        category: v.category,
        what: v.what.trim(),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        lon: v.lon,
        lat: v.lat,
        parties: (v.parties ?? []).filter((p) => p?.name?.trim()).map((p) => ({ name: p.name.trim(), ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}) })),
        outcome: v.outcome,
        ...(v.outcome === 'fined' && v.fineYuan !== undefined ? { fineYuan: v.fineYuan } : {}),
        ...(photos[0] ? { photo: photos[0] } : {}),
      });
      message.success(h.ticketId !== null ? t('joint.transferred', { id: h.ticketId }) : t('joint.recorded'));
      onDone(h);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ unitId: groups[0]?.unitId, category: 'street_vending', outcome: 'corrected', parties: [] }} data-testid="joint-form">
      <Form.Item name="unitId" label={t('joint.group')} rules={[{ required: true }]}>
        <Select options={groups.map((g) => ({ value: g.unitId, label: `${g.callsign}${g.post ? ` · ${g.post.name}` : ''}` }))} />
      </Form.Item>
      <Form.Item name="category" label={t('tickets.category')} rules={[{ required: true }]}>
        <Select options={TICKET_CATEGORIES.map((c) => ({ value: c, label: label(TICKET_CATEGORY_LABELS, c) }))} />
      </Form.Item>
      <Form.Item name="what" label={t('joint.what')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="joint-what" />
      </Form.Item>
      <Form.Item name="address" label={t('tickets.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('tickets.coords')} required>
        <Space wrap>
          <Form.Item name="lon" noStyle rules={[{ required: true }]}>
            <InputNumber min={-180} max={180} step={0.0001} placeholder="经度" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="lat" noStyle rules={[{ required: true }]}>
            <InputNumber min={-90} max={90} step={0.0001} placeholder="纬度" style={{ width: 140 }} />
          </Form.Item>
          <Button
            icon={<AimOutlined />}
            onClick={async () => {
              const p = await currentPosition();
              if (p) form.setFieldsValue({ lon: Math.round(p.lon * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 });
            }}
          >
            {t('tickets.useMyPosition')}
          </Button>
        </Space>
      </Form.Item>
      <Form.List name="parties">
        {(fields, { add, remove }) => (
          <Form.Item label={t('joint.parties')}>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, max: 40 }]}>
                  <Input placeholder={t('joint.partyName')} maxLength={40} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'phone']} rules={[{ pattern: /^[0-9+ -]{5,20}$/ }]}>
                  <Input placeholder={t('joint.partyPhone')} maxLength={20} style={{ width: 150 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>
            ))}
            <div>
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                {t('joint.addParty')}
              </Button>
            </div>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item label={t('tickets.photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} max={1} />
      </Form.Item>
      <Form.Item name="outcome" label={t('joint.outcome')} rules={[{ required: true }]}>
        <Select options={JOINT_OUTCOME_LIST.map((o) => ({ value: o, label: label(JOINT_OUTCOME_LABELS, o) }))} data-testid="joint-outcome" />
      </Form.Item>
      {outcome === 'fined' && (
        <Form.Item name="fineYuan" label={t('joint.fine')} rules={[{ required: true }]}>
          <InputNumber min={0.01} max={200} step={10} precision={2} addonAfter="元" />
        </Form.Item>
      )}
      {error ? <Alert type="error" showIcon message={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="joint-submit">
        {t('tickets.submit')}
      </Button>
    </Form>
  );
}
