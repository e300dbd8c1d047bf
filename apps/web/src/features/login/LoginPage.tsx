import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useClientConfig } from '../../app/config';
import { ApiError, errorText } from '../../api/errors';
import { http } from '../../api/client';
import type { SetupStatus } from '@jingwang/contracts';
import { LangSwitch } from '../../components/LangSwitch';
import { useAccountText } from '../account/texts';

export function LoginPage() {
  const { t, lang } = useI18n();
  const { state, login } = useAuth();
  const { config } = useClientConfig();
  const nav = useNavigate();
  const loc = useLocation() as { state?: { from?: string; expired?: boolean } };
  const [error, setError] = useState<string | null>(loc.state?.expired ? errorText(new ApiError(401, 'UNAUTHENTICATED', ''), lang) : null);
  const [busy, setBusy] = useState(false);
  // the second step for accounts with a second factor: the server answered TOTP_REQUIRED to the password
  const [totpStep, setTotpStep] = useState(false);
  const a = useAccountText();
  // no account exists yet (first run): the first-run page instead (keeping the printed address's #setup= token)
  const [firstRun, setFirstRun] = useState(false);
  useEffect(() => {
    let live = true;
    http.get<SetupStatus>('/api/setup').then(
      (s) => live && setFirstRun(s.needed),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  if (firstRun) return <Navigate to={{ pathname: '/setup', hash: window.location.hash }} replace />;
  if (state.status === 'authed') return <Navigate to={loc.state?.from ?? '/'} replace />;

  const onFinish = async (v: { username: string; password: string; totp?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password, totpStep ? v.totp : undefined);
      nav(loc.state?.from ?? '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') {
        setTotpStep(true);
        return;
      }
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="jw-login">
      <LangSwitch />
      <Card className="jw-login-card" variant="borderless">
        <div className="jw-login-head">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Text type="secondary">
              {config.county && (
                <Typography.Text strong data-testid="login-county">
                  {config.county.name} ·{' '}
                </Typography.Text>
              )}
              {t('login.subtitle')}
            </Typography.Text>
          </div>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} size="large" data-testid="login-form">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required.username') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required.password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {totpStep && (
            <Form.Item name="totp" label={a('loginTotp')} rules={[{ required: true, pattern: /^[0-9]{6}$/, message: a('loginTotp') }]}>
              <Input prefix={<SafetyOutlined />} inputMode="numeric" maxLength={6} autoComplete="one-time-code" autoFocus data-testid="login-totp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        {(config.demo || !config.version) && (
          <Alert type="info" showIcon title={t('login.demo')} style={{ marginTop: 16 }} data-testid="login-demo-hint" />
        )}
        <div className="jw-login-foot">{t('login.footer')}</div>
      </Card>
    </div>
  );
}
