// 考核方案 (issue 12 part 1): each assessment plan with its items (indicator and weight), the live sum of the weights
// (saving waits until it is exactly 100; the server refuses another sum with 422 PLAN_WEIGHTS_NOT_100), the minimum
// coverage below which a subject is not ranked, and the star rules it proposes stars by. A stale save (409) says so
// and loads the plan as stored. Admins edit; station leads read.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Progress, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AssessmentPlanT, IndicatorDefT } from '@jingwang/contracts';
import { STAR_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { ApiError } from '../../api/errors';
import { catalogueApi } from './catalogueApi';
import { planBody, planProblems, weightSum } from './catalogueHelpers';
import { catalogueErrorText, isStale, useCanEditCatalogue } from './CatalogueParts';
import { useList } from './shared';

export function PlansTab() {
  const { t } = useI18n();
  const plans = useList(catalogueApi.plans);
  const defs = useList(catalogueApi.indicatorDefs);
  if (plans.loading && plans.rows.length === 0) return <Spin />;
  return (
    <div data-testid="plans">
      <Alert type="info" showIcon message={t('cat.plan.hint')} style={{ marginBottom: 12 }} />
      {plans.rows.length === 0 ? (
        <Empty />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(460px, 100%), 1fr))', gap: 16, alignItems: 'start' }}>
          {plans.rows.map((p) => (
            <PlanCard key={`${p.code}@${p.version}`} plan={p} defs={defs.rows} onReload={plans.reload} />
          ))}
        </div>
      )}
    </div>
  );
}

interface Item {
  key: number;
  indicator: string;
  weight: number | null;
}

