// 必巡点位: the must-patrol / must-arrive points of an area with kind, tier, visits, dwell and window; create one by
// clicking the map, edit one (moving it by a click on the map), retire or reactivate it (a point of a published plan
// of today or later is refused with the plans named), export them to Excel, and print the QR sheet (one code per
// point) for the field check-in.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, TimePicker, Tooltip, Typography } from 'antd';
import { AimOutlined, DownloadOutlined, EditOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  PATROL_POINT_KINDS,
  PATROL_POINT_KIND_LABELS,
  PATROL_TIERS,
  PATROL_TIER_LABELS,
  type CreatePatrolPointBody,
  type PatrolPoint,
  type UpdatePatrolPointBody,
  type PatrolPointKind,
  type PatrolTier,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { TierTag } from './tags';
import { POINT_KIND_COLOR } from './helpers';
import { placeRows } from './places';
import { useActiveToggle } from './useRetire';

export interface PointsState {
  points: PatrolPoint[];
  loading: boolean;
  error: unknown;
  reload: () => void;
  replace: (p: PatrolPoint) => void;
}

export function usePoints(areaId: number | undefined, on: boolean): PointsState {
  const [points, setPoints] = useState<PatrolPoint[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!on || areaId === undefined) return;
    const ac = new AbortController();
    setLoading(true);
    api
      .patrolPoints({ areaId }, ac.signal)
      .then((p) => {
        if (ac.signal.aborted) return;
        setPoints(p);
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [areaId, on, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const replace = useCallback((p: PatrolPoint) => setPoints((l) => (l.some((x) => x.id === p.id) ? l.map((x) => (x.id === p.id ? p : x)) : [...l, p])), []);
  return { points, loading, error, reload, replace };
}

interface Props {
  areaId: number | undefined;
  state: PointsState;
  /** tier shown (null: all) */
  tier: PatrolTier | null;
  onTier: (t: PatrolTier | null) => void;
  /** may create and switch points (patrol.manage) */
  manager: boolean;
  /** may print the QR sheet (patrol.plan) */
  planner: boolean;
  phone: boolean;
  creating: boolean;
  onCreating: (on: boolean) => void;
  /** the point being edited (its form replaces the list) */
  editing: PatrolPoint | null;
  onEditing: (p: PatrolPoint | null) => void;
  pin: { lon: number; lat: number } | null;
  onPin: (p: { lon: number; lat: number } | null) => void;
  selectedId: number | null;
  onSelect: (p: PatrolPoint) => void;
}

interface FormValues {
  code: string;
  name: string;
  kind: PatrolPointKind;
  tier: PatrolTier;
  visitsPerShift: number;
  dwellMinutes: number;
  window?: [Dayjs | null, Dayjs | null] | null;
  minGapMinutes?: number | null;
  radiusM?: number | null;
  lon?: number | null;
  lat?: number | null;
}

export function PointsPanel({ areaId, state, tier, onTier, manager, planner, phone, creating, onCreating, editing, onEditing, pin, onPin, selectedId, onSelect }: Props) {
  const { t, label, lang } = useI18n();
  const [q, setQ] = useState('');
  const rows = useMemo(() => placeRows(state.points, tier, q), [state.points, tier, q]);
  // 停用 asks first (with an optional reason) and names the plans that still use the point; 启用 at once
  const { toggling, toggle } = useActiveToggle<PatrolPoint>({
    reactivate: (p) => api.reactivatePatrolPoint(p.id, p.version),
    retire: (p, reason) => api.retirePatrolPoint(p.id, { version: p.version, ...(reason ? { reason } : {}) }),
    replace: state.replace,
    reload: state.reload,
  });

  const printQr = () => {
    window.open(api.patrolQrSheetUrl({ areaId, tier: tier ?? undefined }), '_blank', 'noopener');
  };

  const window_ = (p: PatrolPoint) => (p.windowStart && p.windowEnd ? `${p.windowStart}–${p.windowEnd}` : t('points.wholeShift'));

  if (creating || editing) {
    const close = () => {
      onCreating(false);
      onEditing(null);
      onPin(null);
    };
    return (
      <PointForm
        key={editing ? `edit-${editing.id}-${editing.version}` : 'new'}
        editing={editing}
        pin={pin}
        onPin={onPin}
        defaultTier={tier ?? 'street'}
        onCancel={close}
        onStale={() => {
          close();
          state.reload();
        }}
        onSaved={(p) => {
          state.replace(p);
          close();
          onSelect(p);
        }}
      />
    );
  }

  const editButton = (p: PatrolPoint) =>
    manager && (
      <Tooltip title={t('places.edit')}>
        <Button
          size="small"
          type="text"
          icon={<EditOutlined />}
          aria-label={t('places.edit')}
          data-testid={`point-edit-${p.id}`}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(p);
            onEditing(p);
          }}
        />
      </Tooltip>
    );

  return (
    <div className="pt-points" data-testid="points-panel">
      <div className="pt-points-tools">
        <Input.Search allowClear placeholder={t('points.search')} onChange={(e) => setQ(e.target.value)} onSearch={setQ} className="pt-points-search" />
        <Select<PatrolTier | 'all'>
          value={tier ?? 'all'}
          onChange={(v) => onTier(v === 'all' ? null : v)}
          style={{ width: 120 }}
          aria-label={t('patrol.tier')}
          options={[{ value: 'all', label: t('points.allTiers') }, ...PATROL_TIERS.map((x) => ({ value: x, label: label(PATROL_TIER_LABELS, x) }))]}
        />
        <Space size={6} wrap>
          {manager && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => onCreating(true)} disabled={areaId === undefined} data-testid="point-new">
              {t('points.new')}
            </Button>
          )}
          {planner && (
            <Button icon={<PrinterOutlined />} onClick={printQr} disabled={areaId === undefined} data-testid="points-qr">
              {t('points.printQr')}
            </Button>
          )}
          {manager && (
            <Tooltip title={t('places.export')}>
              <Button icon={<DownloadOutlined />} href="/api/exchange/patrolpoints/export" download aria-label={t('places.export')} data-testid="points-export" />
            </Tooltip>
          )}
          <Button icon={<ReloadOutlined />} onClick={state.reload} loading={state.loading} aria-label={t('common.refresh')} />
        </Space>
      </div>
      {!!state.error && <Alert type="error" showIcon title={errorText(state.error, lang)} style={{ marginBottom: 8 }} />}
      <div className="pt-points-count jw-muted">{t('points.count', { n: rows.length, active: rows.filter((p) => p.active).length })}</div>
      {phone ? (
        <div className="jw-mlist" data-testid="points-list">
          {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.empty')} />}
          {rows.map((p) => (
            <div key={p.id} className={`jw-mcard ${p.active ? '' : 'pt-inactive'} ${selectedId === p.id ? 'pt-selected' : ''}`} onClick={() => onSelect(p)}>
              <div className="jw-mcard-row">
                <span className="jw-dot" style={{ background: POINT_KIND_COLOR[p.kind] }} />
                <b className="jw-mcard-title">{p.name}</b>
                <span className="jw-muted jw-num">{p.code}</span>
                <span className="jw-mcard-right" onClick={(e) => e.stopPropagation()}>
                  {editButton(p)}
                  <Switch size="small" checked={p.active} loading={toggling === p.id} disabled={!manager} onChange={(v) => void toggle(p, v)} aria-label={t('points.active')} />
                </span>
              </div>
              <div className="jw-mcard-sub">
                {label(PATROL_POINT_KIND_LABELS, p.kind)} · {label(PATROL_TIER_LABELS, p.tier)} · {t('points.visitsN', { n: p.visitsPerShift })} · {t('patrol.dwell', { m: p.dwellMinutes })}
              </div>
              <div className="jw-mcard-sub">
                {t('points.window')} {window_(p)}
                {p.minGapMinutes > 0 && ` · ${t('points.gapN', { m: p.minGapMinutes })}`}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<PatrolPoint>
          size="small"
          rowKey="id"
          dataSource={rows}
          loading={state.loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('points.empty') }}
          data-testid="points-list"
          rowClassName={(p) => `${p.active ? '' : 'pt-inactive'} ${selectedId === p.id ? 'pt-selected' : ''}`}
          onRow={(p) => ({ onClick: () => onSelect(p) })}
          columns={[
            {
              title: t('points.name'),
              dataIndex: 'name',
              ellipsis: true,
              render: (_: unknown, p) => (
                <span>
                  <span className="jw-dot" style={{ background: POINT_KIND_COLOR[p.kind] }} />
                  <b>{p.name}</b>
                  <div className="jw-muted pt-point-sub">
                    {label(PATROL_POINT_KIND_LABELS, p.kind)} · <span className="jw-num">{p.code}</span>
                  </div>
                </span>
              ),
            },
            { title: t('patrol.tier'), dataIndex: 'tier', width: 92, render: (x: PatrolTier) => <TierTag tier={x} /> },
            { title: t('points.visits'), dataIndex: 'visitsPerShift', width: 46, align: 'right' },
            { title: t('points.dwell'), dataIndex: 'dwellMinutes', width: 52, align: 'right', render: (m: number) => t('points.minutes', { m }) },
            { title: t('points.window'), key: 'window', width: 86, render: (_: unknown, p) => <span className="jw-num pt-window">{window_(p)}</span> },
            {
              title: t('points.active'),
              dataIndex: 'active',
              width: manager ? 78 : 56,
              render: (_: unknown, p) => (
                <span onClick={(e) => e.stopPropagation()} className="pt-row-actions">
                  <Switch size="small" checked={p.active} loading={toggling === p.id} disabled={!manager} onChange={(v) => void toggle(p, v)} data-testid={`point-active-${p.id}`} />
                  {editButton(p)}
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

const validLon = (v: unknown): v is number => typeof v === 'number' && v >= -180 && v <= 180;
const validLat = (v: unknown): v is number => typeof v === 'number' && v >= -90 && v <= 90;

function PointForm({
  editing,
  pin,
  onPin,
  defaultTier,
  onCancel,
  onStale,
  onSaved,
}: {
  editing: PatrolPoint | null;
  pin: { lon: number; lat: number } | null;
  onPin: (p: { lon: number; lat: number } | null) => void;
  defaultTier: PatrolTier;
  onCancel: () => void;
  onStale: () => void;
  onSaved: (p: PatrolPoint) => void;
}) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (pin) form.setFieldsValue({ lon: pin.lon, lat: pin.lat });
  }, [pin, form]);
  // the point being edited shows where it is
  useEffect(() => {
    if (editing) onPin({ lon: editing.lon, lat: editing.lat });
    // once per point opened
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing?.id]);

  const initial: Partial<FormValues> = editing
    ? {
        code: editing.code,
        name: editing.name,
        kind: editing.kind,
        tier: editing.tier,
        visitsPerShift: editing.visitsPerShift,
        dwellMinutes: editing.dwellMinutes,
        window: editing.windowStart && editing.windowEnd ? [dayjs(editing.windowStart, 'HH:mm'), dayjs(editing.windowEnd, 'HH:mm')] : null,
        minGapMinutes: editing.minGapMinutes,
        radiusM: editing.radiusM,
        lon: editing.lon,
        lat: editing.lat,
      }
    : { kind: 'must_patrol', tier: defaultTier, visitsPerShift: 1, dwellMinutes: 5, minGapMinutes: 60, radiusM: 50 };

  const submit = async (v: FormValues) => {
    if (!validLon(v.lon) || !validLat(v.lat)) {
      form.setFields([{ name: 'lon', errors: [t('points.pickOnMap')] }]);
      return;
    }
    const [ws, we] = v.window ?? [null, null];
    const fields = {
      name: v.name.trim(),
      kind: v.kind,
      tier: v.tier,
      lon: v.lon,
      lat: v.lat,
      visitsPerShift: v.visitsPerShift,
      dwellMinutes: v.dwellMinutes,
      ...(v.minGapMinutes != null ? { minGapMinutes: v.minGapMinutes } : {}),
      ...(v.radiusM != null ? { radiusM: v.radiusM } : {}),
    };
    setBusy(true);
    try {
      let p: PatrolPoint;
      if (editing) {
        const body: UpdatePatrolPointBody = { version: editing.version, ...fields, windowStart: ws && we ? ws.format('HH:mm') : null, windowEnd: ws && we ? we.format('HH:mm') : null };
        p = await api.updatePatrolPoint(editing.id, body);
        message.success(t('places.saved', { name: p.name }));
      } else {
        const body: CreatePatrolPointBody = { code: v.code.trim(), ...fields, ...(ws && we ? { windowStart: ws.format('HH:mm'), windowEnd: we.format('HH:mm') } : {}) };
        p = await api.createPatrolPoint(body);
        message.success(t('points.created', { name: p.name }));
      }
      form.resetFields();
      onSaved(p);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        onStale();
        return;
      }
      const problems = fieldProblems(e, lang).map((f) => ({ ...f, path: f.path[0] === 'windowStart' || f.path[0] === 'windowEnd' ? ['window'] : f.path }));
      if (problems.length) form.setFields(problems.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pt-point-form" data-testid="point-form">
      <div className="pt-section-head">
        <b>{editing ? `${t('points.edit')} · ${editing.name}` : t('points.new')}</b>
      </div>
      <div className="jw-pick-hint">
        <AimOutlined /> {t(editing ? 'points.moveHint' : 'points.pickHint')}
      </div>
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={initial}
        onFinish={submit}
        onValuesChange={(ch: Partial<FormValues>) => {
          if ('lon' in ch || 'lat' in ch) {
            const { lon, lat } = form.getFieldsValue(['lon', 'lat']);
            if (validLon(lon) && validLat(lat)) onPin({ lon, lat });
          }
        }}
        className="jw-intake-form"
        scrollToFirstError
      >
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="lon" label={t('intake.lon')} rules={[{ required: true, message: t('points.pickOnMap') }]}>
              <InputNumber style={{ width: '100%' }} min={-180} max={180} step={0.0001} precision={6} data-testid="point-lon" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lat" label={t('intake.lat')} rules={[{ required: true, message: t('points.pickOnMap') }]}>
              <InputNumber style={{ width: '100%' }} min={-90} max={90} step={0.0001} precision={6} data-testid="point-lat" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={8}>
          <Col span={10}>
            <Form.Item
              name="code"
              label={t('points.code')}
              rules={[
                { required: true, whitespace: true, message: t('points.required.code') },
                { pattern: /^[A-Za-z0-9_.-]+$/, message: t('points.codePattern') },
                { max: 40 },
              ]}
            >
              <Input maxLength={40} disabled={!!editing} data-testid="point-code" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="name" label={t('points.name')} rules={[{ required: true, whitespace: true, message: t('points.required.name') }, { max: 80 }]}>
              <Input maxLength={80} data-testid="point-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label={t('points.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={PATROL_POINT_KINDS.map((k) => ({ value: k, label: label(PATROL_POINT_KIND_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="tier" label={t('patrol.tier')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={PATROL_TIERS.map((k) => ({ value: k, label: label(PATROL_TIER_LABELS, k) }))} />
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="visitsPerShift" label={t('points.visitsPerShift')} rules={[{ required: true }]}>
              <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dwellMinutes" label={t('points.dwellMinutes')} rules={[{ required: true }]}>
              <InputNumber min={0} max={240} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="window" label={`${t('points.window')}${t('common.optional')}`} extra={t('points.windowHelp')}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} order={false} />
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="minGapMinutes" label={t('points.minGap')}>
              <InputNumber min={0} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="radiusM" label={t('points.radius')}>
              <InputNumber min={10} max={500} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {!pin && !editing && (
          <Typography.Text type="secondary" className="jw-hint">
            {t('points.pickHint')}
          </Typography.Text>
        )}
        <div className="pt-edit-foot">
          <Button onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="point-submit">
            {t('common.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
