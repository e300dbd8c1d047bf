// Reinforcement requests (梯次增援): the request form (anyone logged in, on an open incident), the list of open
// requests with accept / fulfilled / cancel (the command room; optimistic concurrency on `version`), and the hook that
// keeps the list fresh (socket incident changes, every 30 s).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import {
  ECHELON_LABELS,
  REINFORCEMENT_STATUS_LABELS,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  type Incident,
  type Reinforcement,
  type ReinforcementAction,
  type ReinforcementStatus,
  type UnitType,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useLive, useNow } from '../../app/live';
import { useAuth } from '../../app/auth';
import { api } from '../../api/endpoints';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { ageMinutes, formatAge } from '../../lib/queue';
import { canHandleReinforcements, debounceMaxWait, reinforcementActions, sortReinforcements, upsertByVersion } from '../../lib/dispatch';
import type { DictKey } from '../../app/dict';

const STATUS_TAG: Record<ReinforcementStatus, string> = { requested: 'magenta', accepted: 'blue', fulfilled: 'green', cancelled: 'default' };
const OPEN: ReadonlySet<ReinforcementStatus> = new Set(['requested', 'accepted']);
const ACTION_KEY: Record<ReinforcementAction, DictKey> = { accept: 'reinf.accept', fulfil: 'reinf.fulfil', cancel: 'reinf.cancel' };

/** Open requests (all in scope, or one incident's), refreshed on incident changes (debounced) and every 30 s. */
export function useReinforcements(incidentId?: number, enabled = true) {
  const { incidentTick } = useLive();
  const [items, setItems] = useState<Reinforcement[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async () => {
    if (!enabled) return;
    try {
      const list = await api.reinforcements({ status: 'open', ...(incidentId ? { incidentId } : {}) });
      setItems(sortReinforcements(list));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }, [incidentId, enabled]);

  useEffect(() => {
    setItems([]);
    setLoaded(false);
    if (!enabled) return;
    void load();
    const id = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) void load();
    }, 30_000);
    return () => clearInterval(id);
  }, [load, enabled]);

  // a request changes its incident (an event is added and the incident is published): reload soon after
  const deb = useMemo(() => debounceMaxWait(() => void load(), 1500, 10_000), [load]);
  useEffect(() => () => deb.cancel(), [deb]);
  useEffect(() => {
    if (incidentTick > 0) deb.call();
  }, [incidentTick, deb]);

  /** Applies a row returned by an action (closed requests leave the open list). */
  const apply = useCallback((r: Reinforcement) => {
    setItems((list) => sortReinforcements(upsertByVersion(list, r).filter((x) => OPEN.has(x.status))));
  }, []);

  return { items, error, loaded, reload: load, apply };
}

