// People: role, post A/B/C, badge, phone (stored encrypted, shown masked), agency, team and responsibility areas
// (责任田) with their history.
import { useEffect, useState } from 'react';
import { Button, Form, Input, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { PERSON_ROLES, PERSON_ROLE_LABELS, POSTS, type Person, type PersonAreaHistory } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { adminApi } from './api';
import { AreaPicker, EditDrawer, RetireButton, TabHead, useList } from './shared';

interface PersonForm {
  name: string;
  role: Person['role'];
  post: Person['post'];
  badgeNo?: string;
  phone?: string;
  agencyId: number;
  teamId: number | null;
  areaIds: number[];
}

export function PeopleTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const [q, setQ] = useState('');
  const { rows, loading, reload } = useList(() => adminApi.people({ pageSize: 500 }).then((r) => r.items));
  const agencies = useList(adminApi.agencies);
  const teams = useList(adminApi.teams);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [history, setHistory] = useState<PersonAreaHistory[]>([]);
  const [form] = Form.useForm<PersonForm>();
  useEffect(() => {
    if (editing && editing !== 'new') adminApi.personAreas(editing.id).then(setHistory).catch(() => setHistory([]));
    else setHistory([]);
  }, [editing]);
  const open = (p: Person | 'new') => {
    form.setFieldsValue(
      p === 'new'
        ? { name: '', role: 'auxiliary', post: null, badgeNo: '', phone: '', agencyId: agencies.rows[0]?.id, teamId: null, areaIds: [] }
        : { name: p.name, role: p.role, post: p.post, badgeNo: p.badgeNo ?? '', phone: undefined, agencyId: p.agencyId, teamId: p.teamId, areaIds: p.areas.map((a) => a.id) },
    );
    setEditing(p);
  };
  const needle = q.trim().toLowerCase();
  const shown = rows.filter((p) => !needle || p.name.toLowerCase().includes(needle) || (p.badgeNo ?? '').toLowerCase().includes(needle) || p.areas.some((a) => a.name.includes(needle)));
  return (
    <>
      <TabHead onSearch={setQ} onAdd={() => open('new')} count={shown.length} testId="people" />
      <Table<Person>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 720 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="admin-people-table"
        columns={[
          { title: t('people.name'), dataIndex: 'name', fixed: phone ? 'left' : undefined, width: phone ? 90 : undefined },
          {
            title: t('people.role'),
            key: 'role',
            render: (_, p) => (
              <Space size={4}>
                {label(PERSON_ROLE_LABELS, p.role)}
                {p.post && <Tag color="blue">{t('people.postN', { p: p.post })}</Tag>}
              </Space>
            ),
          },
          { title: t('people.badge'), dataIndex: 'badgeNo', render: (v: string | null) => v ?? '—', responsive: ['md'] },
          { title: t('people.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
          { title: t('people.team'), key: 'team', render: (_, p) => p.teamName ?? p.agencyName },
          { title: t('admin.person.areas'), key: 'areas', render: (_, p) => p.areas.map((a) => a.name).join('、') || '—' },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, p) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(p)} data-testid={`person-edit-${p.id}`}>
                  {t('admin.edit')}
                </Button>
                <RetireButton name={p.name} onRetire={() => adminApi.retirePerson(p.id, p.version ?? 1)} onDone={reload} />
              </Space>
            ),
          },
        ]}
      />
      <EditDrawer<PersonForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('admin.tab.people')}` : editing ? `${t('admin.edit')} · ${editing.name}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="person-drawer"
        onSubmit={(v) => {
          const body = {
            name: v.name,
            role: v.role,
            post: v.post ?? null,
            badgeNo: v.badgeNo?.trim() || null,
            agencyId: v.agencyId,
            teamId: v.teamId ?? null,
            areaIds: v.areaIds ?? [],
          };
          const phoneNo = v.phone?.trim();
          return editing === 'new'
            ? adminApi.createPerson({ ...body, ...(phoneNo ? { phone: phoneNo } : {}) })
            : adminApi.updatePerson((editing as Person).id, { version: (editing as Person).version ?? 1, ...body, ...(phoneNo ? { phone: phoneNo } : {}) });
        }}
      >
        <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
          <Input data-testid="person-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="role" label={t('people.role')} rules={[{ required: true }]} style={{ flex: 2 }}>
            <Select options={PERSON_ROLES.map((r) => ({ value: r, label: label(PERSON_ROLE_LABELS, r) }))} data-testid="person-role" />
          </Form.Item>
          <Form.Item name="post" label={t('people.post')} style={{ flex: 1 }}>
            <Select allowClear options={POSTS.map((p) => ({ value: p, label: t('people.postN', { p }) }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="badgeNo" label={t('people.badge')} rules={[{ pattern: /^[A-Za-z0-9_.-]{0,32}$/ }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('admin.person.phone')}
          extra={editing && editing !== 'new' && editing.phoneMasked ? `${editing.phoneMasked} · ${t('admin.person.phoneHelp')}` : t('admin.person.phoneHelp')}
          rules={[{ pattern: /^[0-9+ -]{5,20}$/ }]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="agencyId" label={t('admin.agency')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={agencies.rows.map((a) => ({ value: a.id, label: a.name }))} data-testid="person-agency" />
        </Form.Item>
        <Form.Item name="teamId" label={t('people.team')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={teams.rows.map((x) => ({ value: x.id, label: x.name }))} data-testid="person-team" />
        </Form.Item>
        <Form.Item name="areaIds" label={t('admin.person.areas')} extra={t('admin.person.areasHelp')}>
          <AreaPicker multiple testId="person-areas" />
        </Form.Item>
        {history.length > 0 && (
          <>
            <Typography.Text strong>{t('admin.person.history')}</Typography.Text>
            <Timeline
              style={{ marginTop: 12 }}
              items={history.map((h) => ({
                color: h.validTo ? 'gray' : 'green',
                children: `${h.areaName} · ${dayjs(h.validFrom).format('YYYY-MM-DD')} — ${h.validTo ? dayjs(h.validTo).format('YYYY-MM-DD') : ''}`,
              }))}
            />
          </>
        )}
      </EditDrawer>
    </>
  );
}
