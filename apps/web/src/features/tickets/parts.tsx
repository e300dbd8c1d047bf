// Small parts of the tickets screens: status and supervision tags, the due-time cell, the photo picker and strip.
import { Image, Space, Tag, Typography } from 'antd';
import { TICKET_STATUS_LABELS, type Ticket } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { PhotoPicker as SharedPhotoPicker } from '../../components/PhotoPicker';
import { ticketsApi } from './api';
import { dueText } from './helpers';

const STATUS_COLOR: Record<Ticket['status'], string> = {
  created: 'default',
  sent: 'orange',
  received: 'blue',
  in_progress: 'processing',
  resolved: 'cyan',
  verified: 'green',
  closed: 'success',
  returned: 'magenta',
};

export function StatusTag({ t }: { t: Ticket }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLOR[t.status]} data-testid="ticket-status" data-status={t.status} style={{ marginInlineEnd: 0 }}>
      {label(TICKET_STATUS_LABELS, t.status)}
    </Tag>
  );
}

export function SupervisionTag({ t }: { t: Ticket }) {
  const { t: tr } = useI18n();
  if (t.supervision === 'none') return null;
  const color = t.supervision === 'red' ? 'red' : t.supervision === 'yellow' ? 'gold' : 'volcano';
  return <Tag color={color}>{tr(`tickets.supervision.${t.supervision}`)}</Tag>;
}

export function DueCell({ t, now }: { t: Ticket; now: number }) {
  const { t: tr, lang } = useI18n();
  const open = t.status === 'sent' || t.status === 'received' || t.status === 'in_progress';
  // waiting to be received: the 1-hour limit to receive is the one that runs, not the days to resolve
  const r = t.status === 'sent' && t.receivedAt === null ? dueText(t.receiveDueAt, now, lang) : null;
  if (r) return <Typography.Text type={r.overdue ? 'danger' : undefined} data-testid="ticket-receive-due">{r.overdue ? tr('tickets.receiveOverdueBy', { t: r.text }) : tr('tickets.receiveLeft', { t: r.text })}</Typography.Text>;
  const d = dueText(t.dueAt, now, lang);
  if (!d || !open) return <Typography.Text type="secondary">{t.dueAt ? new Date(t.dueAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—'}</Typography.Text>;
  return <Typography.Text type={d.overdue ? 'danger' : undefined}>{d.overdue ? tr('tickets.overdueBy', { t: d.text }) : tr('tickets.left', { t: d.text })}</Typography.Text>;
}

export function PhotoStrip({ ids }: { ids: readonly number[] }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6}>
        {ids.map((id) => (
          <Image key={id} src={ticketsApi.photoUrl(id)} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** The shared picker with the tickets' text and test ids. */
export function PhotoPicker(props: { value: string[]; onChange: (v: string[]) => void; max?: number }) {
  const { t } = useI18n();
  return <SharedPhotoPicker {...props} addText={t('tickets.addPhoto')} testId="ticket" />;
}
