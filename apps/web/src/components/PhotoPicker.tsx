// The one photo picker (tickets, instructions, a dispute's agreement photo, joint-patrol records): the phone's camera
// or a picture, downscaled to a JPEG data URL before it is sent (as the field view does), up to `max` photos, each
// removable. The data-testids are `${testId}-photo-add` and `${testId}-photo-input`.
import { useRef, useState } from 'react';
import { Button, Space } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useI18n } from '../app/i18n';
import { downscalePhoto } from '../features/field/photo';

interface Props {
  value: string[];
  onChange: (v: string[]) => void;
  max?: number;
  /** The button's text (default 拍照 / 选图). */
  addText?: string;
  testId?: string;
}

export function PhotoPicker({ value, onChange, max = 4, addText, testId = 'photo' }: Props) {
  const { lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space wrap size={6}>
      {value.map((src, i) => (
        <span key={i} style={{ position: 'relative', display: 'inline-block' }}>
          <img src={src} alt="" width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} />
          <Button size="small" shape="circle" icon={<CloseOutlined />} aria-label={lang === 'zh' ? '删除照片' : 'Remove photo'} style={{ position: 'absolute', top: -6, right: -6 }} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </span>
      ))}
      {value.length < max && (
        <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid={`${testId}-photo-add`}>
          {addText ?? (lang === 'zh' ? '拍照 / 选图' : 'Take / pick a photo')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        style={{ display: 'none' }}
        data-testid={`${testId}-photo-input`}
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
