import { Link, Outlet, useLocation } from 'react-router-dom';
import { Badge, Button, Drawer, Dropdown, Layout, Menu, Segmented, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import {
  AimOutlined,
  AlertOutlined,
  ExperimentOutlined,
  FolderOpenOutlined,
  ApartmentOutlined,
  CarOutlined,
  CompassOutlined,
  DashboardOutlined,
  FundProjectionScreenOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  HeatMapOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  TeamOutlined,
  CalendarOutlined,
  SendOutlined,
  SettingOutlined,
  UserOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { isPartnerRole, USER_ROLE_LABELS } from '@jingwang/contracts';
import dayjs from 'dayjs';
import { useAuth } from './auth';
import { useI18n } from './i18n';
import { useClientConfig } from './config';
import { LiveProvider, useIsPhone, useLive, useLiveStore, useNow } from './live';
import type { Lang } from './dict';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { AccountPanel } from '../features/account/AccountPanel';
import { useAccountText } from '../features/account/texts';
import { canSeeBigScreen, isLeader } from '../features/tasks/helpers';
import { MdtProvider } from '../features/field/MdtProvider';

function ConnectionBadge() {
  const { conn } = useLive();
  const store = useLiveStore();
  const { t } = useI18n();
  const phone = useIsPhone();
  const now = useNow(1000);
  const status = conn.status === 'online' ? 'success' : conn.status === 'connecting' ? 'processing' : conn.status === 'offline' ? 'default' : 'error';
  const secs = conn.retryAt ? Math.max(0, Math.ceil((conn.retryAt - now) / 1000)) : 0;
  const long =
    conn.status === 'reconnecting' && conn.retryAt ? t('conn.reconnecting', { s: secs }) : t(`conn.${conn.status === 'reconnecting' ? 'connecting' : conn.status}`);
  return (
    <Tooltip title={long}>
      <span
        className="jw-conn"
        data-testid="conn-status"
        data-status={conn.status}
        onClick={() => conn.status !== 'online' && store.reconnectNow()}
        role="status"
      >
        <Badge status={status} />
        {!phone && <span className="jw-conn-text">{t(`conn.short.${conn.status}`)}</span>}
      </span>
    </Tooltip>
  );
}

function Clock() {
  const now = useNow(1000);
  return <span className="jw-clock">{dayjs(now).format('YYYY-MM-DD HH:mm:ss')}</span>;
}

export function Shell() {
  const { t, lang, setLang, label } = useI18n();
  const { user, logout } = useAuth();
  const [account, setAccount] = useState(false);
  const accountText = useAccountText();
  const phone = useIsPhone();
  const { county } = useClientConfig().config;
  const loc = useLocation();
  const selected = (['incidents', 'areas', 'units', 'people', 'admin', 'roster', 'response', 'patrol', 'video', 'fraud', 'registry', 'cases', 'disputes', 'tickets', 'instructions', 'forecast', 'sim', 'reports', 'field', 'me', 'station', 'assessment'] as const).find((k) => loc.pathname.startsWith(`/${k}`)) ?? 'command';

  const items = [
    { key: 'command', icon: <AimOutlined />, label: <Link to={user?.role === 'officer' ? '/command' : '/'} data-testid="nav-command">{t(phone ? 'nav.commandShort' : 'nav.command')}</Link> },
    { key: 'incidents', icon: <FileSearchOutlined />, label: <Link to="/incidents" data-testid="nav-incidents">{t('nav.incidents')}</Link> },
    { key: 'areas', icon: <ApartmentOutlined />, label: <Link to="/areas" data-testid="nav-areas">{t('nav.areas')}</Link> },
    { key: 'units', icon: <CarOutlined />, label: <Link to="/units" data-testid="nav-units">{t('nav.units')}</Link> },
    { key: 'people', icon: <TeamOutlined />, label: <Link to="/people" data-testid="nav-people">{t('nav.people')}</Link> },
    { key: 'roster', icon: <CalendarOutlined />, label: <Link to="/roster" data-testid="nav-roster">{t('nav.roster')}</Link> },
    ...(user?.role === 'admin' || user?.role === 'station_lead'
      ? [{ key: 'admin', icon: <SettingOutlined />, label: <Link to="/admin" data-testid="nav-admin">{t('nav.admin')}</Link> }]
      : []),
    { key: 'response', icon: <FieldTimeOutlined />, label: <Link to="/response" data-testid="nav-response">{t('nav.response')}</Link> },
    { key: 'patrol', icon: <ScheduleOutlined />, label: <Link to="/patrol" data-testid="nav-patrol">{t('nav.patrol')}</Link> },
    { key: 'video', icon: <VideoCameraOutlined />, label: <Link to="/video" data-testid="nav-video">{t('nav.video')}</Link> },
    { key: 'fraud', icon: <AlertOutlined />, label: <Link to="/fraud" data-testid="nav-fraud">{t('nav.fraud')}</Link> },
    { key: 'registry', icon: <HomeOutlined />, label: <Link to="/registry" data-testid="nav-registry">{t('nav.registry')}</Link> },
    // 在手案件: the officers who work cases and their leads (a dispatcher works none)
    ...(['admin', 'district_lead', 'station_lead', 'officer'].includes(user?.role ?? '')
      ? [{ key: 'cases', icon: <FolderOpenOutlined />, label: <Link to="/cases" data-testid="nav-cases">{t('nav.cases')}</Link> }]
      : []),
    { key: 'disputes', icon: <TeamOutlined />, label: <Link to="/disputes" data-testid="nav-disputes">{t('nav.disputes')}</Link> },
    { key: 'tickets', icon: <FileDoneOutlined />, label: <Link to="/tickets" data-testid="nav-tickets">{t('nav.tickets')}</Link> },
    // 指令下达: leads and the command room (officers get theirs on the home screen)
    ...(['admin', 'district_lead', 'station_lead', 'dispatcher'].includes(user?.role ?? '')
      ? [{ key: 'instructions', icon: <SendOutlined />, label: <Link to="/instructions" data-testid="nav-instructions">{t('nav.instructions')}</Link> }]
      : []),
    { key: 'forecast', icon: <HeatMapOutlined />, label: <Link to="/forecast" data-testid="nav-forecast">{t('nav.forecast')}</Link> },
    { key: 'reports', icon: <FileTextOutlined />, label: <Link to="/reports" data-testid="nav-reports">{t('nav.reports')}</Link> },
    // 改革推演: station and district leads and admins
    ...(['admin', 'district_lead', 'station_lead'].includes(user?.role ?? '')
      ? [{ key: 'sim', icon: <ExperimentOutlined />, label: <Link to="/sim" data-testid="nav-sim">{t('nav.sim')}</Link> }]
      : []),
    { key: 'field', icon: <CompassOutlined />, label: <Link to="/field" data-testid="nav-field">{t('nav.field')}</Link> },
  ];
  // 作战小屏, 所屏, 考核 and the big screen (issue 6), before the field view
  items.splice(
    items.length - 1,
    0,
    { key: 'me', icon: <UnorderedListOutlined />, label: <Link to="/me" data-testid="nav-me">{t('nav.me')}</Link> },
    ...(isLeader(user?.role)
      ? [
          { key: 'station', icon: <DashboardOutlined />, label: <Link to="/station" data-testid="nav-station">{t('nav.station')}</Link> },
          { key: 'assessment', icon: <TrophyOutlined />, label: <Link to="/assessment" data-testid="nav-assessment">{t('nav.assessment')}</Link> },
        ]
      : []),
    ...(canSeeBigScreen(user?.role)
      ? [{ key: 'bigscreen', icon: <FundProjectionScreenOutlined />, label: <a href="/screen/district" target="_blank" rel="noopener" data-testid="nav-bigscreen">{t('nav.bigScreen')}</a> }]
      : []),
  );
  // partner accounts (网格员, 调解员, 城管, 联络员, 义警) see their own work only
  if (isPartnerRole(user?.role)) items.splice(0, items.length, { key: 'command', icon: <UnorderedListOutlined />, label: <Link to="/" data-testid="nav-partner">{t('partner.nav')}</Link> });
  // officers work in the field: their patrol comes first
  if (user?.role === 'officer') items.unshift(items.pop()!);
  // ... and their checklist right after it
  if (user?.role === 'officer') {
    const me = items.findIndex((i) => i.key === 'me');
    if (me > 1) items.splice(1, 0, ...items.splice(me, 1));
  }
  // station and district leads: their screens (所屏, 考核, 一屏通览) right after the command room, where the bar
  // cannot push them into its "…" overflow; a district lead's 改革推演 too (issue 18: it sat in the overflow)
  if (user?.role === 'station_lead' || user?.role === 'district_lead') {
    const early = ['station', 'assessment', 'bigscreen', ...(user.role === 'district_lead' ? ['sim'] : [])];
    const own = items.filter((i) => early.includes(i.key)).sort((a, b) => early.indexOf(a.key) - early.indexOf(b.key));
    for (const i of own) items.splice(items.indexOf(i), 1);
    items.splice(1, 0, ...own);
  }

  return (
    <LiveProvider enabled={!isPartnerRole(user?.role)}>
      <Layout className="jw-shell">
        <Layout.Header className="jw-header">
          <Link to="/" className="jw-brand" data-testid="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            {!phone && <span>{t('app.title')}</span>}
            {!phone && county && (
              <span className="jw-brand-county" data-testid="brand-county">
                {county.name}
              </span>
            )}
          </Link>
          <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} className="jw-menu" />
          <div className="jw-header-right">
            {!phone && <Clock />}
            <NotificationBell />
            {!isPartnerRole(user?.role) && <ConnectionBadge />}
            <Segmented
              size="small"
              value={lang}
              onChange={(v) => setLang(v as Lang)}
              options={[
                { value: 'zh', label: '中' },
                { value: 'en', label: 'EN' },
              ]}
              data-testid="lang-switch"
              className="jw-lang"
            />
            {user && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    {
                      key: 'who',
                      disabled: true,
                      label: (
                        <div className="jw-user-menu">
                          <Typography.Text strong>{user.displayName}</Typography.Text>
                          <div>{label(USER_ROLE_LABELS, user.role)}</div>
                          <div>
                            {t('user.scope')}：{user.scopeAreaName ?? t('user.scopeAll')}
                          </div>
                        </div>
                      ),
                    },
                    { type: 'divider' },
                    { key: 'account', icon: <SafetyOutlined />, label: <span data-testid="nav-account">{accountText('menu')}</span>, onClick: () => setAccount(true) },
                    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), onClick: () => void logout() },
                  ],
                }}
              >
                <Button type="text" className="jw-user" icon={<UserOutlined />} data-testid="user-menu">
                  {!phone && user.displayName}
                </Button>
              </Dropdown>
            )}
          </div>
        </Layout.Header>
        <Layout.Content className="jw-content">
          {/* officers: dispatches to their unit reach them wherever they are in the app */}
          <MdtProvider enabled={user?.role === 'officer'}>
            <Outlet />
          </MdtProvider>
        </Layout.Content>
        <Drawer open={account} onClose={() => setAccount(false)} title={accountText('title')} width={phone ? '100%' : 440} destroyOnHidden>
          <AccountPanel />
        </Drawer>
      </Layout>
    </LiveProvider>
  );
}
