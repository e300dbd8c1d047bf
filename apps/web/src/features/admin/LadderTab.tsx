// 督办阶梯 (issue 12 part 1): the supervision ladder per task category (the default '*' for categories without their
// own): a heads-up before the due time, then 催办 at or after it, 黄牌 (the station's leads are told) and 红牌 (the
// district's leads). Each step can be switched off. Admins edit; station leads read.
import { useMemo, useState } from 'react';
import { Alert, Form, Switch, Table, Tag, Button, Typography } from 'antd';
import { TASK_CATEGORY_CODES, type EscalationPolicyT } from '@jingwang/contracts';
import { TASK_CATEGORY_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { catalogueApi } from './catalogueApi';
import { effectiveLadder, LADDER_KEYS, ladderBody, ladderStepText, ladderToForm, type LadderForm, type LadderKey } from './catalogueHelpers';
import { CatalogueDrawer, DurationInput, useCanEditCatalogue } from './CatalogueParts';
import { useList } from './shared';

interface Row {
  category: string;
  policy: EscalationPolicyT;
  inherited: boolean;
}

export function LadderTab() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const canEdit = useCanEditCatalogue();
  const { rows: policies, loading, reload } = useList(catalogueApi.policies);
  const [editing, setEditing] = useState<Row | null>(null);
  const [form] = Form.useForm<LadderForm>();
  const rows: Row[] = useMemo(() => ['*', ...TASK_CATEGORY_CODES].map((c) => ({ category: c, ...effectiveLadder(policies, c) })), [policies]);
  const catName = (c: string) => (c === '*' ? t('cat.ladder.default') : label(TASK_CATEGORY_LABELS, c as (typeof TASK_CATEGORY_CODES)[number]));
  const open = (r: Row) => {
    form.resetFields();
    form.setFieldsValue(ladderToForm(r.policy));
    setEditing(r);
  };
  const step = (k: LadderKey) => ({
    title: t(`cat.ladder.${k}`),
    key: k,
    render: (_: unknown, r: Row) => {
      const v = r.policy[k];
      return <span className={r.inherited ? 'jw-muted' : undefined}>{v === null ? <Typography.Text type="secondary">{ladderStepText(k, v, lang)}</Typography.Text> : ladderStepText(k, v, lang)}</span>;
    },
  });
  return (
    <div data-testid="ladder">
      <Alert type="info" showIcon message={t('cat.ladder.hint')} style={{ marginBottom: 12 }} />
      <Table<Row>
        rowKey="category"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: phone ? 720 : undefined }}
        onRow={(r) => ({ 'data-testid': 'ladder-row', 'data-category': r.category }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cat.category'), key: 'c', render: (_, r) => <b>{catName(r.category)}</b> },
          ...LADDER_KEYS.map(step),
          {
            title: t('cat.ladder.source'),
            key: 'src',
            render: (_, r) => (r.category === '*' ? <Tag color="blue">{t('cat.ladder.isDefault')}</Tag> : r.inherited ? <Tag>{t('cat.ladder.inherits')}</Tag> : <Tag color="purple">{t('cat.ladder.own')}</Tag>),
          },
          {
            title: t('admin.actions'),
            key: 'a',
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => open(r)} data-testid="ladder-edit">
                {canEdit ? t('admin.edit') : t('cat.view')}
              </Button>
            ),
          },
        ]}
      />
      <CatalogueDrawer<LadderForm>
        open={editing !== null}
        title={editing ? `${t('cat.ladder.title')} · ${catName(editing.category)}` : ''}
        form={form}
        readOnly={!canEdit}
        width={480}
        onClose={() => setEditing(null)}
        onSaved={reload}
        onStale={async () => reload()}
        toPath={(p) => {
          const k = p.split('/').filter(Boolean)[0];
          return k && (LADDER_KEYS as readonly string[]).includes(k) ? [k, 'value'] : null;
        }}
        testId="ladder-drawer"
        onSubmit={() => catalogueApi.setPolicy(editing!.category, ladderBody(form.getFieldsValue(true) as LadderForm))}
      >
        {editing?.inherited && <Alert type="info" showIcon message={t('cat.ladder.inheritNote')} style={{ marginBottom: 12 }} />}
        {LADDER_KEYS.map((k) => (
          <LadderStep key={k} k={k} />
        ))}
        <Typography.Text type="secondary">{t('cat.ladder.order')}</Typography.Text>
      </CatalogueDrawer>
    </div>
  );
}

function LadderStep({ k }: { k: LadderKey }) {
  const { t } = useI18n();
  const on = Form.useWatch<boolean>([k, 'on']);
  return (
    <Form.Item label={t(`cat.ladder.${k}`)} extra={t(`cat.ladder.${k}.help`)} data-testid={`ladder-${k}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Form.Item name={[k, 'on']} valuePropName="checked" noStyle>
          <Switch checkedChildren={t('cat.on')} unCheckedChildren={t('cat.off')} />
        </Form.Item>
        <div style={{ flex: 1 }}>
          <DurationInput valueName={[k, 'value']} unitName={[k, 'unit']} disabled={!on} />
        </div>
      </div>
    </Form.Item>
  );
}
