// Small parts of the tickets screens: status and supervision tags, the due-time cell, the photo picker and strip.
import { useRef, useState } from 'react';
import { Button, Image, Space, Tag, Typography } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { TICKET_STATUS_LABELS, type Ticket } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { downscalePhoto } from '../field/photo';
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

export function PhotoPicker({ value, onChange, max = 4 }: { value: string[]; onChange: (v: string[]) => void; max?: number }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space wrap size={6}>
      {value.map((src, i) => (
        <span key={i} style={{ position: 'relative', display: 'inline-block' }}>
          <img src={src} alt="" width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} />
          <Button size="small" shape="circle" icon={<CloseOutlined />} style={{ position: 'absolute', top: -6, right: -6 }} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </span>
      ))}
      {value.length < max && (
        <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="ticket-photo-add">
          {t('tickets.addPhoto')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid="ticket-photo-input"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          setBusy(true);
          try {
            onChange([...value, await downscalePhoto(f)].slice(0, max));
          } catch {
            /* an unreadable picture is simply not added */
          } finally {
            setBusy(false);
          }
        }}
      />
    </Space>
  );
}
