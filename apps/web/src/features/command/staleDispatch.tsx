// Safe dispatch in the web (issue 14, part 2): a dispatch sent with the basis token of the list it was chosen from
// may come back 409 RECOMMENDATION_STALE (another dispatcher sent a unit, the unit was taken). The dispatcher sees
// what changed and either confirms (the same dispatch with confirm: true) or refreshes the list.
import type { ReactNode } from 'react';
import type { App } from 'antd';
import dayjs from 'dayjs';
import { INCIDENT_ACTION_LABELS, INCIDENT_STATUS_LABELS, UNIT_STATUS_LABELS, type IncidentAction, type IncidentStatus, type UnitStatus } from '@jingwang/contracts';
import { ApiError } from '../../api/errors';
import type { DictKey } from '../../app/dict';
import type { I18n } from '../../app/i18n';

type Modal = ReturnType<typeof App.useApp>['modal'];
type T = I18n['t'];
type Label = I18n['label'];

export interface StaleDetails {
  incident: {
    number: string;
    fromVersion: number;
    version: number;
    status: IncidentStatus;
    changes: { type: string; at: string; by: string; unitId: number | null; callsign: string | null; toStatus: IncidentStatus | null; note: string | null }[];
  } | null;
  unit: { unitId: number; callsign: string; status: UnitStatus; incidentId: number | null } | null;
}

export const isStale = (e: unknown): e is ApiError & { details: StaleDetails } => e instanceof ApiError && e.code === 'RECOMMENDATION_STALE';

/** One line per change, oldest first, then the unit's new state. */
export function staleLines(d: StaleDetails, t: T, label: Label): string[] {
  const lines: string[] = [];
  for (const c of d.incident?.changes ?? []) {
    const time = dayjs(c.at).format('HH:mm:ss');
    if (c.callsign) lines.push(`${time} ${t('stale.sent', { by: c.by, callsign: c.callsign })}`);
    else {
      const known = `inc.event.${c.type}` as DictKey;
      const what =
        t(known) !== known ? t(known) : c.type in INCIDENT_ACTION_LABELS ? label(INCIDENT_ACTION_LABELS, c.type as IncidentAction) : c.toStatus ? label(INCIDENT_STATUS_LABELS, c.toStatus) : c.type;
      lines.push(`${time} ${t('stale.event', { by: c.by, what })}`);
    }
  }
  if (d.unit) lines.push(t('stale.unit', { callsign: d.unit.callsign, status: label(UNIT_STATUS_LABELS, d.unit.status) }));
  return lines;
}

/** Asks once: resolves true to send anyway, false to refresh instead. */
export function askStale(modal: Modal, t: T, label: Label, details: StaleDetails, callsign: string): Promise<boolean> {
  const lines = staleLines(details, t, label);
  const content: ReactNode = (
    <div data-testid="stale-dispatch">
      <div>{t('stale.intro')}</div>
      <ul className="jw-stale-list">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
      <b>{t('stale.question', { callsign })}</b>
    </div>
  );
  return new Promise((resolve) => {
    modal.confirm({
      title: t('stale.title'),
      content,
      okText: t('stale.confirm'),
      cancelText: t('stale.refresh'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'stale-confirm' } as object) },
      cancelButtonProps: { ...({ 'data-testid': 'stale-refresh' } as object) },
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}