function PlanCard({ plan, defs, onReload }: { plan: AssessmentPlanT; defs: IndicatorDefT[]; onReload: () => void }) {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const canEdit = useCanEditCatalogue();
  const initial = useMemo(() => plan.items.map((i, k) => ({ key: k, indicator: i.indicator, weight: i.weight })), [plan]);
  const [items, setItems] = useState<Item[]>(initial);
  const [name, setName] = useState(plan.name);
  const [coverage, setCoverage] = useState<number | null>(Math.round(plan.minCoverage * 1000) / 10);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  useEffect(() => {
    setItems(initial);
    setName(plan.name);
    setCoverage(Math.round(plan.minCoverage * 1000) / 10);
  }, [initial, plan]);

  const byCode = useMemo(() => new Map(defs.map((d) => [d.code, d])), [defs]);
  const defName = (c: string) => {
    const d = byCode.get(c);
    return d ? (lang === 'en' && d.nameEn ? d.nameEn : d.name) : c;
  };
  const sum = weightSum(items);
  const problems = planProblems(items);
  const dirty = JSON.stringify(items.map(({ indicator, weight }) => ({ indicator, weight }))) !== JSON.stringify(plan.items) || name !== plan.name || coverage !== Math.round(plan.minCoverage * 1000) / 10;
  const canSave = canEdit && dirty && problems.length === 0 && name.trim() !== '' && coverage !== null;
  const options = defs
    .filter((d) => d.active && (!d.levels || d.levels.includes(plan.level)))
    .map((d) => ({ value: d.code, label: lang === 'en' && d.nameEn ? d.nameEn : d.name, disabled: items.some((i) => i.indicator === d.code) }));
  const set = (key: number, patch: Partial<Item>) => {
    setServerError(null);
    setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  };

  const save = async () => {
    setBusy(true);
    setServerError(null);
    try {
      await catalogueApi.savePlan(plan.code, planBody(plan, { name, minCoveragePercent: coverage ?? 0, items: items.map((i) => ({ indicator: i.indicator, weight: i.weight ?? 0 })) }));
      void message.success(t('admin.saved'));
      onReload();
    } catch (e) {
      const text = catalogueErrorText(e, lang);
      void message.error(text);
      if (isStale(e)) {
        void message.warning(t('cat.staleReloaded'));
        onReload();
      } else {
        const sumNow = e instanceof ApiError && e.code === 'PLAN_WEIGHTS_NOT_100' ? (e.details as { sum?: number } | null)?.sum : undefined;
        setServerError(sumNow !== undefined ? `${text}（${t('cat.plan.sum', { sum: sumNow })}）` : text);
      }
    } finally {
      setBusy(false);
    }
  };

  const percent = Math.max(0, Math.min(100, sum));
  const sumOk = Math.abs(sum - 100) < 1e-6;
  return (
    <Card
      size="small"
      data-testid="plan-card"
      data-code={plan.code}
      title={
        <Space wrap>
          {canEdit ? <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} style={{ width: phone ? 200 : 240 }} data-testid="plan-name" /> : <b>{plan.name}</b>}
          <Tag>{t(`cat.level.${plan.level}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {plan.code} · v{plan.version}
          </Typography.Text>
        </Space>
      }
    >
      <Table<Item>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={items}
        scroll={{ x: phone ? 420 : undefined }}
        onRow={(i) => ({ 'data-testid': 'plan-item', 'data-indicator': i.indicator }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('cat.plan.indicator'),
            key: 'i',
            render: (_, i) =>
              canEdit ? (
                <Select
                  value={i.indicator || undefined}
                  status={!i.indicator ? 'error' : undefined}
                  placeholder={t('cat.plan.pick')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={options}
                  onChange={(v: string) => set(i.key, { indicator: v })}
                  style={{ width: '100%', minWidth: 180 }}
                />
              ) : (
                defName(i.indicator)
              ),
          },
          {
            title: t('cat.plan.weight'),
            key: 'w',
            width: 140,
            render: (_, i) =>
              canEdit ? (
                <InputNumber
                  value={i.weight}
                  min={0}
                  max={100}
                  status={!(typeof i.weight === 'number' && i.weight > 0) ? 'error' : undefined}
                  onChange={(v) => set(i.key, { weight: typeof v === 'number' ? v : null })}
                  style={{ width: '100%' }}
                  data-testid="plan-weight"
                />
              ) : (
                <span className="jw-num">{i.weight}</span>
              ),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'x',
                  width: 44,
                  render: (_: unknown, i: Item) => (
                    <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('cat.plan.remove')} onClick={() => setItems((xs) => xs.filter((x) => x.key !== i.key))} />
                  ),
                },
              ]
            : []),
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <b>{t('cat.plan.total')}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} colSpan={canEdit ? 2 : 1}>
              <Space size={6}>
                <b className="jw-num" style={{ color: sumOk ? 'var(--ant-color-success, #389e0d)' : 'var(--ant-color-error, #cf1322)' }} data-testid="plan-sum">
                  {sum}
                </b>
                <span>/ 100</span>
              </Space>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Progress percent={percent} showInfo={false} status={sumOk ? 'success' : sum > 100 ? 'exception' : 'active'} size="small" style={{ margin: '8px 0 4px' }} />
      {!sumOk && items.length > 0 && (
        <Typography.Text type="danger" data-testid="plan-sum-hint">
          {sum < 100 ? t('cat.plan.under', { sum, n: Math.round((100 - sum) * 1000) / 1000 }) : t('cat.plan.over', { sum, n: Math.round((sum - 100) * 1000) / 1000 })}
        </Typography.Text>
      )}
      {problems.includes('duplicate') && <Typography.Text type="danger"> {t('cat.plan.duplicate')}</Typography.Text>}
      {serverError && <Alert type="error" showIcon message={serverError} style={{ marginTop: 8 }} data-testid="plan-error" />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginTop: 12 }}>
        {canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setItems((xs) => [...xs, { key: Math.max(-1, ...xs.map((x) => x.key)) + 1, indicator: '', weight: null }])} data-testid="plan-add-item">
            {t('cat.plan.addItem')}
          </Button>
        )}
        <Space size={6}>
          <span>{t('cat.plan.minCoverage')}</span>
          {canEdit ? <InputNumber value={coverage} min={0} max={100} suffix="%" onChange={(v) => setCoverage(typeof v === 'number' ? v : null)} style={{ width: 100 }} /> : <b>{coverage}%</b>}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('cat.plan.minCoverageHelp')}
        </Typography.Text>
      </div>
      <div style={{ marginTop: 12 }} data-testid="plan-stars">
        <Typography.Text strong>{t('cat.plan.stars')}</Typography.Text>
        {plan.stars.length === 0 ? (
          <Typography.Text type="secondary"> {t('cat.plan.noStars')}</Typography.Text>
        ) : (
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {plan.stars.map((s) => (
              <li key={s.star}>
                <Tag color="gold">{label(STAR_LABELS, s.star)}</Tag>
                {t('cat.plan.starRule', { indicators: s.indicators.map(defName).join('、'), min: s.minScore })}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canEdit && (
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" disabled={!canSave} loading={busy} onClick={() => void save()} data-testid="plan-save">
            {t('admin.save')}
          </Button>
          <Button
            disabled={!dirty}
            onClick={() => {
              setItems(initial);
              setName(plan.name);
              setCoverage(Math.round(plan.minCoverage * 1000) / 10);
              setServerError(null);
            }}
          >
            {t('cat.plan.reset')}
          </Button>
          {!sumOk && items.length > 0 && <Typography.Text type="secondary">{t('cat.plan.saveWhen100')}</Typography.Text>}
        </Space>
      )}
    </Card>
  );
}
