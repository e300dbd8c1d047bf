// Small pieces shared by the sender's page and the officer's block: the tags of an instruction, its photos, and a
// photo picker (downscaled on the phone before it is sent, as the field view does).
import { Space, Tag, Typography } from 'antd';
import { RECEIPT_STATUS_LABELS, type Receipt } from '@jingwang/contracts';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { PhotoPicker as SharedPhotoPicker } from '../../components/PhotoPicker';
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

/** Up to `max` photos as JPEG data URLs (the shared picker with the instructions' text). */
export function PhotoPicker({ value, onChange, max = 3 }: { value: string[]; onChange: (v: string[]) => void; max?: number }) {
  const { t } = useI18n();
  return <SharedPhotoPicker value={value} onChange={onChange} max={max} addText={t('ins.addPhoto')} testId="ins" />;
}

export function LinkText({ link }: { link: { type: 'incident' | 'task' | 'task_assignment'; id: number } | null }) {
  const { t } = useI18n();
  if (!link) return null;
  const text = `${t(`ins.link.${link.type}`)} #${link.id}`;
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}
