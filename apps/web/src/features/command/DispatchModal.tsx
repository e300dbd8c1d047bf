import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Input, Modal, Switch, Table, Typography } from 'antd';
import { UNIT_TYPE_LABELS, type Incident, type IncidentDetail, type Unit } from '@jingwang/contracts';
import { encodeBasis } from '@jingwang/core/incident';
import { useI18n } from '../../app/i18n';
import { useLive, useLiveStore } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { rankUnitsForDispatch, type RankedUnit } from '../../lib/units';
import { formatDistance } from '../../lib/geo';
import { UnitStatusTag } from '../../app/tags';
import { askStale, isStale } from './staleDispatch';
import { holdOrder } from './holdOrder';

interface Props {
  incident: IncidentDetail;
  open: boolean;
  onClose: () => void;
  onDone: (i: Incident | null) => void;
  /** the incident changed under us (409 STALE_VERSION): the parent reloads it */
  onStale: () => void;
}

/** What the dispatcher is looking at: the call as it was when the list was opened (or last refreshed). */
const basisOf = (i: IncidentDetail) => ({ version: i.version, eventId: i.events.reduce((m, e) => Math.max(m, e.id), 0) });

export function DispatchModal({ incident, open, onClose, onDone, onStale }: Props) {
  const { t, label, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { units } = useLive();
  const store = useLiveStore();
  const [showAll, setShowAll] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // the basis of the list (safe dispatch): taken when the modal opens, renewed by "refresh" after a warning
  const [basis, setBasis] = useState(() => basisOf(incident));
  const latest = useRef(incident);
  latest.current = incident;
  useEffect(() => {
    if (open) setBasis(basisOf(latest.current));
  }, [open]);
  // the version of each unit when the dispatcher picked it
  const pickedVersion = useRef<number | null>(null);
  // rows hold still while the pointer is on the list
  const [held, setHeld] = useState<number[] | null>(null);

  const assigned = useMemo(() => new Set(incident.assignments.filter((a) => !a.releasedAt).map((a) => a.unitId)), [incident.assignments]);
  const liveRows = useMemo(
    () => rankUnitsForDispatch(units.values(), incident.lon, incident.lat, { includeBusy: showAll }).filter((r) => !assigned.has(r.unit.id)),
    [units, incident.lon, incident.lat, showAll, assigned],
  );
  const allRows = useMemo(() => new Map(rankUnitsForDispatch(units.values(), incident.lon, incident.lat, { includeBusy: true }).map((r) => [r.unit.id, r])), [units, incident.lon, incident.lat]);
  const rows = useMemo(() => holdOrder(liveRows, (r) => r.unit.id, held, (id) => allRows.get(id)), [liveRows, held, allRows]);
  const sel = selected != null ? units.get(selected) : undefined;
  const pick = (id: number) => {
    setSelected(id);
    pickedVersion.current = units.get(id)?.version ?? null;
  };

  const submit = async (confirm = false) => {
    if (!sel) return;
    setBusy(true);
    const token = encodeBasis({ incidentId: incident.id, incidentVersion: basis.version, eventId: basis.eventId, units: pickedVersion.current != null ? [[sel.id, pickedVersion.current]] : [] });
    try {
      const res = await api.dispatch(incident.id, sel.id, basis.version, note.trim() || undefined, { token, ...(confirm ? { confirm: true } : {}) });
      message.success(t('dispatch.success', { callsign: sel.callsign }));
      setSelected(null);
      setNote('');
      onDone(res && typeof res === 'object' && 'version' in res ? res : null);
    } catch (e) {
      if (isStale(e)) {
        setBusy(false);
        if (await askStale(modal, t, label, e.details, sel.callsign)) return submit(true);
        // refresh: the list as it is now becomes the basis; the dispatcher chooses again
        setBasis(basisOf(latest.current));
        setSelected(null);
        setHeld(null);
        void store.refreshUnits().catch(() => undefined);
        return;
      }
      if (e instanceof ApiError && e.code === 'UNIT_NOT_AVAILABLE') {
        message.warning(t('dispatch.unitTaken', { callsign: sel.callsign }));
        setSelected(null);
        void store.refreshUnits().catch(() => undefined);
      } else if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('inc.staleReloaded'));
        onStale();
      } else {
        message.error(errorText(e, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={`${t('dispatch.title')} · ${incident.number}`}
      okText={t('dispatch.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !sel || sel.status !== 'available', loading: busy, ...({ 'data-testid': 'dispatch-confirm' } as object) }}
      onOk={() => submit()}
      width={720}
      destroyOnHidden
      className="jw-dispatch"
    >
      <div className="jw-dispatch-bar">
        <Typography.Text type="secondary">{t('dispatch.hint')}</Typography.Text>
        <span>
          <Switch size="small" checked={showAll} onChange={setShowAll} /> {t('dispatch.showBusy')}
        </span>
      </div>
      <div onMouseEnter={() => setHeld(rows.map((r) => r.unit.id))} onMouseLeave={() => setHeld(null)} data-testid="dispatch-list" data-held={held ? '1' : '0'}>
      <Table<RankedUnit>
        size="small"
        rowKey={(r) => r.unit.id}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 360, x: 560 }}
        locale={{ emptyText: t('dispatch.none') }}
        data-testid="dispatch-units"
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selected != null ? [selected] : [],
          onChange: (keys) => pick(Number(keys[0])),
          getCheckboxProps: (r) => ({ disabled: r.unit.status !== 'available' }),
        }}
        onRow={(r) => ({
          onClick: () => r.unit.status === 'available' && pick(r.unit.id),
          'data-testid': `dispatch-unit-${r.unit.id}`,
          'data-callsign': r.unit.callsign,
          'data-status': r.unit.status,
          style: { cursor: r.unit.status === 'available' ? 'pointer' : 'not-allowed' },
        } as React.HTMLAttributes<HTMLTableRowElement>)}
        columns={[
          { title: t('dispatch.callsign'), dataIndex: ['unit', 'callsign'], width: 120, render: (v: string) => <b>{v}</b> },
          { title: t('dispatch.type'), dataIndex: ['unit', 'type'], width: 110, render: (v: Unit['type']) => label(UNIT_TYPE_LABELS, v) },
          {
            title: t('dispatch.distance'),
            dataIndex: 'distance',
            width: 100,
            align: 'right',
            render: (d: number) => <span className="jw-num">{formatDistance(d)}</span>,
          },
          { title: t('dispatch.status'), width: 150, render: (_: unknown, r: RankedUnit) => <UnitStatusTag status={r.unit.status} stale={r.unit.stale} /> },
          { title: t('dispatch.team'), dataIndex: ['unit', 'teamName'], ellipsis: true, render: (v: string | null) => v ?? '—' },
        ]}
      />
      </div>
      <Input.TextArea
        style={{ marginTop: 8 }}
        placeholder={t('inc.notePlaceholder')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 3 }}
        maxLength={2000}
      />
    </Modal>
  );
}
