// 首次启动 (issue 12 part 5): shown instead of the login while no account exists (GET /api/setup). Step 1 creates
// the administrator and names the county (POST /api/setup, with the one-time token the server printed: read from
// the printed address's #setup=, or typed), or loads the demo county (POST /api/setup/demo); step 2 is a checklist
// of what a bureau brings in next: areas (GeoJSON), roads (OSM, on the server), people and units (Administration).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Divider, Form, Input, Popconfirm, Progress, Row, Spin, Steps, Typography } from 'antd';
import { ApartmentOutlined, BranchesOutlined, CheckCircleOutlined, DatabaseOutlined, TeamOutlined } from '@ant-design/icons';
import type { SetupDone, SetupStatus } from '@jingwang/contracts';
import { http } from '../../api/client';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { useAuth } from '../../app/auth';
import { useClientConfig } from '../../app/config';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../components/LangSwitch';
import { DEMO_STEP, useSetupText } from './texts';

interface Values {
  countyName: string;
  countyCode: string;
  username: string;
  displayName: string;
  password: string;
  repeat: string;
  token?: string;
}

/** The token from the address the server printed: http://host:port/#setup=TOKEN (a fragment never reaches a server log). */
function tokenFromHash(): string | null {
  const m = /(?:^#|&)setup=([A-Za-z0-9_-]+)/.exec(typeof window === 'undefined' ? '' : window.location.hash);
  return m ? m[1]! : null;
}

export function SetupPage() {
  const { lang } = useI18n();
  const s = useSetupText();
  const { login } = useAuth();
  const { reload: reloadConfig } = useClientConfig();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const [status, setStatus] = useState<SetupStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SetupDone | null>(null);
  const [demoAsked, setDemoAsked] = useState(false);
  const linkToken = useRef(tokenFromHash()).current;

  const refresh = async () => {
    try {
      setStatus(await http.get<SetupStatus>('/api/setup'));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorText(e, lang));
    }
  };
  useEffect(() => {
    void refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // the demo seed's progress
  const seeding = status?.demo.state === 'seeding';
  // the county's name (given here, or the demo's) in the header and the title from now on
  const demoDone = status?.demo.state === 'done';
  useEffect(() => {
    if (demoDone) reloadConfig();
  }, [demoDone, reloadConfig]);
  useEffect(() => {
    if (!seeding) return;
    const h = setInterval(() => void refresh(), 2000);
    return () => clearInterval(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seeding]);

  const problem = (e: unknown): string => {
    if (e instanceof ApiError && e.code === 'FORBIDDEN') return s('tokenWrong');
    if (e instanceof ApiError && e.code === 'INVALID_TRANSITION') return s('alreadyDone');
    return errorText(e, lang);
  };

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await http.post<SetupDone>('/api/setup', {
        token: linkToken ?? v.token?.trim() ?? '',
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        password: v.password,
        countyName: v.countyName.trim(),
        countyCode: v.countyCode.trim(),
      });
      // the token is used: drop it from the address
      if (linkToken) window.history.replaceState(null, '', window.location.pathname);
      setDone(r);
      reloadConfig();
      try {
        await login(r.username, v.password);
      } catch {
        /* the checklist still shows; its links lead to the login */
      }
    } catch (e) {
      const fields = fieldProblems(e, lang).filter((f) => typeof f.path[0] === 'string' && ['username', 'displayName', 'password', 'countyName', 'countyCode', 'token'].includes(f.path[0] as string));
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.path[0] as keyof Values, errors: [f.message] })));
      if (e instanceof ApiError && e.code === 'WEAK_PASSWORD') form.setFields([{ name: 'password', errors: [errorText(e, lang)] }]);
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };

  const loadDemo = async () => {
    setBusy(true);
    setError(null);
    setDemoAsked(true);
    try {
      setStatus(await http.post<SetupStatus>('/api/setup/demo', { token: linkToken ?? form.getFieldValue('token')?.trim() ?? '' }));
    } catch (e) {
      setError(problem(e));
      setDemoAsked(false);
    } finally {
      setBusy(false);
    }
  };

  const header = (
    <>
      <div className="jw-login-head">
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="setup-title">
            警网 · {s('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{done ? s('done', { name: done.username, county: done.county.name }) : s('subtitle')}</Typography.Text>
        </div>
      </div>
      <Steps
        size="small"
        responsive={false}
        current={done ? 1 : 0}
        style={{ marginBottom: 20 }}
        items={[{ title: s('step1') }, { title: s('step2') }]}
      />
    </>
  );

  if (!status && !loadError) {
    return (
      <div className="jw-login">
        <Spin />
      </div>
    );
  }
  // set up already (and not by this page just now, nor a demo load under way or just finished): the login
  if (status && !status.needed && !done && !demoAsked && status.demo.state === 'idle') return <Navigate to="/login" replace />;

  const demoState = status?.demo;
  return (
    // the language switch sits above the card (a tall card reaches the top of a phone's screen)
    <div className="jw-login" style={{ paddingTop: 52 }}>
      <LangSwitch />
      <Card className="jw-login-card jw-setup-card" variant="borderless" style={{ width: 760 }} data-testid="setup-page">
        {header}
        {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="setup-error" />}
        {done ? (
          <Checklist />
        ) : demoState && demoState.state !== 'idle' ? (
          <div data-testid="setup-demo">
            {demoState.state === 'seeding' && (
              <>
                <Typography.Paragraph>
                  {s('demoLoading', { step: demoState.step ? (DEMO_STEP[demoState.step]?.[lang] ?? demoState.step) : '…', n: Math.min(demoState.done + 1, demoState.steps), total: demoState.steps })}
                </Typography.Paragraph>
                <Progress percent={Math.round((100 * demoState.done) / demoState.steps)} />
              </>
            )}
            {demoState.state === 'done' && (
              <>
                <Alert type="success" showIcon title={s('demoDone')} style={{ marginBottom: 16 }} />
                <Button type="primary" onClick={() => nav('/login')} data-testid="setup-to-login">
                  {s('toLogin')}
                </Button>
              </>
            )}
            {demoState.state === 'failed' && <Alert type="error" showIcon title={s('demoFailed')} />}
          </div>
        ) : (
          <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="setup-form" disabled={busy}>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Typography.Title level={5} style={{ margin: '0 0 8px' }}>{s('county')}</Typography.Title>
                <Form.Item name="countyName" label={s('countyName')} extra={s('countyNameHelp')} rules={[{ required: true, whitespace: true, message: s('required') }, { max: 64 }]}>
                  <Input autoFocus data-testid="setup-county-name" />
                </Form.Item>
                <Form.Item name="countyCode" label={s('countyCode')} extra={s('countyCodeHelp')} rules={[{ required: true, pattern: /^[0-9]{6}$/, message: s('badCode') }]}>
                  <Input inputMode="numeric" maxLength={6} data-testid="setup-county-code" />
                </Form.Item>
                {linkToken ? (
                  <Alert type="success" showIcon title={s('tokenFromLink')} style={{ marginBottom: 16 }} />
                ) : (
                  <Form.Item name="token" label={s('token')} extra={s('tokenHelp')} rules={[{ required: true, whitespace: true, message: s('required') }]}>
                    <Input.Password autoComplete="off" data-testid="setup-token" />
                  </Form.Item>
                )}
              </Col>
              <Col xs={24} md={12}>
                <Typography.Title level={5} style={{ margin: '0 0 8px' }}>{s('admin')}</Typography.Title>
                <Form.Item name="username" label={s('username')} extra={s('usernameHelp')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: s('badUsername') }]}>
                  <Input autoComplete="username" data-testid="setup-username" />
                </Form.Item>
                <Form.Item name="displayName" label={s('displayName')} rules={[{ required: true, whitespace: true, message: s('required') }, { max: 64 }]}>
                  <Input data-testid="setup-display-name" />
                </Form.Item>
                <Form.Item name="password" label={s('password')} extra={s('passwordHelp')} rules={[{ required: true, message: s('required') }, { min: 12, message: s('passwordHelp') }]}>
                  <Input.Password autoComplete="new-password" data-testid="setup-password" />
                </Form.Item>
                <Form.Item
                  name="repeat"
                  label={s('repeat')}
                  dependencies={['password']}
                  rules={[
                    { required: true, message: s('required') },
                    ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(s('mismatch')))) }),
                  ]}
                >
                  <Input.Password autoComplete="new-password" data-testid="setup-repeat" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="setup-submit">
              {s('create')}
            </Button>
            <Divider plain>{s('or')}</Divider>
            <Popconfirm title={s('demoConfirm')} onConfirm={() => void loadDemo()} okButtonProps={{ 'data-testid': 'setup-demo-ok' } as Record<`data-${string}`, string>}>
              <Button block icon={<DatabaseOutlined />} data-testid="setup-demo-button" style={{ whiteSpace: 'normal', height: 'auto', minHeight: 32 }}>
                {s('demo')}
              </Button>
            </Popconfirm>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {s('demoHelp')}
            </Typography.Paragraph>
          </Form>
        )}
        <div className="jw-login-foot">{s('footer')}</div>
      </Card>
    </div>
  );
}

