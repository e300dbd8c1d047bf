// Small pieces shared by the sender's page and the officer's block: the tags of an instruction, its photos, and a
// photo picker (downscaled on the phone before it is sent, as the field view does).
import { useRef, useState } from 'react';
import { Button, Space, Tag, Typography } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { RECEIPT_STATUS_LABELS, type Receipt } from '@jingwang/contracts';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { downscalePhoto } from '../field/photo';
import { instructionsApi } from './api';

const RECEIPT_COLOR: Record<Receipt['status'], string> = { delivered: 'default', read: 'blue', feedback: 'gold', done: 'green' };

export function ReceiptTag({ status }: { status: Receipt['status'] }) {
  const { label } = useI18n();
  return (
    <Tag color={RECEIPT_COLOR[status]} data-testid={`receipt-${status}`}>
      {label(RECEIPT_STATUS_LABELS, status)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: 'normal' | 'urgent' }) {
  const { lang } = useI18n();
  return priority === 'urgent' ? <Tag color="red">{lang === 'zh' ? '紧急' : 'Urgent'}</Tag> : null;
}

export const timeText = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '');

export function Photos({ ids }: { ids: readonly number[] }) {
  if (ids.length === 0) return null;
  return (
    <Space wrap size={6} className="jw-ins-photos">
      {ids.map((id) => (
        <a key={id} href={instructionsApi.photoUrl(id)} target="_blank" rel="noopener">
          <img src={instructionsApi.photoUrl(id)} alt="" width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} />
        </a>
      ))}
    </Space>
  );
}

/** Up to `max` photos as JPEG data URLs. */
export function PhotoPicker({ value, onChange, max = 3 }: { value: string[]; onChange: (v: string[]) => void; max?: number }) {
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
        <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {t('ins.addPhoto')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        style={{ display: 'none' }}
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

export function LinkText({ link }: { link: { type: 'incident' | 'task' | 'task_assignment'; id: number } | null }) {
  const { t } = useI18n();
  if (!link) return null;
  const text = `${t(`ins.link.${link.type}`)} #${link.id}`;
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}
