import { useMemo, useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PERSON_ROLE_LABELS, UNIT_STATUSES, UNIT_STATUS_LABELS, UNIT_TYPES, UNIT_TYPE_LABELS, type Unit, type UnitStatus, type UnitType } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone, useLive, useLiveStore, useNow } from '../../app/live';
import { UnitStatusTag } from '../../app/tags';
import { ageMinutes } from '../../lib/queue';

const STATUS_ORDER: Record<UnitStatus, number> = { available: 0, dispatched: 1, en_route: 2, on_scene: 3, busy: 4, meal_break: 5, off_duty: 6, out_of_service: 7 };

export default function UnitsPage() {
  const { t, label } = useI18n();
  const { units, incidents, syncedAt } = useLive();
  const store = useLiveStore();
  const phone = useIsPhone();
  const now = useNow(30000);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<UnitStatus | undefined>();
  const [type, setType] = useState<UnitType | undefined>();

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return [...units.values()]
      .filter((u) => !status || u.status === status)
      .filter((u) => !type || u.type === type)
      .filter(
        (u) =>
          !needle ||
          u.callsign.toLowerCase().includes(needle) ||
          (u.teamName ?? '').toLowerCase().includes(needle) ||
          u.members.some((m) => m.name.toLowerCase().includes(needle)),
      )
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.callsign.localeCompare(b.callsign, 'zh-CN', { numeric: true }));
  }, [units, q, status, type]);

  return (
    <div className="jw-page" data-testid="units-page">
      <div className="jw-page-head">
        <Typography.Title level={4} className="jw-page-title">
          {t('units.title')}
        </Typography.Title>
        <Space wrap size={8}>
          <Input.Search allowClear placeholder={t('units.searchPlaceholder')} onSearch={setQ} onChange={(e) => setQ(e.target.value)} style={{ width: phone ? '100%' : 240 }} />
          <Select
            allowClear
            placeholder={t('units.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={UNIT_STATUSES.map((s) => ({ value: s, label: label(UNIT_STATUS_LABELS, s) }))}
          />
          <Select
            allowClear
            placeholder={t('units.type')}
            value={type}
            onChange={setType}
            style={{ width: 140 }}
            options={UNIT_TYPES.map((s) => ({ value: s, label: label(UNIT_TYPE_LABELS, s) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void store.resync()}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      {phone ? (
        <div className="jw-mlist" data-testid="units-list">
          {rows.map((u) => (
            <div key={u.id} className="jw-mcard">
              <div className="jw-mcard-row">
                <b className="jw-mcard-title">{u.callsign}</b>
                <UnitStatusTag status={u.status} stale={u.stale} />
                <span className="jw-mcard-right">{label(UNIT_TYPE_LABELS, u.type)} · {t('units.echelonN', { n: u.echelon })}</span>
              </div>
              <div className="jw-mcard-sub">
                {[u.teamName, u.homeAreaName].filter(Boolean).join(' · ') || '—'}
              </div>
              <div className="jw-mcard-sub">
                {u.positionAt ? `${t('units.position')} ${dayjs(u.positionAt).format('HH:mm:ss')}` : t('units.noPosition')}
                {u.members.length > 0 && ` · ${u.members.map((m) => m.name).join('、')}`}
              </div>
            </div>
          ))}
        </div>
      ) : (
      <Table<Unit>
        size="small"
        rowKey="id"
        dataSource={rows}
        loading={syncedAt == null}
        scroll={{ x: 1350 }}
        pagination={{ pageSize: 50, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('units.callsign'), dataIndex: 'callsign', width: 120, fixed: 'left', render: (v: string) => <b>{v}</b>, sorter: (a, b) => a.callsign.localeCompare(b.callsign, 'zh-CN', { numeric: true }) },
          { title: t('units.type'), dataIndex: 'type', width: 110, render: (v: UnitType) => label(UNIT_TYPE_LABELS, v) },
          { title: t('units.echelon'), dataIndex: 'echelon', width: 90, render: (n: number) => t('units.echelonN', { n }), sorter: (a, b) => a.echelon - b.echelon },
          {
            title: t('units.status'),
            dataIndex: 'status',
            width: 150,
            render: (_: unknown, u) => <UnitStatusTag status={u.status} stale={u.stale} />,
            sorter: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
          },
          { title: t('units.team'), dataIndex: 'teamName', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('units.homeArea'), dataIndex: 'homeAreaName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            title: t('units.position'),
            dataIndex: 'positionAt',
            width: 170,
            render: (v: string | null, u) =>
              v ? (
                <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>
                  <span className={u.stale ? 'jw-stale' : ''}>
                    {dayjs(v).format('HH:mm:ss')} <Typography.Text type="secondary">({ageMinutes(v, now) < 1 ? t('common.justNow') : t('common.minutesAgo', { n: ageMinutes(v, now) })})</Typography.Text>
                  </span>
                </Tooltip>
              ) : (
                <Typography.Text type="secondary">{t('units.noPosition')}</Typography.Text>
              ),
          },
          {
            title: t('units.incident'),
            dataIndex: 'incidentId',
            width: 150,
            render: (id: number | null) => (id != null ? <span className="jw-num">{incidents.get(id)?.number ?? `#${id}`}</span> : '—'),
          },
          {
            title: t('units.members'),
            dataIndex: 'members',
            width: 240,
            render: (m: Unit['members']) =>
              m.length ? (
                <span className="jw-members">
                  {m.map((p) => (
                    <Tooltip key={p.id} title={label(PERSON_ROLE_LABELS, p.role)}>
                      <Tag className="jw-tag" color={p.role === 'police' ? 'blue' : undefined}>
                        {p.name}
                      </Tag>
                    </Tooltip>
                  ))}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />
      )}
    </div>
  );
}
