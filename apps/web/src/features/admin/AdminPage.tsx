// 系统管理 (issue 12): the bureau's own agencies, teams, people (posts, responsibility areas), units (members, status
// by hand) and accounts. Admins see every tab; station leads their station's people and units (the server scopes).
import { useState } from 'react';
import { Button, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import {
  AGENCY_KINDS,
  AGENCY_KIND_LABELS,
  TEAM_KINDS,
  TEAM_KIND_LABELS,
  USER_ROLES,
  USER_ROLE_LABELS,
  type Team,
  type UserAccount,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { adminApi, type Agency } from './api';
import { AreaPicker, EditDrawer, PersonSelect, RetireButton, TabHead, match, useList } from './shared';
import { PeopleTab } from './PeopleTab';
import { UnitsTab } from './UnitsTab';
import { CaseLimitsTab } from './CaseLimitsTab';
import { ExchangeTab } from './ExchangeTab';
import { KeyPlacesTab } from './KeyPlacesTab';
import { CamerasTab } from './CamerasTab';
import { CatalogueTab } from './CatalogueTab';
import { LadderTab } from './LadderTab';
import { IndicatorsTab } from './IndicatorsTab';
import { PlansTab } from './PlansTab';

export default function AdminPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const items = [
    { key: 'people', label: t('admin.tab.people'), children: <PeopleTab /> },
    { key: 'units', label: t('admin.tab.units'), children: <UnitsTab /> },
    { key: 'keyPlaces', label: <span data-testid="admin-tab-keyplaces">{t('sites.tab.keyPlaces')}</span>, children: <KeyPlacesTab /> },
    { key: 'cameras', label: <span data-testid="admin-tab-cameras">{t('sites.tab.cameras')}</span>, children: <CamerasTab /> },
    { key: 'exchange', label: <span data-testid="admin-tab-exchange">{t('exchange.tab')}</span>, children: <ExchangeTab /> },
    // the task catalogue, the ladder, indicators and plans: admins edit, station leads read (issue 12 part 1)
    { key: 'catalogue', label: <span data-testid="admin-tab-catalogue">{t('cat.tab.catalogue')}</span>, children: <CatalogueTab /> },
    { key: 'ladder', label: <span data-testid="admin-tab-ladder">{t('cat.tab.ladder')}</span>, children: <LadderTab /> },
    { key: 'indicators', label: <span data-testid="admin-tab-indicators">{t('cat.tab.indicators')}</span>, children: <IndicatorsTab /> },
    { key: 'plans', label: <span data-testid="admin-tab-plans">{t('cat.tab.plans')}</span>, children: <PlansTab /> },
    ...(isAdmin
      ? [
          { key: 'teams', label: t('admin.tab.teams'), children: <TeamsTab /> },
          { key: 'agencies', label: t('admin.tab.agencies'), children: <AgenciesTab /> },
          { key: 'users', label: t('admin.tab.users'), children: <UsersTab /> },
          { key: 'caseLimits', label: <span data-testid="admin-tab-case-limits">{t('cases.limits.tab')}</span>, children: <CaseLimitsTab /> },
        ]
      : []),
  ];
  return (
    <div className="jw-page" data-testid="admin-page">
      <div className="jw-page-head">
        <Typography.Title level={4} className="jw-page-title">
          {t('admin.title')}
        </Typography.Title>
      </div>
      <Tabs items={items} destroyOnHidden data-testid="admin-tabs" />
    </div>
  );
}

// ------------------------------------------------------------------ agencies

function AgenciesTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { rows, loading, reload } = useList(adminApi.agencies);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [form] = Form.useForm();
  const open = (a: Agency | 'new') => {
    form.setFieldsValue(a === 'new' ? { name: '', kind: 'urban_mgmt', areaId: null, code: undefined } : { name: a.name, kind: a.kind, areaId: a.areaId });
    setEditing(a);
  };
  const shown = rows.filter((a) => match(q, a.name, a.code));
  return (
    <>
      <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="agencies" />
      <Table<Agency>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 520 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.kind'), dataIndex: 'kind', render: (k: Agency['kind']) => <Tag>{label(AGENCY_KIND_LABELS, k)}</Tag> },
          { title: t('admin.area'), dataIndex: 'areaName', render: (v: string | null) => v ?? '—' },
          { title: t('admin.code'), dataIndex: 'code', responsive: ['md'] },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, a) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(a)}>
                  {t('admin.edit')}
                </Button>
                <RetireButton name={a.name} onRetire={() => adminApi.retireAgency(a.id, a.version ?? 1)} onDone={reload} />
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('admin.tab.agencies')}` : editing ? `${t('admin.edit')} · ${editing.name}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="agency-drawer"
        onSubmit={(v: { name: string; kind: Agency['kind']; areaId: number | null; code?: string }) =>
          editing === 'new'
            ? adminApi.createAgency({ name: v.name, kind: v.kind, areaId: v.areaId ?? null, ...(v.code ? { code: v.code } : {}) })
            : adminApi.updateAgency((editing as Agency).id, { version: (editing as Agency).version ?? 1, name: v.name, kind: v.kind, areaId: v.areaId ?? null })
        }
      >
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.kind')} rules={[{ required: true }]}>
          <Select options={AGENCY_KINDS.map((k) => ({ value: k, label: label(AGENCY_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="areaId" label={t('admin.area')}>
          <AreaPicker />
        </Form.Item>
        {editing === 'new' && (
          <Form.Item name="code" label={t('admin.code')} rules={[{ pattern: /^[A-Za-z0-9_.-]{1,32}$/ }]}>
            <Input placeholder="AG-0001" />
          </Form.Item>
        )}
      </EditDrawer>
    </>
  );
}

// ------------------------------------------------------------------ teams

function TeamsTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { rows, loading, reload } = useList(adminApi.teams);
  const agencies = useList(adminApi.agencies);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [form] = Form.useForm();
  const open = (x: Team | 'new') => {
    form.setFieldsValue(
      x === 'new'
        ? { name: '', kind: 'community_team', agencyId: undefined, areaId: null, leaderId: null, deputyId: null }
        : { name: x.name, kind: x.kind, agencyId: x.agencyId, areaId: x.areaId, leaderId: x.leaderId ?? null, deputyId: x.deputyId ?? null },
    );
    setEditing(x);
  };
  const shown = rows.filter((x) => match(q, x.name, x.agencyName, x.leaderName));
  return (
    <>
      <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="teams" />
      <Table<Team>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 640 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.kind'), dataIndex: 'kind', render: (k: Team['kind']) => label(TEAM_KIND_LABELS, k) },
          { title: t('admin.agency'), dataIndex: 'agencyName' },
          { title: t('admin.leader'), key: 'l', render: (_, x) => [x.leaderName, x.deputyName].filter(Boolean).join(' / ') || '—' },
          { title: t('admin.members'), dataIndex: 'memberCount', align: 'right' },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, x) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(x)}>
                  {t('admin.edit')}
                </Button>
                <RetireButton name={x.name} onRetire={() => adminApi.retireTeam(x.id, x.version ?? 1)} onDone={reload} />
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('admin.tab.teams')}` : editing ? `${t('admin.edit')} · ${editing.name}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="team-drawer"
        onSubmit={(v: { name: string; kind: Team['kind']; agencyId: number; areaId: number | null; leaderId: number | null; deputyId: number | null }) => {
          const body = { name: v.name, kind: v.kind, agencyId: v.agencyId, areaId: v.areaId ?? null, leaderId: v.leaderId ?? null, deputyId: v.deputyId ?? null };
          return editing === 'new' ? adminApi.createTeam(body) : adminApi.updateTeam((editing as Team).id, { version: (editing as Team).version ?? 1, ...body });
        }}
      >
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.kind')} rules={[{ required: true }]}>
          <Select options={TEAM_KINDS.map((k) => ({ value: k, label: label(TEAM_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="agencyId" label={t('admin.agency')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={agencies.rows.map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
        <Form.Item name="areaId" label={t('admin.area')}>
          <AreaPicker />
        </Form.Item>
        <Form.Item name="leaderId" label={t('admin.leader')}>
          <PersonSelect />
        </Form.Item>
        <Form.Item name="deputyId" label={t('admin.deputy')}>
          <PersonSelect />
        </Form.Item>
      </EditDrawer>
    </>
  );
}

// ------------------------------------------------------------------ users

function UsersTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { rows, loading, reload } = useList(adminApi.users);
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const shown = rows.filter((u) => match(q, u.username, u.displayName));
  return (
    <>
      <TabHead
        onSearch={setQ}
        onAdd={() => {
          form.setFieldsValue({ username: '', displayName: '', role: 'officer', scopeAreaId: null, personId: null, password: '' });
          setAdding(true);
        }}
        count={shown.length}
        testId="users"
      />
      <Table<UserAccount>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 600 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.user.username'), dataIndex: 'username' },
          { title: t('admin.user.displayName'), dataIndex: 'displayName' },
          { title: t('admin.user.role'), dataIndex: 'role', render: (r: UserAccount['role']) => label(USER_ROLE_LABELS, r) },
          { title: t('admin.user.scope'), dataIndex: 'scopeAreaName', render: (v: string | null) => v ?? t('admin.user.scopeAll') },
          {
            title: t('admin.user.active'),
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">{t('admin.user.activeYes')}</Tag> : <Tag>{t('admin.retired')}</Tag>),
          },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, u) => (u.active ? <RetireButton name={u.displayName} onRetire={() => adminApi.retireUser(u.id)} onDone={reload} /> : null),
          },
        ]}
      />
      <EditDrawer
        open={adding}
        title={`${t('admin.add')} · ${t('admin.tab.users')}`}
        form={form}
        onClose={() => setAdding(false)}
        onSaved={reload}
        testId="user-drawer"
        onSubmit={(v: { username: string; displayName?: string; role: UserAccount['role']; scopeAreaId: number | null; personId: number | null; password: string }) =>
          adminApi.createUser({ username: v.username, ...(v.displayName ? { displayName: v.displayName } : {}), role: v.role, scopeAreaId: v.scopeAreaId ?? null, personId: v.personId ?? null, password: v.password })
        }
      >
        <Form.Item name="username" label={t('admin.user.username')} rules={[{ required: true, pattern: /^[a-z0-9_.-]{2,64}$/ }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.user.displayName')} rules={[{ max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('admin.user.role')} rules={[{ required: true }]}>
          <Select options={USER_ROLES.map((r) => ({ value: r, label: label(USER_ROLE_LABELS, r) }))} />
        </Form.Item>
        <Form.Item name="scopeAreaId" label={t('admin.user.scope')}>
          <AreaPicker placeholder={t('admin.user.scopeAll')} testId="user-scope" />
        </Form.Item>
        <Form.Item name="personId" label={t('admin.user.person')} extra={t('admin.user.personHelp')}>
          <PersonSelect testId="user-person" />
        </Form.Item>
        <Form.Item name="password" label={t('admin.user.password')} extra={t('admin.user.passwordHelp')} rules={[{ required: true, min: 12, max: 256 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </EditDrawer>
    </>
  );
}

