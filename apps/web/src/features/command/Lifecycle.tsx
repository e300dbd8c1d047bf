// After intake (issue 14, part 3): how a call ends (a disposition code to resolve, a reason to cancel, the
// receiving centre and its reference to transfer), remarks, and a change of grade; each is a timeline event.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import {
  CANCEL_REASONS,
  CANCEL_REASON_LABELS,
  DISPOSITIONS,
  DISPOSITION_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  type CancelReason,
  type Disposition,
  type Incident,
  type IncidentCategory,
  type Priority,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';

export type OutcomeAction = 'resolve' | 'cancel' | 'transfer';
export interface OutcomeValues {
  disposition?: Disposition;
  reason?: CancelReason;
  transfer?: { centre: string; reference: string };
  note?: string;
}

/** The form an ending needs; `onSubmit` does the transition (and reports its errors). */
export function OutcomeModal({ action, onCancel, onSubmit }: { action: OutcomeAction | null; onCancel: () => void; onSubmit: (a: OutcomeAction, v: OutcomeValues) => Promise<void> }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ disposition?: Disposition; reason?: CancelReason; centre?: string; reference?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (action) form.resetFields();
  }, [action, form]);
  const title = action === 'resolve' ? t('outcome.resolveTitle') : action === 'cancel' ? t('outcome.cancelTitle') : t('outcome.transferTitle');
  const required = [{ required: true, message: t('outcome.required') }];
  const requiredText = [{ required: true, whitespace: true, message: t('outcome.required') }];
  return (
    <Modal
      open={action !== null}
      title={title}
      onCancel={onCancel}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger: action === 'cancel', ...({ 'data-testid': 'outcome-ok' } as object) }}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        if (!action) return;
        setBusy(true);
        try {
          await onSubmit(action, {
            ...(v.disposition ? { disposition: v.disposition } : {}),
            ...(v.reason ? { reason: v.reason } : {}),
            ...(action === 'transfer' ? { transfer: { centre: v.centre!.trim(), reference: v.reference!.trim() } } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          });
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" data-testid="outcome-form" data-action={action ?? ''}>
        {action === 'resolve' && (
          <Form.Item name="disposition" label={t('outcome.disposition')} rules={required}>
            <Select
              placeholder={t('outcome.pick')}
              options={DISPOSITIONS.map((d) => ({ value: d, label: label(DISPOSITION_LABELS, d) }))}
              data-testid="outcome-disposition"
            />
          </Form.Item>
        )}
        {action === 'cancel' && (
          <Form.Item name="reason" label={t('outcome.reason')} rules={required}>
            <Select placeholder={t('outcome.pick')} options={CANCEL_REASONS.map((r) => ({ value: r, label: label(CANCEL_REASON_LABELS, r) }))} data-testid="outcome-reason" />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <>
            <Form.Item name="centre" label={t('outcome.centre')} rules={requiredText}>
              <Input maxLength={100} placeholder={t('outcome.centrePlaceholder')} data-testid="outcome-centre" />
            </Form.Item>
            <Form.Item name="reference" label={t('outcome.reference')} rules={requiredText}>
              <Input maxLength={64} data-testid="outcome-reference" />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('outcome.note')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="outcome-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A remark on the timeline (备注), at any status. */
export function RemarkBox({ incident, onDone, onError }: { incident: Incident; onDone: (i: Incident) => void; onError: (e: unknown) => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      const res = await api.remark(incident.id, incident.version, text.trim());
      setText('');
      message.success(t('inc.remarkDone'));
      onDone(res);
    } catch (e) {
      await onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact className="jw-remark" style={{ width: '100%' }}>
      <Input
        size="small"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => void submit()}
        maxLength={2000}
        placeholder={t('inc.remarkPlaceholder')}
        data-testid="remark-text"
      />
      <Button size="small" icon={<MessageOutlined />} loading={busy} disabled={!text.trim()} onClick={() => void submit()} data-testid="remark-add">
        {t('inc.addRemark')}
      </Button>
    </Space.Compact>
  );
}

/** A new category and/or priority while the call is worked, with the reason. */
export function RegradeModal({ incident, open, onClose, onDone, onError }: { incident: Incident; open: boolean; onClose: () => void; onDone: (i: Incident) => void; onError: (e: unknown) => Promise<void> }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ category: IncidentCategory; priority: Priority; reason: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue({ category: incident.category, priority: incident.priority, reason: '' });
  }, [open, incident.category, incident.priority, form]);
  return (
    <Modal
      open={open}
      title={t('inc.regrade')}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'regrade-ok' } as object) }}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        try {
          const res = await api.regrade(incident.id, {
            version: incident.version,
            ...(v.category !== incident.category ? { category: v.category } : {}),
            ...(v.priority !== incident.priority ? { priority: v.priority } : {}),
            reason: v.reason.trim(),
          });
          message.success(t('inc.regradeDone'));
          onDone(res);
        } catch (e) {
          await onError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" data-testid="regrade-form">
        <Form.Item name="category" label={t('inc.category')}>
          <Select options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))} />
        </Form.Item>
        <Form.Item name="priority" label={t('intake.priority')}>
          <Select options={PRIORITIES.map((p) => ({ value: p, label: label(PRIORITY_LABELS, p) }))} data-testid="regrade-priority" />
        </Form.Item>
        <Form.Item name="reason" label={t('inc.regradeReason')} rules={[{ required: true, whitespace: true, message: t('outcome.required') }]}>
          <Input maxLength={500} data-testid="regrade-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