function Checklist() {
  const s = useSetupText();
  const { lang } = useI18n();
  const nav = useNavigate();
  const item = (icon: ReactNode, title: string, help: string, action: ReactNode, testid: string) => (
    <div style={{ display: 'flex', gap: 12, padding: '12px 0', borderBottom: '1px solid rgba(128,128,128,0.2)' }} data-testid={testid}>
      <div style={{ fontSize: 22, color: '#1677ff', paddingTop: 2 }}>{icon}</div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
          {help}
        </Typography.Paragraph>
        {action}
      </div>
    </div>
  );
  return (
    <div data-testid="setup-checklist">
      {item(<ApartmentOutlined />, `1. ${s('areas')}`, s('areasHelp'), <Button onClick={() => nav('/areas')}>{s('areasGo')}</Button>, 'setup-areas')}
      {item(
        <BranchesOutlined />,
        `2. ${s('roads')}`,
        s('roadsHelp'),
        <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
          {`npm run cli -- roads import ${lang === 'en' ? 'county' : '本县'}.osm.pbf`}
        </Typography.Text>,
        'setup-roads',
      )}
      {item(<TeamOutlined />, `3. ${s('people')}`, s('peopleHelp'), <Button onClick={() => nav('/admin')}>{s('peopleGo')}</Button>, 'setup-people')}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {s('later')}
      </Typography.Paragraph>
      <Button type="primary" block size="large" icon={<CheckCircleOutlined />} onClick={() => nav('/', { replace: true })} data-testid="setup-enter">
        {s('enter')}
      </Button>
    </div>
  );
}
