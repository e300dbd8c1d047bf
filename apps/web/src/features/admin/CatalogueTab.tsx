// 任务目录 (issue 12 part 1): the task templates as data, searchable and filtered by category and status; a drawer
// creates or edits one (schedule and recurrence, time limit, evidence required with the form an officer fills,
// category, default assignee, active), the server's field errors at their fields. Retire = inactive (never deleted:
// issued tasks point to it); a stale save (409) loads the stored template. Admins edit; station leads read.
import { useMemo, useState } from 'react';
import { App, Button, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Popconfirm, Radio, Row, Segmented, Select, Space, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { TASK_ASSIGNEE_CODES, TASK_CATEGORY_CODES, type TaskTemplate } from '@jingwang/contracts';
import { TASK_ASSIGNEE_LABELS, TASK_CATEGORY_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { evidenceNeeds } from '../tasks/helpers';
import { catalogueApi } from './catalogueApi';
import {
  clockToMinute,
  countByCategory,
  filterTemplates,
  scheduleText,
  templateBody,
  templateFieldPath,
  templatePatch,
  templateToForm,
  weekdayName,
  type TemplateFilter,
  type TemplateForm,
} from './catalogueHelpers';
import { catalogueErrorText, CatalogueDrawer, DurationInput, useCanEditCatalogue } from './CatalogueParts';
import { SearchBox, useList } from './shared';

const FORM_TYPES = ['text', 'number', 'date', 'choice', 'boolean'] as const;

// the form keeps dates as 'YYYY-MM-DD' and the start as 'HH:mm' (what the API and the helpers speak); the pickers dayjs
const dateProps = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : ''),
};
const timeProps = {
  getValueProps: (v: string | null | undefined) => {
    const m = clockToMinute(v);
    return { value: m !== null && Number.isFinite(m) ? dayjs().startOf('day').add(m, 'minute') : null };
  },
  normalize: (d: Dayjs | null) => (d ? d.format('HH:mm') : ''),
};

