import { useEffect, useMemo, useState } from 'react';
import { Alert, Input, Pagination, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { PERSON_ROLES, PERSON_ROLE_LABELS, type Area, type Person, type PersonRole } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { buildAreaTree, type AreaNode } from '../../lib/areaTree';

interface TreeOpt {
  value: number;
  title: string;
  children: TreeOpt[];
}
const toTreeData = (nodes: AreaNode[]): TreeOpt[] =>
  nodes.map((n) => ({ value: n.area.id, title: n.area.name, children: toTreeData(n.children) }));

export default function PeoplePage() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const [role, setRole] = useState<PersonRole | undefined>();
  const [areaId, setAreaId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{ items: Person[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [areas, setAreas] = useState<Area[]>([]);

  useEffect(() => {
    api.areas().then(setAreas).catch(() => setAreas([]));
  }, []);
  const tree = useMemo(() => toTreeData(buildAreaTree(areas)), [areas]);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    api
      .people({ role, areaId, q: q.trim() || undefined, page, pageSize })
      .then((d) => {
        if (!alive) return;
        setData(d);
        setError(null);
      })
      .catch((e) => alive && setError(e))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [role, areaId, q, page, pageSize]);

  return (
    <div className="jw-page" data-testid="people-page">
      <div className="jw-page-head">
        <Typography.Title level={4} className="jw-page-title">
          {t('people.title')}
        </Typography.Title>
        <Space wrap size={8}>
          <Input.Search
            allowClear
            placeholder={t('people.searchPlaceholder')}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: phone ? '100%' : 220 }}
            data-testid="people-search"
          />
          <Select
            allowClear
            placeholder={t('people.roleFilter')}
            value={role}
            onChange={(v) => {
              setRole(v);
              setPage(1);
            }}
            style={{ width: 140 }}
            options={PERSON_ROLES.map((r) => ({ value: r, label: label(PERSON_ROLE_LABELS, r) }))}
            data-testid="people-role"
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('people.areaFilter')}
            value={areaId}
            onChange={(v) => {
              setAreaId(v);
              setPage(1);
            }}
            treeData={tree}
            style={{ width: phone ? '100%' : 240 }}
            treeDefaultExpandedKeys={tree.map((n) => n.value)}
            popupMatchSelectWidth={false}
          />
        </Space>
      </div>
      {error != null && <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 8 }} />}
      {phone ? (
        <div className="jw-mlist" data-testid="people-list">
          {data.items.map((x) => (
            <div key={x.id} className="jw-mcard">
              <div className="jw-mcard-row">
                <b className="jw-mcard-title">{x.name}</b>
                <span>{label(PERSON_ROLE_LABELS, x.role)}</span>
                {x.post && <Tag className="jw-tag">{t('people.postN', { p: x.post })}</Tag>}
                <span className="jw-mcard-right jw-phone">{x.phoneMasked ?? '—'}</span>
              </div>
              <div className="jw-mcard-sub">{[x.agencyName, x.teamName, x.badgeNo ? `${t('people.badge')} ${x.badgeNo}` : null].filter(Boolean).join(' · ')}</div>
              {x.areas.length > 0 && <div className="jw-mcard-sub">{x.areas.map((a) => a.name).join('、')}</div>}
            </div>
          ))}
          <Pagination
            simple
            current={page}
            pageSize={pageSize}
            total={data.total}
            onChange={(p) => setPage(p)}
            style={{ marginTop: 8, textAlign: 'center' }}
          />
        </div>
      ) : (
      <Table<Person>
        size="small"
        rowKey="id"
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 1020 }}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('people.name'), dataIndex: 'name', width: 100, fixed: 'left', render: (v: string) => <b>{v}</b> },
          { title: t('people.role'), dataIndex: 'role', width: 100, render: (r: PersonRole) => label(PERSON_ROLE_LABELS, r) },
          { title: t('people.post'), dataIndex: 'post', width: 70, render: (p: string | null) => (p ? t('people.postN', { p }) : '—') },
          { title: t('people.badge'), dataIndex: 'badgeNo', width: 100, render: (v: string | null) => v ?? '—' },
          { title: t('people.phone'), dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => <span className="jw-phone">{v ?? '—'}</span> },
          { title: t('people.agency'), dataIndex: 'agencyName', width: 160, ellipsis: true },
          { title: t('people.team'), dataIndex: 'teamName', width: 220, ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            title: t('people.areas'),
            dataIndex: 'areas',
            render: (a: Person['areas']) =>
              a.length
                ? a.map((x) => (
                    <Tag key={x.id} className="jw-tag">
                      {x.name}
                    </Tag>
                  ))
                : '—',
          },
        ]}
      />
      )}
    </div>
  );
}