export function ReinforcementList({
  items,
  onApply,
  onReload,
  onSelectIncident,
  showIncident = true,
  emptyText,
}: {
  items: Reinforcement[];
  onApply: (r: Reinforcement) => void;
  onReload: () => Promise<void> | void;
  onSelectIncident?: (incidentId: number) => void;
  showIncident?: boolean;
  emptyText?: string;
}) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const now = useNow(30_000);
  const [busy, setBusy] = useState<string | null>(null);
  const handler = canHandleReinforcements(user?.role);

  const act = async (r: Reinforcement, action: ReinforcementAction) => {
    setBusy(`${r.id}:${action}`);
    try {
      const res = await api.actOnReinforcement(r.id, action, r.version);
      message.success(t('reinf.done', { action: t(ACTION_KEY[action]) }));
      onApply(res);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION' || e.code === 'REINFORCEMENT_NOT_FOUND')) {
        message.warning(e.code === 'STALE_VERSION' ? t('reinf.stale') : errorText(e, lang));
        await onReload();
      } else {
        message.error(errorText(e, lang));
      }
    } finally {
      setBusy(null);
    }
  };

  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('reinf.none')} />;
  return (
    <div className="jw-reinf-list" data-testid="reinf-list">
      {items.map((r) => {
        // the requester may withdraw their own request; the rest is the command room's
        const own = user?.displayName === r.requestedByName;
        const actions = reinforcementActions(r.status).filter((a) => handler || (a === 'cancel' && own));
        return (
          <div key={r.id} className={`jw-reinf is-${r.status}`} data-testid={`reinf-${r.id}`} data-status={r.status} data-version={r.version}>
            <div className="jw-reinf-line">
              {showIncident &&
                (onSelectIncident ? (
                  <Typography.Link className="jw-reinf-number" onClick={() => onSelectIncident(r.incidentId)}>
                    {r.incidentNumber}
                  </Typography.Link>
                ) : (
                  <span className="jw-reinf-number">{r.incidentNumber}</span>
                ))}
              <Tag color="orange" className="jw-tag">
                {label(ECHELON_LABELS, r.echelon)}
              </Tag>
              <Tag color={STATUS_TAG[r.status]} className="jw-tag" data-testid="reinf-status">
                {label(REINFORCEMENT_STATUS_LABELS, r.status)}
              </Tag>
              <span className="jw-reinf-age">{formatAge(ageMinutes(r.requestedAt, now), lang)}</span>
            </div>
            <div className="jw-reinf-need">
              <b>{t('reinf.units', { n: r.unitsNeeded })}</b>
              {' · '}
              {r.unitTypes.length ? r.unitTypes.map((x) => label(UNIT_TYPE_LABELS, x)).join('/') : t('reinf.unitTypesAny')}
            </div>
            <div className="jw-reinf-reason">{r.reason}</div>
            <div className="jw-reinf-meta">
              {t('reinf.by', { name: r.requestedByName })}
              {r.handledByName && ` · ${t('reinf.handledBy', { name: r.handledByName })}`}
            </div>
            {actions.length > 0 && (
              <Space size={6} wrap className="jw-reinf-actions">
                {actions.map((a) =>
                  a === 'cancel' ? (
                    <Popconfirm key={a} title={t('reinf.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act(r, a)}>
                      <Button size="small" danger loading={busy === `${r.id}:${a}`} disabled={!!busy && busy !== `${r.id}:${a}`} data-testid={`reinf-${a}`}>
                        {t(ACTION_KEY[a])}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      key={a}
                      size="small"
                      type={a === 'accept' || (a === 'fulfil' && r.status === 'accepted') ? 'primary' : 'default'}
                      loading={busy === `${r.id}:${a}`}
                      disabled={!!busy && busy !== `${r.id}:${a}`}
                      onClick={() => void act(r, a)}
                      data-testid={`reinf-${a}`}
                    >
                      {t(ACTION_KEY[a])}
                    </Button>
                  ),
                )}
              </Space>
            )}
          </div>
        );
      })}
    </div>
  );
}

interface FormValues {
  echelon: 1 | 2 | 3;
  unitsNeeded: number;
  unitTypes: UnitType[];
  reason: string;
}

export function ReinforcementModal({
  incident,
  open,
  prefill,
  onClose,
  onDone,
}: {
  incident: Pick<Incident, 'id' | 'number'>;
  open: boolean;
  prefill?: Partial<FormValues> | null;
  onClose: () => void;
  onDone: (r: Reinforcement) => void;
}) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ echelon: 2, unitsNeeded: 1, unitTypes: [], reason: '', ...(prefill ?? {}) });
  }, [open, prefill, form]);

  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const r = await api.requestReinforcement(incident.id, {
        echelon: v.echelon,
        unitsNeeded: v.unitsNeeded,
        ...(v.unitTypes?.length ? { unitTypes: v.unitTypes } : {}),
        reason: v.reason.trim(),
      });
      message.success(t('reinf.submitted'));
      onDone(r);
    } catch (e) {
      const fields = fieldProblems(e, lang);
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      onOk={submit}
      title={
        <span>
          <AlertOutlined /> {t('reinf.title', { number: incident.number })}
        </span>
      }
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'reinf-submit' } as object) }}
      destroyOnHidden
      width={480}
      className="jw-reinf-modal"
    >
      <Form<FormValues> form={form} layout="vertical" data-testid="reinf-form" requiredMark={false}>
        <Form.Item name="echelon" label={t('reinf.echelon')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={([1, 2, 3] as const).map((n) => ({ value: n, label: label(ECHELON_LABELS, n) }))}
            data-testid="reinf-echelon"
          />
        </Form.Item>
        <Space size={12} wrap align="start">
          <Form.Item name="unitsNeeded" label={t('reinf.unitsNeeded')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} style={{ width: 110 }} data-testid="reinf-units" />
          </Form.Item>
          <Form.Item name="unitTypes" label={t('reinf.unitTypes')}>
            <Select
              mode="multiple"
              allowClear
              maxCount={5}
              placeholder={t('reinf.unitTypesAny')}
              style={{ minWidth: 220 }}
              options={UNIT_TYPES.map((x) => ({ value: x, label: label(UNIT_TYPE_LABELS, x) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t('reinf.reason')} rules={[{ required: true, whitespace: true, message: t('reinf.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('reinf.reasonPlaceholder')} data-testid="reinf-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
