// Units: callsign, type, echelon, team, home area, members; the status by hand (on duty, off duty, meal break, busy,
// out of service) with a reason, and the status history.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Table, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { MANUAL_UNIT_STATUSES, UNIT_STATUS_LABELS, UNIT_TYPES, UNIT_TYPE_LABELS, type ManualUnitStatus, type Unit, type UnitStatusEvent } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { UnitStatusTag } from '../../app/tags';
import { errorText } from '../../api/errors';
import { adminApi } from './api';
import { AreaPicker, EditDrawer, PersonSelect, RetireButton, TabHead, match, useList } from './shared';

interface UnitForm {
  callsign: string;
  type: Unit['type'];
  echelon: 1 | 2 | 3;
  teamId: number | null;
  homeAreaId: number;
  memberIds: number[];
}

const ON_INCIDENT = new Set(['dispatched', 'en_route', 'on_scene']);

export function UnitsTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { rows, loading, reload } = useList(adminApi.units);
  const teams = useList(adminApi.teams);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [statusOf, setStatusOf] = useState<Unit | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const open = (u: Unit | 'new') => {
    form.setFieldsValue(
      u === 'new'
        ? { callsign: '', type: 'patrol_car', echelon: 1, teamId: null, homeAreaId: undefined, memberIds: [] }
        : { callsign: u.callsign, type: u.type, echelon: u.echelon, teamId: u.teamId, homeAreaId: u.homeAreaId ?? undefined, memberIds: u.members.map((m) => m.id) },
    );
    setEditing(u);
  };
  const shown = rows.filter((u) => match(q, u.callsign, u.teamName, u.homeAreaName, ...u.members.map((m) => m.name)));
  return (
    <>
      <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="units" />
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 760 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="admin-units-table"
        columns={[
          { title: t('admin.unit.callsign'), dataIndex: 'callsign', fixed: phone ? 'left' : undefined, width: phone ? 80 : undefined },
          {
            title: t('admin.unit.status'),
            key: 'status',
            render: (_, u) => (
              <Space direction="vertical" size={0}>
                <UnitStatusTag status={u.status} />
                {(u.statusReason || u.statusSince) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[u.statusReason, u.statusSince ? t('admin.unit.since', { t: dayjs(u.statusSince).format('MM-DD HH:mm') }) : null].filter(Boolean).join(' · ')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('admin.unit.type'), dataIndex: 'type', render: (v: Unit['type']) => label(UNIT_TYPE_LABELS, v) },
          { title: t('admin.unit.echelon'), dataIndex: 'echelon', render: (n: number) => t('admin.unit.echelonN', { n }) },
          { title: t('admin.unit.homeArea'), key: 'home', render: (_, u) => [u.homeAreaName, u.teamName].filter(Boolean).join(' · ') || '—' },
          { title: t('admin.members'), key: 'm', render: (_, u) => u.members.map((m) => m.name).join('、') || '—' },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 190,
            render: (_, u) => (
              <Space size={0}>
                <Button size="small" type="link" disabled={ON_INCIDENT.has(u.status)} onClick={() => setStatusOf(u)} data-testid={`unit-status-${u.callsign}`}>
                  {t('admin.unit.setStatus')}
                </Button>
                <Button size="small" type="link" onClick={() => open(u)}>
                  {t('admin.edit')}
                </Button>
                <RetireButton name={u.callsign} onRetire={() => adminApi.retireUnit(u.id, u.version)} onDone={reload} />
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer<UnitForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('admin.tab.units')}` : editing ? `${t('admin.edit')} · ${editing.callsign}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="unit-drawer"
        onSubmit={(v) => {
          const body = { callsign: v.callsign, type: v.type, echelon: v.echelon, teamId: v.teamId ?? null, homeAreaId: v.homeAreaId, memberIds: v.memberIds ?? [] };
          return editing === 'new' ? adminApi.createUnit(body) : adminApi.updateUnit((editing as Unit).id, { version: (editing as Unit).version, ...body });
        }}
      >
        <Form.Item name="callsign" label={t('admin.unit.callsign')} rules={[{ required: true, whitespace: true, max: 32 }]}>
          <Input data-testid="unit-callsign" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="type" label={t('admin.unit.type')} rules={[{ required: true }]} style={{ flex: 2 }}>
            <Select options={UNIT_TYPES.map((x) => ({ value: x, label: label(UNIT_TYPE_LABELS, x) }))} />
          </Form.Item>
          <Form.Item name="echelon" label={t('admin.unit.echelon')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={[1, 2, 3].map((n) => ({ value: n, label: t('admin.unit.echelonN', { n }) }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="homeAreaId" label={t('admin.unit.homeArea')} rules={[{ required: true }]}>
          <AreaPicker testId="unit-home" />
        </Form.Item>
        <Form.Item name="teamId" label={t('admin.unit.team')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={teams.rows.map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="memberIds" label={t('admin.members')}>
          <PersonSelect multiple testId="unit-members" />
        </Form.Item>
      </EditDrawer>
      {statusOf && <StatusModal unit={statusOf} onClose={() => setStatusOf(null)} onSaved={reload} />}
    </>
  );
}

function StatusModal({ unit, onClose, onSaved }: { unit: Unit; onClose: () => void; onSaved: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<ManualUnitStatus | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<UnitStatusEvent[]>([]);
  useEffect(() => {
    adminApi.unitHistory(unit.id).then(setHistory).catch(() => setHistory([]));
  }, [unit.id]);
  const save = async () => {
    if (!status) return;
    setBusy(true);
    try {
      await adminApi.setUnitStatus(unit.id, { version: unit.version, status, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      void message.success(t('admin.saved'));
      onSaved();
      onClose();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${unit.callsign} · ${t('admin.unit.setStatus')}`} onCancel={onClose} onOk={() => void save()} okButtonProps={{ disabled: !status, loading: busy }} data-testid="unit-status-modal">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: '100%' }}
          value={status}
          onChange={setStatus}
          placeholder={label(UNIT_STATUS_LABELS, unit.status)}
          options={MANUAL_UNIT_STATUSES.filter((s) => s !== unit.status).map((s) => ({ value: s, label: label(UNIT_STATUS_LABELS, s) }))}
          data-testid="unit-status-select"
        />
        <Input maxLength={200} placeholder={t('admin.unit.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="unit-status-reason" />
        {history.length > 0 && (
          <>
            <Typography.Text strong>{t('admin.unit.history')}</Typography.Text>
            <Timeline
              style={{ marginTop: 8 }}
              items={history.slice(0, 8).map((h) => ({
                children: `${dayjs(h.at).format('MM-DD HH:mm')} ${h.to ? label(UNIT_STATUS_LABELS, h.to) : ''}${h.reason ? ` · ${h.reason}` : ''} · ${h.actorName}`,
              }))}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
