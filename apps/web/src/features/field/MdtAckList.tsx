// The command room's view of the phones on an incident: per unit, who the dispatch went to and who acknowledged it
// (or 未确认, and when the SMS fallback went out). Reloads on incident messages (an acknowledgement publishes its
// incident, with the same version: the live store counts every message in incidentTick), 300 ms after a message and
// never cutting off a load in flight (lib/reload.ts: on a busy screen it would never finish).
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { MdtAckState } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useLive } from '../../app/live';
import { useTickReload } from '../../lib/useTickReload';
import { mdtApi } from './mdt';
import './mdt.css';

export function MdtAckList({ incidentId }: { incidentId: number }) {
  const { t } = useI18n();
  const { incidentTick } = useLive();
  const acks: readonly MdtAckState[] = useTickReload(incidentId, mdtApi.incidentAcks, incidentTick) ?? [];
  const shown = acks.filter((a) => a.active || a.ackedAt);
  if (shown.length === 0) return null;
  const time = (s: string) => dayjs(s).format('HH:mm:ss');
  return (
    <div className="jw-mdt-acks" data-testid="mdt-acks">
      <span>{t('mdt.acksTitle')}：</span>
      {shown.map((a) => (
        <Tag key={a.assignmentId} color={a.ackedAt ? 'green' : 'red'} data-testid="mdt-ack-state" data-acked={a.ackedAt ? 'yes' : 'no'} title={a.recipients.length ? t('mdt.sentTo', { names: a.recipients.map((r) => r.name).join('、') }) : t('mdt.nobody')}>
          {a.callsign} · {a.ackedAt && a.ackedBy ? t('mdt.ackedShort', { name: a.ackedBy.name, time: time(a.ackedAt) }) : a.recipients.length ? t('mdt.notAcked') : t('mdt.nobody')}
          {!a.ackedAt && a.fallbackAt && ` · ${t('mdt.sms', { time: time(a.fallbackAt) })}`}
        </Tag>
      ))}
    </div>
  );
}
