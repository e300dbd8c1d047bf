import { useState } from 'react';
import { Alert, App as AntApp, Button, Divider, Form, Input, Space, Typography } from 'antd';
import type { TotpEnrol } from '@jingwang/contracts';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { accountApi } from './api';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useAccountText } from './texts';

/** The account page (in a drawer of the user menu): change password, turn the second factor on or off. */
export function AccountPanel() {
  const a = useAccountText();
  const { lang } = useI18n();
  const { session, retry } = useAuth();
  const { message } = AntApp.useApp();
  const [enrol, setEnrol] = useState<TotpEnrol | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (f: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      if (done) void message.success(done);
      return true;
    } catch (e) {
      setError(errorText(e, lang));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="account-panel">
      <Typography.Title level={5}>{a('changePassword')}</Typography.Title>
      <ChangePasswordForm onDone={() => void message.success(a('changed'))} />
      <Divider />
      <Typography.Title level={5}>{a('totp')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!session?.totpAllowed && !session?.totpEnabled ? (
        <Typography.Text type="secondary">{a('totpNotAllowed')}</Typography.Text>
      ) : session?.totpEnabled ? (
        <Form layout="vertical" requiredMark={false} onFinish={(v: { password: string }) => void run(() => accountApi.totpDisable(v.password), a('disabled')).then((ok) => ok && retry())}>
          <Typography.Paragraph>{a('totpOn')}</Typography.Paragraph>
          <Form.Item name="password" label={a('disableHelp')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy} data-testid="totp-disable">
            {a('disable')}
          </Button>
        </Form>
      ) : enrol ? (
        <Form layout="vertical" requiredMark={false} onFinish={(v: { code: string }) => void run(() => accountApi.totpConfirm(v.code), a('enabled')).then((ok) => ok && (setEnrol(null), retry()))}>
          <Typography.Paragraph>{a('enrolHelp')}</Typography.Paragraph>
          {/* the SVG is made by the server's QR encoder from the otpauth:// URI (no user text in it) */}
          <div style={{ width: 200, height: 200 }} dangerouslySetInnerHTML={{ __html: enrol.qrSvg }} data-testid="totp-qr" />
          <Typography.Paragraph copyable={{ text: enrol.secret }}>
            {a('secret')}: <Typography.Text code>{enrol.secret}</Typography.Text>
          </Typography.Paragraph>
          <Form.Item name="code" label={a('code')} rules={[{ required: true, pattern: /^[0-9]{6}$/ }]}>
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="totp-code" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
              {a('confirm')}
            </Button>
            <Button onClick={() => setEnrol(null)}>{a('back')}</Button>
          </Space>
        </Form>
      ) : (
        <>
          <Typography.Paragraph>{a('totpOff')}</Typography.Paragraph>
          <Button type="primary" loading={busy} onClick={() => void run(async () => setEnrol(await accountApi.totpEnrol()))} data-testid="totp-enrol">
            {a('enrol')}
          </Button>
        </>
      )}
    </div>
  );
}
