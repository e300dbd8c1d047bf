import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { accountApi } from './api';
import { useAccountText } from './texts';

/** Old + new password (twice); the server checks the strength rules and ends the other sessions. */
export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { lang } = useI18n();
  const a = useAccountText();
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; repeat: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { oldPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await accountApi.changePassword(v.oldPassword, v.newPassword);
      form.resetFields();
      onDone();
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="change-password-form">
      <Alert type="info" showIcon title={a('rules')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="change-password-error" />}
      <Form.Item name="oldPassword" label={a('oldPassword')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" data-testid="old-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={a('newPassword')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={a('repeatPassword')}
        dependencies={['newPassword']}
        rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(a('mismatch')))) })]}
      >
        <Input.Password autoComplete="new-password" data-testid="repeat-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password-submit">
        {a('save')}
      </Button>
    </Form>
  );
}
