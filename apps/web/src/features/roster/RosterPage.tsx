// 值班表 (issue 12 part 3): a station's week or month, day by day: the duty leader (值班领导), the A and B posts of the
// 24-hour duty, patrol shifts and community days; who is on duty now; leave (请假) with the duties it leaves to cover.
// Leads edit a day in a drawer (saved whole, versioned), swap two duties not yet started (换班) and record leave.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { monthDays, swapCandidates, weekDays, weekStart } from './week';
import { DUTY_KINDS, DUTY_KIND_LABELS, LEAVE_KINDS, LEAVE_KIND_LABELS, type DutyKind, type Leave, type LeaveKind, type OnDuty, type Roster } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { errorText, fieldProblems } from '../../api/errors';
import { adminApi } from '../admin/api';
import { PersonSelect, useAreas, useList } from '../admin/shared';
import { isLeader } from '../tasks/helpers';

const DUTY_COLOR: Record<DutyKind, string> = { A: 'red', B: 'orange', patrol: 'blue', community: 'green' };

interface ShiftForm {
  personId: number;
  duty: DutyKind;
  /** The unit the person is on for the duty (their duty makes it available to dispatch). */
  unitId?: number | null;
  from: Dayjs;
  to: Dayjs;
}

export default function RosterPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const areas = useAreas();
  const stations = useMemo(() => areas.filter((a) => a.kind === 'station'), [areas]);
  const [stationId, setStationId] = useState<number | undefined>();
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(() => weekStart(dayjs()));
  const [rosters, setRosters] = useState<Roster[]>([]);
  const [leaves, setLeaves] = useState<Leave[]>([]);
  const [swapping, setSwapping] = useState<{ roster: Roster; shift: Roster['shifts'][number] } | null>(null);
  const [addingLeave, setAddingLeave] = useState(false);
  const [now, setNow] = useState<OnDuty | null>(null);
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState<{ day: string; roster: Roster | null } | null>(null);
  const canEdit = isLeader(user?.role);
  const units = useList(adminApi.units);
  const callsign = (id: number | null) => (id === null ? null : (units.rows.find((u) => u.id === id)?.callsign ?? null));

  useEffect(() => {
    if (stationId === undefined && stations.length) setStationId(stations[0]!.id);
  }, [stations, stationId]);
  useEffect(() => {
    if (stationId === undefined) return;
    const period = mode === 'week' ? weekDays(anchor) : monthDays(anchor);
    adminApi
      .rosters({ stationId, from: period[0]!, days: period.length })
      .then(setRosters)
      .catch((e: unknown) => void message.error(errorText(e, lang)));
    adminApi
      .leaves({ from: period[0]!, days: period.length })
      .then(setLeaves)
      .catch(() => setLeaves([]));
    adminApi.onDuty({ stationId }).then(setNow).catch(() => setNow(null));
  }, [stationId, anchor, mode, n, lang, message]);

  const days = mode === 'week' ? weekDays(anchor) : monthDays(anchor);
  const step = (k: 1 | -1) => setAnchor((a) => (mode === 'week' ? a.add(7 * k, 'day') : a.add(k, 'month').startOf('month')));
  const allShifts = rosters.flatMap((r) => r.shifts.map((s) => ({ ...s, roster: r })));
  const byDay = new Map(rosters.map((r) => [r.day, r]));
  const here = now?.stations.find((s) => s.stationId === stationId);

  return (
    <div className="jw-page" data-testid="roster-page">
      <div className="jw-page-head">
        <Typography.Title level={4} className="jw-page-title">
          {t('roster.title')}
        </Typography.Title>
        <Space wrap size={8}>
          <Select
            value={stationId}
            onChange={setStationId}
            style={{ width: phone ? '100%' : 200 }}
            placeholder={t('roster.station')}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="roster-station"
          />
          <Segmented
            value={mode}
            onChange={(v) => {
              const m = v as 'week' | 'month';
              setMode(m);
              setAnchor((a) => (m === 'week' ? weekStart(a) : a.startOf('month')));
            }}
            options={[
              { value: 'week', label: t('roster.byWeek') },
              { value: 'month', label: <span data-testid="roster-month">{t('roster.byMonth')}</span> },
            ]}
          />
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('roster.prev')} onClick={() => step(-1)} />
            <DatePicker picker={mode} allowClear={false} value={anchor} onChange={(d) => d && setAnchor(mode === 'week' ? weekStart(d) : d.startOf('month'))} />
            <Button icon={<RightOutlined />} aria-label={t('roster.next')} onClick={() => step(1)} />
          </Space.Compact>
        </Space>
      </div>
      <Card size="small" title={t('roster.onDutyNow')} style={{ marginBottom: 12 }} data-testid="roster-now">
        {here ? (
          <Space wrap>
            {here.leaderName && (
              <Tag color="purple">
                {t('roster.leader')} {here.leaderName}
              </Tag>
            )}
            {here.people.map((p) => (
              <Tag key={`${p.personId}-${p.duty}`} color={DUTY_COLOR[p.duty]}>
                {label(DUTY_KIND_LABELS, p.duty)} {p.personName}
                {callsign(p.unitId) ? ` (${callsign(p.unitId)})` : ''} · {t('roster.until', { t: dayjs(p.endsAt).format('MM-DD HH:mm') })}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('roster.nobodyNow')}</Typography.Text>
        )}
      </Card>
      <Table
        rowKey="day"
        size="small"
        pagination={false}
        dataSource={days.map((day) => ({ day, roster: byDay.get(day) ?? null }))}
        scroll={{ x: phone ? 640 : undefined }}
        data-testid="roster-table"
        columns={[
          {
            title: t('roster.day'),
            dataIndex: 'day',
            width: 110,
            render: (d: string) => (
              <span style={{ fontWeight: d === dayjs().format('YYYY-MM-DD') ? 600 : undefined }}>
                {dayjs(d).format('MM-DD')} {['日', '一', '二', '三', '四', '五', '六'][dayjs(d).day()]}
              </span>
            ),
          },
          { title: t('roster.leader'), key: 'leader', width: 110, render: (_, r) => r.roster?.leaderName ?? <Typography.Text type="secondary">{t('roster.none')}</Typography.Text> },
          ...DUTY_KINDS.map((k) => ({
            title: label(DUTY_KIND_LABELS, k),
            key: k,
            render: (_: unknown, r: { roster: Roster | null }) =>
              (r.roster?.shifts ?? [])
                .filter((s) => s.duty === k)
                .map((s) => (
                  <div key={s.id} data-testid={`roster-shift-${s.id}`}>
                    {s.personName}
                    {callsign(s.unitId) ? ` (${callsign(s.unitId)})` : ''}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(s.startsAt).format('HH:mm')}–{dayjs(s.endsAt).format('HH:mm')}
                    </Typography.Text>
                    {s.onLeave && (
                      <Tag color="red" style={{ marginLeft: 4 }}>
                        {t('roster.onLeave')}
                      </Tag>
                    )}
                    {canEdit && r.roster && Date.parse(s.startsAt) > Date.now() && (
                      <Button size="small" type="link" style={{ padding: '0 4px' }} onClick={() => setSwapping({ roster: r.roster!, shift: s })} data-testid={`roster-swap-${s.id}`}>
                        {t('roster.swap')}
                      </Button>
                    )}
                  </div>
                )),
          })),
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 70,
                  render: (_: unknown, r: { day: string; roster: Roster | null }) => (
                    <Button size="small" type="link" onClick={() => setEditing(r)} data-testid={`roster-edit-${r.day}`}>
                      {t('roster.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LeavesCard leaves={leaves} canEdit={canEdit} onAdd={() => setAddingLeave(true)} onChanged={() => setN((x) => x + 1)} />
      {swapping && (
        <SwapModal
          of={swapping}
          candidates={swapCandidates(allShifts, { ...swapping.shift, roster: swapping.roster }, Date.now())}
          onClose={() => setSwapping(null)}
          onSaved={() => setN((x) => x + 1)}
        />
      )}
      {addingLeave && <LeaveModal onClose={() => setAddingLeave(false)} onSaved={() => setN((x) => x + 1)} />}
      {editing && stationId !== undefined && (
        <DayDrawer stationId={stationId} day={editing.day} roster={editing.roster} onClose={() => setEditing(null)} onSaved={() => setN((x) => x + 1)} />
      )}
    </div>
  );
}

function DayDrawer({ stationId, day, roster, onClose, onSaved }: { stationId: number; day: string; roster: Roster | null; onClose: () => void; onSaved: () => void }) {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ leaderId: number | null; note: string; shifts: ShiftForm[] }>();
  const [busy, setBusy] = useState(false);
  const units = useList(adminApi.units);
  const start = dayjs(`${day}T08:00:00`);
  useEffect(() => {
    form.setFieldsValue({
      leaderId: roster?.leaderId ?? null,
      note: roster?.note ?? '',
      shifts: (roster?.shifts ?? []).map((s) => ({ personId: s.personId, duty: s.duty, unitId: s.unitId, from: dayjs(s.startsAt), to: dayjs(s.endsAt) })),
    });
  }, [form, roster]);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await adminApi.putRoster(stationId, day, {
        ...(roster ? { version: roster.version } : {}),
        leaderId: v.leaderId ?? null,
        note: v.note ?? '',
        shifts: (v.shifts ?? []).map((s) => ({ personId: s.personId, duty: s.duty, unitId: s.unitId ?? null, startsAt: s.from.toISOString(), endsAt: s.to.toISOString() })),
      });
      void message.success(t('admin.saved'));
      onSaved();
      onClose();
    } catch (e) {
      const fields = fieldProblems(e, lang);
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.path as never, errors: [f.message] })));
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      title={`${t('roster.title')} · ${day}`}
      width={phone ? '100%' : 560}
      onClose={onClose}
      destroyOnHidden
      data-testid="roster-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('admin.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="roster-save">
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="leaderId" label={t('roster.leader')}>
          <PersonSelect testId="roster-leader" />
        </Form.Item>
        <Form.List name="shifts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<Button size="small" type="link" danger onClick={() => remove(f.name)}>×</Button>}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'duty']} label={t('roster.duty')} rules={[{ required: true }]} style={{ width: 130, marginBottom: 0 }}>
                      <Select options={DUTY_KINDS.map((k) => ({ value: k, label: label(DUTY_KIND_LABELS, k) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'personId']} label={t('roster.person')} rules={[{ required: true }]} style={{ width: 180, marginBottom: 0 }}>
                      <PersonSelect testId={`roster-person-${f.name}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unitId']} label={t('roster.unit')} style={{ width: 150, marginBottom: 0 }}>
                      <Select
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        options={units.rows.map((u) => ({ value: u.id, label: u.callsign }))}
                        data-testid={`roster-unit-${f.name}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']} label={t('roster.from')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" data-testid={`roster-from-${f.name}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'to']} label={t('roster.to')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" data-testid={`roster-to-${f.name}`} />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Button block onClick={() => add({ duty: 'A', from: start, to: start.add(1, 'day') })} data-testid="roster-add-shift">
                {t('roster.addShift')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('roster.note')} style={{ marginTop: 16 }}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Leave in the period: who, what kind, from when to when, and how many of their duties need cover; leads cancel. */
function LeavesCard({ leaves, canEdit, onAdd, onChanged }: { leaves: Leave[]; canEdit: boolean; onAdd: () => void; onChanged: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const cancel = async (l: Leave) => {
    try {
      await adminApi.cancelLeave(l.id, l.version);
      onChanged();
    } catch (e) {
      void message.error(errorText(e, lang));
      onChanged();
    }
  };
  return (
    <Card
      size="small"
      title={t('roster.leaves')}
      style={{ marginTop: 12 }}
      data-testid="roster-leaves"
      extra={
        canEdit && (
          <Button size="small" onClick={onAdd} data-testid="roster-add-leave">
            {t('roster.addLeave')}
          </Button>
        )
      }
    >
      {leaves.length === 0 ? (
        <Typography.Text type="secondary">{t('roster.leaveNone')}</Typography.Text>
      ) : (
        leaves.map((l) => (
          <div key={l.id} style={{ padding: '4px 0' }} data-testid={`roster-leave-${l.id}`}>
            <Space wrap size={6}>
              <b>{l.personName}</b>
              <Tag>{label(LEAVE_KIND_LABELS, l.kind)}</Tag>
              <span>
                {dayjs(l.startsAt).format('MM-DD HH:mm')} – {dayjs(l.endsAt).format('MM-DD HH:mm')}
              </span>
              {l.cancelled ? (
                <Tag>{t('roster.leaveCancelled')}</Tag>
              ) : (
                l.conflicts.length > 0 && <Tag color="red">{t('roster.leaveConflicts', { n: l.conflicts.length })}</Tag>
              )}
              {l.note && <Typography.Text type="secondary">{l.note}</Typography.Text>}
              {canEdit && !l.cancelled && (
                <Button size="small" type="link" danger onClick={() => void cancel(l)}>
                  {t('roster.leaveCancel')}
                </Button>
              )}
            </Space>
          </div>
        ))
      )}
    </Card>
  );
}

type ShiftOf = Roster['shifts'][number] & { roster: Roster };

/** 换班: pick another person's duty not yet started in the period, give the reason; both rosters' versions are sent. */
function SwapModal({ of, candidates, onClose, onSaved }: { of: { roster: Roster; shift: Roster['shifts'][number] }; candidates: ShiftOf[]; onClose: () => void; onSaved: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [other, setOther] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const when = `${dayjs(of.shift.startsAt).format('MM-DD HH:mm')}–${dayjs(of.shift.endsAt).format('HH:mm')}`;
  const save = async () => {
    const b = candidates.find((c) => c.id === other);
    if (!b || !reason.trim()) return;
    setBusy(true);
    try {
      await adminApi.swapDuties({ aShiftId: of.shift.id, bShiftId: b.id, aVersion: of.roster.version, bVersion: b.roster.version, reason: reason.trim() });
      void message.success(t('roster.swapped'));
      onSaved();
      onClose();
    } catch (e) {
      void message.error(errorText(e, lang));
      onSaved();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('roster.swapTitle', { who: of.shift.personName, when })}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ disabled: other === undefined || !reason.trim(), loading: busy, 'data-testid': 'roster-swap-ok' } as never}
      destroyOnHidden
    >
      {candidates.length === 0 ? (
        <Typography.Text type="secondary">{t('roster.swapNone')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            placeholder={t('roster.swapWith')}
            value={other}
            onChange={setOther}
            data-testid="roster-swap-with"
            options={candidates.map((c) => ({
              value: c.id,
              label: `${c.personName} · ${label(DUTY_KIND_LABELS, c.duty)} · ${dayjs(c.startsAt).format('MM-DD HH:mm')}–${dayjs(c.endsAt).format('HH:mm')}`,
            }))}
          />
          <Input maxLength={200} placeholder={t('roster.swapReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="roster-swap-reason" />
        </Space>
      )}
    </Modal>
  );
}

/** 登记请假: a person in scope, the kind, from and to, a note; the answer names the duties left to cover. */
function LeaveModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ personId: number; kind: LeaveKind; span: [Dayjs, Dayjs]; note?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const l = await adminApi.createLeave({ personId: v.personId, kind: v.kind, startsAt: v.span[0].toISOString(), endsAt: v.span[1].toISOString(), ...(v.note ? { note: v.note } : {}) });
      void message.success(l.conflicts.length ? `${t('roster.leaveSaved')} · ${t('roster.leaveConflicts', { n: l.conflicts.length })}` : t('roster.leaveSaved'));
      onSaved();
      onClose();
    } catch (e) {
      const fields = fieldProblems(e, lang);
      if (fields.length) form.setFields(fields.map((f) => ({ name: (f.path[0] === 'startsAt' || f.path[0] === 'endsAt' ? ['span'] : f.path) as never, errors: [f.message] })));
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('roster.addLeave')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: busy, 'data-testid': 'roster-leave-ok' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'personal' }}>
        <Form.Item name="personId" label={t('roster.person')} rules={[{ required: true }]}>
          <PersonSelect testId="roster-leave-person" />
        </Form.Item>
        <Form.Item name="kind" label={t('roster.leaveKind')} rules={[{ required: true }]}>
          <Select options={LEAVE_KINDS.map((k) => ({ value: k, label: label(LEAVE_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="span" label={t('roster.leaveSpan')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('roster.leaveNote')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
