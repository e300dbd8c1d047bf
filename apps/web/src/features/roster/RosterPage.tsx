// 值班表 (issue 12 part 3): a station's week, day by day: the duty leader (值班领导), the A and B posts of the 24-hour
// duty, patrol shifts and community days; who is on duty now. Leads edit a day in a drawer (saved whole, versioned).
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { weekDays, weekStart } from './week';
import { DUTY_KINDS, DUTY_KIND_LABELS, type DutyKind, type OnDuty, type Roster } from '@jingwang/contracts';
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
  const [week, setWeek] = useState(() => weekStart(dayjs()));
  const [rosters, setRosters] = useState<Roster[]>([]);
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
    adminApi
      .rosters({ stationId, from: week.format('YYYY-MM-DD'), days: 7 })
      .then(setRosters)
      .catch((e: unknown) => void message.error(errorText(e, lang)));
    adminApi.onDuty({ stationId }).then(setNow).catch(() => setNow(null));
  }, [stationId, week, n, lang, message]);

  const days = weekDays(week);
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
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('roster.prevWeek')} onClick={() => setWeek((w) => w.subtract(7, 'day'))} />
            <DatePicker picker="week" allowClear={false} value={week} onChange={(d) => d && setWeek(weekStart(d))} />
            <Button icon={<RightOutlined />} aria-label={t('roster.nextWeek')} onClick={() => setWeek((w) => w.add(7, 'day'))} />
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
            title: t('roster.week'),
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
                  <div key={s.id}>
                    {s.personName}
                    {callsign(s.unitId) ? ` (${callsign(s.unitId)})` : ''}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(s.startsAt).format('HH:mm')}–{dayjs(s.endsAt).format('HH:mm')}
                    </Typography.Text>
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
