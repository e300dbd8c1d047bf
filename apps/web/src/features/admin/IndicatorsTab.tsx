// 考核指标 (issue 12 part 1): the indicator definitions as data: a formula over the measures counted by the server,
// the target and the scale (ratio to the target, or linear from a zero point), higher or lower better, the default
// weight, the star it counts for and the levels it is computed at. Create, edit, retire (inactive: never deleted,
// its values stay); the plans using each are shown. Admins edit; station leads read.
import { useMemo, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Popconfirm, Radio, Row, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { STAR_CODES, SUBJECT_LEVEL_CODES, type AssessmentPlanT, type IndicatorDefT } from '@jingwang/contracts';
import { DEMO_MEASURES, STAR_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { catalogueApi } from './catalogueApi';
import { indicatorBody, indicatorToForm, plansUsing, type IndicatorForm } from './catalogueHelpers';
import { catalogueErrorText, CatalogueDrawer, useCanEditCatalogue } from './CatalogueParts';
import { match, SearchBox, useList } from './shared';

export function IndicatorsTab() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const canEdit = useCanEditCatalogue();
  const { rows, loading, reload } = useList(catalogueApi.indicatorDefs);
  const plans = useList<AssessmentPlanT>(() => catalogueApi.plans().catch(() => []));
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'active' | 'retired' | 'all'>('active');
  const [editing, setEditing] = useState<IndicatorDefT | 'new' | null>(null);
  const [form] = Form.useForm<IndicatorForm>();
  const shown = useMemo(() => rows.filter((d) => (status === 'all' || (status === 'active') === d.active) && match(q, d.code, d.name, d.nameEn, d.formula)), [rows, q, status]);
  const name = (d: IndicatorDefT) => (lang === 'en' && d.nameEn ? d.nameEn : d.name);

  const open = (d: IndicatorDefT | 'new') => {
    form.resetFields();
    form.setFieldsValue(indicatorToForm(d === 'new' ? null : d));
    setEditing(d);
  };
  const setActive = async (d: IndicatorDefT, active: boolean) => {
    try {
      await catalogueApi.putIndicatorDef(indicatorBody({ ...indicatorToForm(d), active }, d.version));
      void message.success(active ? t('cat.reactivated') : t('admin.retired'));
    } catch (e) {
      void message.error(catalogueErrorText(e, lang));
    }
    reload();
  };

  return (
    <div data-testid="indicators">
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        <SearchBox onChange={setQ} testId="indicators-search" />
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'active', label: t('cat.status.active') },
            { value: 'retired', label: t('cat.status.retired') },
            { value: 'all', label: t('cat.status.all') },
          ]}
        />
        {canEdit && (
          <Button type="primary" onClick={() => open('new')} data-testid="indicators-add">
            {t('admin.add')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('admin.count', { n: shown.length })}</Typography.Text>
      </Space>
      <Table<IndicatorDefT>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 820 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(d) => ({ 'data-testid': 'indicator-row', 'data-code': d.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('admin.name'),
            key: 'n',
            render: (_, d) => (
              <span>
                {name(d)} {!d.active && <Tag>{t('admin.retired')}</Tag>}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.code}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('cat.ind.formula'), dataIndex: 'formula', responsive: ['md'], render: (f: string) => <code className="jw-cat-formula">{f}</code> },
          {
            title: t('cat.ind.target'),
            key: 'tg',
            width: 140,
            render: (_, d) => (
              <span className="jw-num">
                {d.better === 'higher' ? '≥' : '≤'} {d.target}
                {d.unit}
                {d.zeroAt !== null && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {t('cat.ind.zeroAtShort', { v: `${d.zeroAt}${d.unit}` })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t('cat.ind.weight'), dataIndex: 'weight', width: 90, align: 'right' },
          { title: t('cat.ind.star'), dataIndex: 'star', width: 100, responsive: ['lg'], render: (s: IndicatorDefT['star']) => (s ? <Tag color="gold">{label(STAR_LABELS, s)}</Tag> : '—') },
          {
            title: t('cat.ind.levels'),
            dataIndex: 'levels',
            width: 150,
            responsive: ['lg'],
            render: (l: IndicatorDefT['levels']) => (l ? l.map((x) => t(`cat.level.${x}`)).join('、') : t('cat.level.all')),
          },
          {
            title: t('cat.ind.usedBy'),
            key: 'p',
            width: 150,
            responsive: ['md'],
            render: (_, d) => {
              const ps = plansUsing(plans.rows, d.code);
              return ps.length ? ps.map((p) => <Tag key={p.code}>{p.name}</Tag>) : '—';
            },
          },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 120,
            render: (_, d) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(d)} data-testid="indicator-edit">
                  {canEdit ? t('admin.edit') : t('cat.view')}
                </Button>
                {canEdit &&
                  (d.active ? (
                    <Popconfirm
                      title={t('cat.retireConfirm', { name: d.name })}
                      description={plansUsing(plans.rows, d.code).length ? t('cat.ind.retireUsed', { plans: plansUsing(plans.rows, d.code).map((p) => p.name).join('、') }) : undefined}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => setActive(d, false)}
                    >
                      <Button size="small" danger type="link">
                        {t('admin.retire')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" type="link" onClick={() => void setActive(d, true)}>
                      {t('cat.reactivate')}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <CatalogueDrawer<IndicatorForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('cat.ind.one')}` : editing ? `${canEdit ? t('admin.edit') : t('cat.view')} · ${editing.name}` : ''}
        form={form}
        readOnly={!canEdit}
        onClose={() => setEditing(null)}
        onSaved={() => {
          reload();
          plans.reload();
        }}
        toPath={(p) => {
          const k = p.split('/').filter(Boolean)[0];
          return k ? [k] : null;
        }}
        testId="indicator-drawer"
        onSubmit={() => catalogueApi.putIndicatorDef(indicatorBody(form.getFieldsValue(true) as IndicatorForm, editing === 'new' ? undefined : (editing as IndicatorDefT).version))}
        onStale={async () => {
          const fresh = (await catalogueApi.indicatorDefs()).find((d) => d.code === (editing as IndicatorDefT).code);
          if (fresh) {
            form.setFieldsValue(indicatorToForm(fresh));
            setEditing(fresh);
          }
          reload();
        }}
      >
        <IndicatorFields isNew={editing === 'new'} />
      </CatalogueDrawer>
    </div>
  );
}

function IndicatorFields({ isNew }: { isNew: boolean }) {
  const { t, label, lang } = useI18n();
  const form = Form.useFormInstance<IndicatorForm>();
  const measures = useMemo(() => DEMO_MEASURES.map((m) => ({ value: m.name, label: lang === 'zh' ? `${m.zh} · ${m.name}` : m.name, title: m.description })), [lang]);
  return (
    <>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('cat.ind.codeRule') }]} extra={isNew ? undefined : t('cat.codeFixed')}>
            <Input disabled={!isNew} placeholder="visit_rate" data-testid="indicator-code" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 80 }]}>
            <Input data-testid="indicator-name" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="nameEn" label={t('cat.nameEn')} rules={[{ max: 120 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="formula" label={t('cat.ind.formula')} rules={[{ required: true, whitespace: true, max: 2000 }]} extra={t('cat.ind.formulaHelp')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} style={{ fontFamily: 'monospace' }} data-testid="indicator-formula" />
      </Form.Item>
      <Form.Item label={t('cat.ind.insertMeasure')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cat.ind.insertMeasureHelp')}
          value={null}
          options={measures}
          onChange={(m: string) => {
            const f = (form.getFieldValue('formula') as string | undefined) ?? '';
            form.setFieldValue('formula', f ? `${f} ${m}` : m);
          }}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="unit" label={t('cat.unit')} rules={[{ required: true, whitespace: true, max: 10 }]}>
            <Input placeholder="%" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="better" label={t('cat.ind.better')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'higher', label: t('cat.ind.higher') },
                { value: 'lower', label: t('cat.ind.lower') },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="target" label={t('cat.ind.target')} rules={[{ required: true, type: 'number' }]}>
            <InputNumber style={{ width: '100%' }} data-testid="indicator-target" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="zeroAt" label={t('cat.ind.zeroAt')} extra={t('cat.ind.zeroAtHelp')}>
            <InputNumber style={{ width: '100%' }} data-testid="indicator-zero-at" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="weight" label={t('cat.ind.weight')} rules={[{ required: true, type: 'number', min: 0, max: 1000 }]} extra={t('cat.ind.weightHelp')}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="star" label={t('cat.ind.star')}>
            <Select allowClear placeholder={t('cat.ind.noStar')} options={STAR_CODES.map((s) => ({ value: s, label: label(STAR_LABELS, s) }))} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="levels" label={t('cat.ind.levels')} extra={t('cat.ind.levelsHelp')}>
            <Select mode="multiple" allowClear placeholder={t('cat.level.all')} options={SUBJECT_LEVEL_CODES.map((l) => ({ value: l, label: t(`cat.level.${l}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('cat.ind.description')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="active" label={t('cat.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}