export function CatalogueTab() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const canEdit = useCanEditCatalogue();
  const { rows, loading, reload } = useList(catalogueApi.templates);
  const [filter, setFilter] = useState<TemplateFilter>({ q: '', category: null, status: 'active' });
  const [editing, setEditing] = useState<TaskTemplate | 'new' | null>(null);
  const [form] = Form.useForm<TemplateForm>();

  const counts = useMemo(() => countByCategory(filterTemplates(rows, { ...filter, category: null })), [rows, filter]);
  const shown = useMemo(() => filterTemplates(rows, filter), [rows, filter]);
  const name = (x: TaskTemplate) => (lang === 'en' && x.nameEn ? x.nameEn : x.name);

  const open = (x: TaskTemplate | 'new') => {
    form.resetFields();
    form.setFieldsValue(templateToForm(x === 'new' ? null : x));
    setEditing(x);
  };
  const setActive = async (x: TaskTemplate, active: boolean) => {
    try {
      await catalogueApi.updateTemplate(x.id, { version: x.version, active });
      void message.success(active ? t('cat.reactivated') : t('admin.retired'));
    } catch (e) {
      void message.error(catalogueErrorText(e, lang));
    }
    reload(); // after a refusal too: a stale row shows what is stored now
  };

  return (
    <div data-testid="catalogue">
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        <SearchBox onChange={(q) => setFilter((f) => ({ ...f, q }))} testId="catalogue-search" />
        <Select
          allowClear
          placeholder={t('cat.allCategories')}
          value={filter.category ?? undefined}
          onChange={(v) => setFilter((f) => ({ ...f, category: v ?? null }))}
          style={{ width: phone ? '100%' : 200 }}
          options={TASK_CATEGORY_CODES.map((c) => ({ value: c, label: `${label(TASK_CATEGORY_LABELS, c)} (${counts[c] ?? 0})` }))}
          data-testid="catalogue-category"
        />
        <Segmented
          value={filter.status}
          onChange={(v) => setFilter((f) => ({ ...f, status: v as TemplateFilter['status'] }))}
          options={[
            { value: 'active', label: t('cat.status.active') },
            { value: 'retired', label: t('cat.status.retired') },
            { value: 'all', label: t('cat.status.all') },
          ]}
          data-testid="catalogue-status"
        />
        {canEdit && (
          <Button type="primary" onClick={() => open('new')} data-testid="catalogue-add">
            {t('admin.add')}
          </Button>
        )}
        <Typography.Text type="secondary" data-testid="catalogue-count">
          {t('admin.count', { n: shown.length })}
        </Typography.Text>
      </Space>
      <Table<TaskTemplate>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={shown}
        scroll={{ x: phone ? 720 : undefined }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(x) => ({ 'data-testid': 'catalogue-row', 'data-code': x.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.code'), dataIndex: 'code', width: 90 },
          {
            title: t('admin.name'),
            key: 'name',
            render: (_, x) => (
              <span>
                {name(x)} {!x.active && <Tag>{t('admin.retired')}</Tag>}
              </span>
            ),
          },
          { title: t('cat.category'), dataIndex: 'category', width: 110, render: (c: TaskTemplate['category']) => <Tag>{label(TASK_CATEGORY_LABELS, c)}</Tag> },
          { title: t('cat.schedule'), key: 's', render: (_, x) => <span className="jw-num">{scheduleText(x.schedule, x.unit, lang)}</span> },
          {
            title: t('cat.evidence'),
            key: 'e',
            responsive: ['md'],
            render: (_, x) => {
              const needs = evidenceNeeds(x.evidence);
              return needs.length ? needs.map((n) => <Tag key={n.key}>{t(`task.need.${n.key}`, { n: n.n ?? 0 })}</Tag>) : <Typography.Text type="secondary">{t('task.need.none')}</Typography.Text>;
            },
          },
          { title: t('cat.assignee'), dataIndex: 'assignee', width: 110, responsive: ['lg'], render: (a: TaskTemplate['assignee']) => label(TASK_ASSIGNEE_LABELS, a) },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 120,
            render: (_, x) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => open(x)} data-testid="catalogue-edit">
                  {canEdit ? t('admin.edit') : t('cat.view')}
                </Button>
                {canEdit &&
                  (x.active ? (
                    <Popconfirm title={t('cat.retireConfirm', { name: x.name })} okButtonProps={{ danger: true }} onConfirm={() => setActive(x, false)}>
                      <Button size="small" danger type="link" data-testid="catalogue-retire">
                        {t('admin.retire')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" type="link" onClick={() => void setActive(x, true)} data-testid="catalogue-reactivate">
                      {t('cat.reactivate')}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <CatalogueDrawer<TemplateForm>
        open={editing !== null}
        title={editing === 'new' ? `${t('admin.add')} · ${t('cat.template')}` : editing ? `${canEdit ? t('admin.edit') : t('cat.view')} · ${editing.code} ${editing.name}` : ''}
        form={form}
        readOnly={!canEdit}
        onClose={() => setEditing(null)}
        onSaved={reload}
        toPath={templateFieldPath}
        testId="template-drawer"
        onSubmit={() => {
          // every value of the store, also those of sections hidden now (a weekly template's days while daily is shown)
          const f = { ...templateToForm(editing === 'new' ? null : (editing as TaskTemplate)), ...(form.getFieldsValue(true) as TemplateForm) };
          return editing === 'new' ? catalogueApi.createTemplate(templateBody(f)) : catalogueApi.updateTemplate((editing as TaskTemplate).id, templatePatch(editing as TaskTemplate, f));
        }}
        onStale={async () => {
          const fresh = await catalogueApi.template((editing as TaskTemplate).id);
          form.setFieldsValue(templateToForm(fresh));
          setEditing(fresh);
          reload();
        }}
      >
        <TemplateFields isNew={editing === 'new'} />
      </CatalogueDrawer>
    </div>
  );
}

function TemplateFields({ isNew }: { isNew: boolean }) {
  const { t, label, lang } = useI18n();
  const recurrence = Form.useWatch<TemplateForm['recurrence']>('recurrence');
  const limitPeriod = Form.useWatch<boolean>('limitPeriod');
  const location = Form.useWatch<boolean>('location');
  const unit = Form.useWatch<string>('unit');
  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t('cat.section.basics')}
      </Divider>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,20}$/, message: t('cat.codeRule') }]} extra={isNew ? undefined : t('cat.codeFixed')}>
            <Input disabled={!isNew} placeholder="SQ99" data-testid="template-code" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
            <Input data-testid="template-name" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="nameEn" label={t('cat.nameEn')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="category" label={t('cat.category')} rules={[{ required: true }]}>
            <Select options={TASK_CATEGORY_CODES.map((c) => ({ value: c, label: label(TASK_CATEGORY_LABELS, c) }))} data-testid="template-category" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="assignee" label={t('cat.assignee')} rules={[{ required: true }]}>
            <Select options={TASK_ASSIGNEE_CODES.map((c) => ({ value: c, label: label(TASK_ASSIGNEE_LABELS, c) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="feedsInfo" label={t('cat.feedsInfo')} valuePropName="checked" extra={t('cat.feedsInfoHelp')}>
            <Switch />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="active" label={t('cat.active')} valuePropName="checked" extra={t('cat.activeHelp')}>
            <Switch data-testid="template-active" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('cat.section.schedule')}
      </Divider>
      <Form.Item name="recurrence" label={t('cat.recurrence')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={(['daily', 'weekly', 'monthly', 'once'] as const).map((k) => ({ value: k, label: t(`task.rec.${k}`) }))}
          data-testid="template-recurrence"
        />
      </Form.Item>
      {recurrence === 'weekly' && (
        <Form.Item name="weekdays" label={t('cat.weekdays')} rules={[{ required: true, type: 'array', min: 1, message: t('cat.weekdaysRequired') }]}>
          <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdayName(d, lang) }))} data-testid="template-weekdays" />
        </Form.Item>
      )}
      {recurrence === 'monthly' && (
        <Form.Item name="monthDay" label={t('cat.monthDay')} rules={[{ required: true }]}>
          <Select
            style={{ width: 160 }}
            options={[...Array.from({ length: 31 }, (_, i) => ({ value: i + 1 as number | 'last', label: t('cat.dayN', { n: i + 1 }) })), { value: 'last', label: t('cat.lastDay') }]}
          />
        </Form.Item>
      )}
      {recurrence === 'once' && (
        <Form.Item name="onDate" label={t('cat.onDate')} extra={t('cat.onDateHelp')} {...dateProps}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="target" label={t('cat.target')} rules={[{ required: true, type: 'integer', min: 1, max: 10000, message: t('cat.targetRule') }]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} suffix={unit || undefined} data-testid="template-target" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="unit" label={t('cat.unit')} rules={[{ required: true, whitespace: true, max: 10 }]} extra={t('cat.unitHelp')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="limitPeriod" label={t('cat.limit')}>
        <Radio.Group
          options={[
            { value: true, label: t('cat.limitPeriod') },
            { value: false, label: t('cat.limitWithin') },
          ]}
          data-testid="template-limit-mode"
        />
      </Form.Item>
      {limitPeriod === false && (
        <Form.Item label={t('cat.limitValue')} required extra={t('cat.limitHelp')}>
          <DurationInput valueName={['limitValue']} unitName={['limitUnit']} min={1} testId="template-limit" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="startTime" label={t('cat.startTime')} extra={t('cat.startTimeHelp')} {...timeProps}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="startsOn" label={t('cat.startsOn')} {...dateProps}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="endsOn" label={t('cat.endsOn')} {...dateProps}>
            <DatePicker style={{ width: '100%' }} data-testid="template-ends-on" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain>
        {t('cat.section.evidence')}
      </Divider>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="photos" label={t('cat.photos')} rules={[{ type: 'integer', min: 0, max: 6 }]} extra={t('cat.photosHelp')}>
            <InputNumber min={0} max={6} precision={0} style={{ width: '100%' }} data-testid="template-photos" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="noteMinLength" label={t('cat.noteMin')} rules={[{ type: 'integer', min: 0, max: 2000 }]} extra={t('cat.noteMinHelp')}>
            <InputNumber min={0} max={2000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="location" label={t('cat.location')} valuePropName="checked" extra={t('cat.locationHelp')}>
            <Switch data-testid="template-location" />
          </Form.Item>
        </Col>
        <Col span={12}>
          {location && (
            <Form.Item name="radiusMeters" label={t('cat.radius')} rules={[{ required: true, type: 'number', min: 5, max: 50000 }]}>
              <InputNumber min={5} max={50000} style={{ width: '100%' }} suffix={t('cat.meters')} />
            </Form.Item>
          )}
        </Col>
      </Row>
      <Form.Item label={t('cat.formFields')} extra={t('cat.formFieldsHelp')}>
        <Form.List name="formFields">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <FormFieldRow key={f.key} index={f.name} onRemove={() => remove(f.name)} />
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', label: '', type: 'text', required: true, options: [] })} data-testid="template-form-add">
                {t('cat.addFormField')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}

function FormFieldRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { t } = useI18n();
  const type = Form.useWatch<string>(['formFields', index, 'type']);
  return (
    <div className="jw-cat-formfield" style={{ border: '1px solid var(--ant-color-border-secondary, #eee)', borderRadius: 6, padding: '8px 8px 0', marginBottom: 8 }} data-testid="template-form-field">
      <Row gutter={8} align="top">
        <Col span={11}>
          <Form.Item name={[index, 'label']} label={t('cat.ff.label')} rules={[{ required: true, whitespace: true, max: 80 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={11}>
          <Form.Item name={[index, 'name']} label={t('cat.ff.name')} rules={[{ required: true, pattern: /^[A-Za-z_][A-Za-z0-9_]{0,39}$/, message: t('cat.ff.nameRule') }]}>
            <Input placeholder="visited" />
          </Form.Item>
        </Col>
        <Col span={2} style={{ paddingTop: 30 }}>
          <Button type="text" danger size="small" icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('cat.ff.remove')} />
        </Col>
      </Row>
      <Row gutter={8}>
        <Col span={11}>
          <Form.Item name={[index, 'type']} label={t('cat.ff.type')}>
            <Select options={FORM_TYPES.map((k) => ({ value: k, label: t(`cat.ff.type.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={11}>
          <Form.Item name={[index, 'required']} label={t('cat.ff.required')} valuePropName="checked">
            <Switch size="small" />
          </Form.Item>
        </Col>
      </Row>
      {type === 'choice' && (
        <Form.Item name={[index, 'options']} label={t('cat.ff.options')} extra={t('cat.ff.optionsHelp')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
        </Form.Item>
      )}
    </div>
  );
}
