// 办案期限 (issue 17, admins): the statutory time limits of the case stages as data. Each limit runs from the entry of
// its base stage, in hours, days (the day of entry not counted) or months (month ends kept); a change is versioned and
// moves the deadlines of the open steps under it (recomputed by the server from their stored start, never typed).
// The amount is checked here against the unit's maximum and again by the server, whose field errors land on the fields.
import { useState } from 'react';
import { Alert, Button, Form, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, LIMIT_MAX } from '@jingwang/core';
import { LIMIT_UNITS, type CaseLimitT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { casesApi } from '../cases/api';
import { EditDrawer, useList } from './shared';

type Unit = CaseLimitT['unit'];

export function CaseLimitsTab() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { rows, loading, reload } = useList(() => casesApi.limits());
  const [editing, setEditing] = useState<CaseLimitT | null>(null);
  const [form] = Form.useForm<{ unit: Unit; amount: number }>();
  const unit = Form.useWatch('unit', form);
  const unitText = (u: Unit) => t(`cases.limits.unit.${u}`);
  const open = (l: CaseLimitT) => {
    form.setFieldsValue({ unit: l.unit, amount: l.amount });
    setEditing(l);
  };

  return (
    <div data-testid="case-limits">
      <Alert type="info" showIcon message={t('cases.limits.hint')} style={{ marginBottom: 12 }} />
      <Table<CaseLimitT>
        rowKey="key"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: phone ? 640 : undefined }}
        onRow={(l) => ({ 'data-testid': 'case-limit-row', 'data-key': l.key }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.limits.name'), dataIndex: 'label' },
          { title: t('cases.kind'), dataIndex: 'kind', width: 140, render: (k: CaseLimitT['kind']) => label(CASE_KIND_LABELS, k) },
          { title: t('cases.limits.stage'), dataIndex: 'stage', width: 130, render: (s: CaseLimitT['stage']) => <Tag>{label(CASE_STATUS_LABELS, s)}</Tag> },
          { title: t('cases.limits.from'), dataIndex: 'base', width: 130, render: (s: CaseLimitT['base']) => label(CASE_STATUS_LABELS, s) },
          {
            title: t('cases.limits.amount'),
            key: 'amount',
            width: 120,
            render: (_, l) => (
              <b className="jw-num" data-testid="case-limit-amount">
                {l.amount} {unitText(l.unit)}
              </b>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'a',
            width: 90,
            render: (_, l) => (
              <Button size="small" type="link" onClick={() => open(l)} data-testid="case-limit-edit">
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />
      <EditDrawer
        open={editing !== null}
        title={editing ? `${t('admin.edit')} · ${editing.label}` : ''}
        form={form}
        onClose={() => setEditing(null)}
        onSaved={reload}
        testId="case-limit-drawer"
        onSubmit={async (v: { unit: Unit; amount: number }) => {
          try {
            return await casesApi.setLimit(editing!.key, { unit: v.unit, amount: v.amount, version: editing!.version });
          } catch (e) {
            reload(); // a stale version: the list shows the limit as it is now
            throw e;
          }
        }}
      >
        {editing && (
          <Typography.Paragraph type="secondary">
            {label(CASE_KIND_LABELS, editing.kind)} · {t('cases.limits.runsFrom', { stage: label(CASE_STATUS_LABELS, editing.base) })}
          </Typography.Paragraph>
        )}
        <Form.Item name="unit" label={t('cases.limits.unit')} rules={[{ required: true }]}>
          <Select options={LIMIT_UNITS.map((u) => ({ value: u, label: unitText(u) }))} data-testid="case-limit-unit" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('cases.limits.amount')}
          dependencies={['unit']}
          extra={unit ? t('cases.limits.max', { n: LIMIT_MAX[unit as Unit], unit: unitText(unit as Unit) }) : undefined}
          rules={[
            { required: true, message: t('cases.limits.amountRequired') },
            {
              validator: async (_, v: number | null) => {
                if (v === null || v === undefined) return;
                if (!Number.isInteger(v) || v < 0) throw new Error(t('cases.limits.amountWhole'));
                if (unit && v > LIMIT_MAX[unit as Unit]) throw new Error(t('cases.limits.max', { n: LIMIT_MAX[unit as Unit], unit: unitText(unit as Unit) }));
              },
            },
          ]}
        >
          <InputNumber style={{ width: '100%' }} data-testid="case-limit-amount-input" />
        </Form.Item>
        <Typography.Text type="secondary">{t('cases.limits.moves')}</Typography.Text>
      </EditDrawer>
    </div>
  );
}
