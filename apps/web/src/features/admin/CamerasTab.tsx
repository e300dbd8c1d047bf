// 视频点位: the cameras video patrol rounds go over; create and edit in a drawer with the point picked on a map or typed
// and the viewer's address (http(s) only), retire with a reason, the history.
import { useState } from 'react';
import { Button, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import type { CameraRecord } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { EditDrawer, TabHead, match, useList } from './shared';
import { ChangeHistory, PointPicker, RetireWithReason, placesApi } from './PlaceParts';

interface CameraForm {
  code: string;
  name: string;
  lon: number;
  lat: number;
  viewUrl?: string;
}

export function CamerasTab() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [retired, setRetired] = useState(false);
  const { rows, loading, reload } = useList(() => placesApi.cameras(retired));
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<CameraRecord | 'new' | null>(null);
  const [form] = Form.useForm<CameraForm>();
  const open = (c: CameraRecord | 'new') => {
    form.resetFields();
    form.setFieldsValue(c === 'new' ? { code: '', name: '', lon: undefined, lat: undefined, viewUrl: '' } : { code: c.code, name: c.name, lon: c.lon, lat: c.lat, viewUrl: c.viewUrl ?? '' });
    setEditing(c);
  };
  const shown = rows.filter((c) => match(q, c.name, c.code, c.stationName, c.gridName));
  const labels = { code: t('sites.code'), name: t('sites.name'), lon: t('sites.lon'), lat: t('sites.lat'), viewUrl: t('sites.viewUrl') };
  return (
    <>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="cameras" />
        <Space style={{ marginBottom: 12 }}>
          <Switch
            size="small"
            checked={retired}
            onChange={(v) => {
              setRetired(v);
              reload();
            }}
            data-testid="cameras-retired"
          />
          <Typography.Text>{t('sites.showRetired')}</Typography.Text>
        </Space>
      </Space>
      <Table<CameraRecord>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 640 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="admin-cameras-table"
        columns={[
          {
            title: t('sites.name'),
            key: 'name',
            fixed: phone ? 'left' : undefined,
            width: phone ? 160 : undefined,
            render: (_, c) => (
              <Space direction="vertical" size={0} style={{ maxWidth: phone ? 144 : undefined }}>
                <span>{c.name}</span>
                <Typography.Text type="secondary" ellipsis={{ tooltip: c.code }} style={{ fontSize: 12, maxWidth: phone ? 144 : 260 }}>
                  {c.code}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('sites.where'), key: 'where', render: (_, c) => (phone ? (c.gridName ?? c.stationName) : [c.stationName, c.gridName].filter(Boolean).join(' · ')) || '—' },
          {
            title: t('sites.viewUrl'),
            dataIndex: 'viewUrl',
            render: (v: string | null) =>
              v ? (
                <a href={v} target="_blank" rel="noopener noreferrer">
                  {t('sites.open')}
                </a>
              ) : (
                '—'
              ),
          },
          {
            title: t('sites.openRounds'),
            dataIndex: 'openRounds',
            align: 'right',
            responsive: ['md'],
            render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
          },
          {
            title: t('sites.status'),
            key: 'status',
            render: (_, c) => (c.active ? <Tag color="green">{t('sites.active')}</Tag> : <Tag title={c.retireReason ?? ''}>{t('sites.retired')}</Tag>),
          },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 120,
            render: (_, c) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(c)} data-testid={`camera-edit-${c.code}`}>
                  {c.active ? t('admin.edit') : t('sites.history')}
                </Button>
                {c.active && <RetireWithReason what="camera" name={c.name} testId={`camera-${c.code}`} onRetire={(reason) => placesApi.retireCamera(c.id, c.version, reason)} onDone={reload} />}
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer<CameraForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('sites.tab.cameras')}` : editing ? `${editing.active ? t('admin.edit') : t('sites.history')} · ${editing.name}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="camera-drawer"
        onSubmit={(v) => {
          const body = { code: v.code.trim(), name: v.name.trim(), lon: v.lon, lat: v.lat, viewUrl: v.viewUrl?.trim() ? v.viewUrl.trim() : null };
          return editing === 'new' ? placesApi.createCamera(body) : placesApi.updateCamera((editing as CameraRecord).id, { version: (editing as CameraRecord).version, ...body });
        }}
      >
        <fieldset disabled={editing !== null && editing !== 'new' && !editing.active} style={{ border: 0, padding: 0, margin: 0 }}>
          <Space.Compact block>
            <Form.Item name="name" label={t('sites.name')} rules={[{ required: true, whitespace: true, max: 64 }]} style={{ flex: 1 }}>
              <Input data-testid="camera-name" />
            </Form.Item>
            <Form.Item name="code" label={t('sites.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,32}$/ }]} style={{ flex: 1 }}>
              <Input placeholder="CAM-001" data-testid="camera-code" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="viewUrl" label={t('sites.viewUrl')} extra={t('sites.viewUrlHelp')} rules={[{ pattern: /^https?:\/\/[^\s/?#]+\S*$/i, message: t('sites.viewUrlBad') }, { max: 500 }]}>
            <Input placeholder="https://" data-testid="camera-url" />
          </Form.Item>
          <PointPicker form={form} testId="camera" />
        </fieldset>
        {editing && editing !== 'new' && <ChangeHistory key={`${editing.id}-${editing.version}`} load={() => placesApi.cameraHistory(editing.id)} labels={labels} />}
      </EditDrawer>
    </>
  );
}
