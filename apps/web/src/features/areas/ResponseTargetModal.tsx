// 响应时限: set or clear an area's response target (60-3600 s) with the version read. The 1/3/5-minute choices are
// one click; any other value in seconds. A change applies to calls reported from then on.
import { useEffect, useState } from 'react';
import { Alert, App, Button, InputNumber, Modal, Segmented, Space, Typography } from 'antd';
import type { Area } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { TARGET_MAX_S, TARGET_MIN_S } from './target';

const QUICK = [60, 180, 300] as const;

export function ResponseTargetModal({ area, onClose, onSaved }: { area: Area | null; onClose: () => void; onSaved: (a: Area) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [seconds, setSeconds] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    setSeconds(area?.responseTargetS ?? 300);
    setErr(null);
  }, [area]);
  if (!area) return null;

  const fmt = (s: number) => (s % 60 === 0 ? t('areas.targetValue', { min: s / 60, s }) : t('areas.targetSeconds', { s }));
  const save = async (targetS: number | null) => {
    setBusy(true);
    setErr(null);
    try {
      const a = await api.setAreaResponseTarget(area.id, { version: area.version, targetS });
      message.success(targetS === null ? t('areas.targetCleared', { name: area.name }) : t('areas.targetSaved', { name: area.name, value: fmt(targetS) }));
      onSaved(a);
    } catch (e) {
      setErr(errorText(e, lang));
      if (e instanceof ApiError && e.code === 'STALE_VERSION') message.warning(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const valid = seconds !== null && Number.isInteger(seconds) && seconds >= TARGET_MIN_S && seconds <= TARGET_MAX_S;
  const quick = QUICK.find((q) => q === seconds);

  return (
    <Modal
      open
      title={t('areas.targetTitle', { name: area.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space wrap>
          {area.responseTargetS !== null && (
            <Button danger onClick={() => void save(null)} disabled={busy} data-testid="target-clear">
              {t('areas.targetClear')}
            </Button>
          )}
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={busy} disabled={!valid} onClick={() => seconds !== null && void save(seconds)} data-testid="target-save">
            {t('common.submit')}
          </Button>
        </Space>
      }
      data-testid="target-modal"
    >
      <Typography.Paragraph type="secondary">{t('areas.targetHelp')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<number | 'custom'>
          block
          value={quick ?? 'custom'}
          onChange={(v) => v !== 'custom' && setSeconds(v)}
          options={[...QUICK.map((q) => ({ value: q, label: t('areas.targetMinutes', { min: q / 60 }) })), { value: 'custom' as const, label: t('areas.targetCustom') }]}
        />
        <Space>
          <Typography.Text>{t('areas.targetSecondsLabel')}</Typography.Text>
          <InputNumber<number> min={TARGET_MIN_S} max={TARGET_MAX_S} step={30} precision={0} value={seconds} onChange={(v) => setSeconds(v)} data-testid="target-seconds" />
        </Space>
        {err && <Alert type="error" showIcon title={err} />}
      </Space>
    </Modal>
  );
}
