// 重点部位: schools, hospitals, markets... with the radius and the response target dispatch uses for incidents inside
// them; create and edit in a drawer with the point picked on a map or typed, retire with a reason, the history.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { KEY_PLACE_KINDS, KEY_PLACE_KIND_LABELS, KEY_PLACE_LIMITS, type KeyPlace } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { EditDrawer, TabHead, match, useList } from './shared';
import { ChangeHistory, PointPicker, RetireWithReason, placesApi } from './PlaceParts';

interface KeyPlaceForm {
  code: string;
  name: string;
  kind: KeyPlace['kind'];
  lon: number;
  lat: number;
  radiusM: number;
  targetS: number;
}

export function KeyPlacesTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const [retired, setRetired] = useState(false);
  const { rows, loading, reload } = useList(() => placesApi.keyPlaces(retired));
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<KeyPlace | 'new' | null>(null);
  const [form] = Form.useForm<KeyPlaceForm>();
  const open = (k: KeyPlace | 'new') => {
    form.resetFields();
    form.setFieldsValue(
      k === 'new'
        ? { code: '', name: '', kind: 'school', lon: undefined, lat: undefined, radiusM: 150, targetS: 60 }
        : { code: k.code, name: k.name, kind: k.kind, lon: k.lon, lat: k.lat, radiusM: k.radiusM, targetS: k.targetS },
    );
    setEditing(k);
  };
  const shown = rows.filter((k) => match(q, k.name, k.code, k.stationName, k.gridName));
  const labels = { code: t('sites.code'), name: t('sites.name'), kind: t('sites.kind'), lon: t('sites.lon'), lat: t('sites.lat'), radiusM: t('sites.radius'), targetS: t('sites.target') };
  return (
    <>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="keyplaces" />
        <Space style={{ marginBottom: 12 }}>
          <Switch
            size="small"
            checked={retired}
            onChange={(v) => {
              setRetired(v);
              reload();
            }}
            data-testid="keyplaces-retired"
          />
          <Typography.Text>{t('sites.showRetired')}</Typography.Text>
        </Space>
      </Space>
      <Table<KeyPlace>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 720 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="admin-keyplaces-table"
        rowClassName={(k) => (k.active ? '' : 'jw-row-retired')}
        columns={[
          {
            title: t('sites.name'),
            key: 'name',
            fixed: phone ? 'left' : undefined,
            width: phone ? 150 : undefined,
            render: (_, k) => (
              <Space direction="vertical" size={0} style={{ maxWidth: phone ? 134 : undefined }}>
                <span>{k.name}</span>
                <Typography.Text type="secondary" ellipsis={{ tooltip: k.code }} style={{ fontSize: 12, maxWidth: phone ? 134 : 260 }}>
                  {k.code}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('sites.kind'), dataIndex: 'kind', render: (v: KeyPlace['kind']) => <Tag>{label(KEY_PLACE_KIND_LABELS, v)}</Tag> },
          { title: t('sites.radius'), dataIndex: 'radiusM', align: 'right', render: (n: number) => t('sites.radiusM', { n }) },
          { title: t('sites.target'), dataIndex: 'targetS', align: 'right', render: (n: number) => <Tag color={n <= 60 ? 'red' : 'blue'}>{t('sites.targetS', { n })}</Tag> },
          { title: t('sites.where'), key: 'where', render: (_, k) => (phone ? (k.gridName ?? k.stationName) : [k.stationName, k.gridName].filter(Boolean).join(' · ')) || '—' },
          {
            title: t('sites.openIncidents'),
            dataIndex: 'openIncidents',
            align: 'right',
            responsive: ['md'],
            render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
          },
          {
            title: t('sites.status'),
            key: 'status',
            render: (_, k) => (k.active ? <Tag color="green">{t('sites.active')}</Tag> : <Tag title={k.retireReason ?? ''}>{t('sites.retired')}</Tag>),
          },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 120,
            render: (_, k) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(k)} data-testid={`keyplace-edit-${k.code}`}>
                  {k.active ? t('admin.edit') : t('sites.history')}
                </Button>
                {k.active && <RetireWithReason what="keyPlace" name={k.name} testId={`keyplace-${k.code}`} onRetire={(reason) => placesApi.retireKeyPlace(k.id, k.version, reason)} onDone={reload} />}
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer<KeyPlaceForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('sites.tab.keyPlaces')}` : editing ? `${editing.active ? t('admin.edit') : t('sites.history')} · ${editing.name}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="keyplace-drawer"
        onSubmit={(v) => {
          const body = { code: v.code.trim(), name: v.name.trim(), kind: v.kind, lon: v.lon, lat: v.lat, radiusM: v.radiusM, targetS: v.targetS };
          return editing === 'new' ? placesApi.createKeyPlace(body) : placesApi.updateKeyPlace((editing as KeyPlace).id, { version: (editing as KeyPlace).version, ...body });
        }}
      >
        <fieldset disabled={editing !== null && editing !== 'new' && !editing.active} style={{ border: 0, padding: 0, margin: 0 }}>
          <Space.Compact block>
            <Form.Item name="name" label={t('sites.name')} rules={[{ required: true, whitespace: true, max: 64 }]} style={{ flex: 1 }}>
              <Input data-testid="keyplace-name" />
            </Form.Item>
            <Form.Item name="code" label={t('sites.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,32}$/ }]} style={{ flex: 1 }}>
              <Input placeholder="KP-001" data-testid="keyplace-code" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="kind" label={t('sites.kind')} rules={[{ required: true }]}>
            <Select options={KEY_PLACE_KINDS.map((k) => ({ value: k, label: label(KEY_PLACE_KIND_LABELS, k) }))} data-testid="keyplace-kind" />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="radiusM" label={t('sites.radius')} extra={t('sites.radiusHelp')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <InputNumber min={KEY_PLACE_LIMITS.radiusM.min} max={KEY_PLACE_LIMITS.radiusM.max} precision={0} addonAfter="m" style={{ width: '100%' }} data-testid="keyplace-radius" />
            </Form.Item>
            <Form.Item name="targetS" label={t('sites.target')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <InputNumber min={KEY_PLACE_LIMITS.targetS.min} max={KEY_PLACE_LIMITS.targetS.max} precision={0} addonAfter="s" style={{ width: '100%' }} data-testid="keyplace-target" />
            </Form.Item>
          </Space.Compact>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: -16, marginBottom: 12 }}>
            {t('sites.targetHelp')}
          </Typography.Text>
          <PointPicker form={form} testId="keyplace" />
        </fieldset>
        {editing && editing !== 'new' && <ChangeHistory key={`${editing.id}-${editing.version}`} load={() => placesApi.keyPlaceHistory(editing.id)} labels={labels} />}
      </EditDrawer>
    </>
  );
}
