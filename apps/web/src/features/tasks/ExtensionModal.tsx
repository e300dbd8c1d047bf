// Asking for more time on a task (申请延期): a later due time and a reason; a leader approves or rejects it.
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import type { TaskInstance } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { defaultExtensionUntil, dueClock } from './helpers';

export function ExtensionModal({ task, onClose, onDone }: { task: TaskInstance | null; onClose: () => void; onDone: (t: TaskInstance) => void }) {
  const { t, lang } = useI18n();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    if (task) setUntil(defaultExtensionUntil(task.dueAt, Date.now()));
    setReason('');
    setErr(null);
  }, [task]);
  const submit = async () => {
    if (!task || !reason.trim() || !until) return;
    setBusy(true);
    setErr(null);
    try {
      const d = await tasksApi.requestExtension(task.id, { version: task.version, until: new Date(until).toISOString(), reason: reason.trim() });
      onDone(d.task);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!task}
      title={t('task.extendTitle', { name: task?.template.name ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('task.extendSend')}
      okButtonProps={{ loading: busy, disabled: !reason.trim() || !until, 'data-testid': 'extend-submit' } as never}
      destroyOnHidden
    >
      {task && (
        <Form layout="vertical">
          <div className="jw-muted" style={{ marginBottom: 8 }}>
            {t('task.dueAt', { at: dueClock(task.dueAt, Date.now(), lang) })}
          </div>
          {err !== null && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errorText(err, lang)} />}
          <Form.Item label={t('task.extendUntil')} required>
            <Input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="extend-until" />
          </Form.Item>
          <Form.Item label={t('task.extendReason')} required>
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="extend-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
