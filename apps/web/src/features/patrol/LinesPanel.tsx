// 必巡线路: the must-patrol lines of an area (name, tier, visits, length), drawn on the map by clicking their vertices
// along the road or pasted as coordinates; edit (the course too), retire (a line of a published plan of today or later
// is refused with the plans named) and reactivate.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Col, Collapse, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Table, Tooltip, Typography } from 'antd';
import { AimOutlined, ClearOutlined, EditOutlined, PlusOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { PATROL_TIERS, PATROL_TIER_LABELS, type PatrolLine, type PatrolTier, type UpdatePatrolLineBody } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { TierTag } from './tags';
import { km, LINE_COLOR } from './helpers';
import { coordinatesText, courseMeters, distinctCourse, parseCoordinates, placeRows, type Coord } from './places';
import { useActiveToggle } from './useRetire';

export interface LinesState {
  lines: PatrolLine[];
  loading: boolean;
  error: unknown;
  reload: () => void;
  replace: (l: PatrolLine) => void;
}

interface Props {
  areaId: number | undefined;
  state: LinesState;
  tier: PatrolTier | null;
  onTier: (t: PatrolTier | null) => void;
  /** may create, edit and retire lines (patrol.manage) */
  manager: boolean;
  phone: boolean;
  /** the form is open: a new line (null) or the line being edited; undefined: the list */
  editing: PatrolLine | null | undefined;
  onEditing: (l: PatrolLine | null | undefined) => void;
  /** the course being drawn (the map adds a vertex per click) */
  draft: Coord[];
  onDraft: (c: Coord[]) => void;
  selectedId: number | null;
  onSelect: (l: PatrolLine) => void;
}

export function LinesPanel({ areaId, state, tier, onTier, manager, phone, editing, onEditing, draft, onDraft, selectedId, onSelect }: Props) {
  const { t, label, lang } = useI18n();
  const [q, setQ] = useState('');
  const rows = useMemo(() => placeRows(state.lines, tier, q), [state.lines, tier, q]);
  const { toggling, toggle } = useActiveToggle<PatrolLine>({
    reactivate: (l) => api.reactivatePatrolLine(l.id, l.version),
    retire: (l, reason) => api.retirePatrolLine(l.id, { version: l.version, ...(reason ? { reason } : {}) }),
    replace: state.replace,
    reload: state.reload,
  });

  if (editing !== undefined) {
    return (
      <LineForm
        key={editing ? `edit-${editing.id}-${editing.version}` : 'new'}
        editing={editing}
        defaultTier={tier ?? 'street'}
        draft={draft}
        onDraft={onDraft}
        onCancel={() => {
          onEditing(undefined);
          onDraft([]);
        }}
        onStale={() => {
          onEditing(undefined);
          onDraft([]);
          state.reload();
        }}
        onSaved={(l) => {
          state.replace(l);
          onEditing(undefined);
          onDraft([]);
          onSelect(l);
        }}
      />
    );
  }

  const editButton = (l: PatrolLine) =>
    manager && (
      <Tooltip title={t('places.edit')}>
        <Button
          size="small"
          type="text"
          icon={<EditOutlined />}
          aria-label={t('places.edit')}
          data-testid={`line-edit-${l.id}`}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(l);
            onDraft(l.coordinates as Coord[]);
            onEditing(l);
          }}
        />
      </Tooltip>
    );
  const activeSwitch = (l: PatrolLine) => (
    <Switch size="small" checked={l.active} loading={toggling === l.id} disabled={!manager} onChange={(v) => void toggle(l, v)} aria-label={t('points.active')} data-testid={`line-active-${l.id}`} />
  );

  return (
    <div className="pt-points" data-testid="lines-panel">
      <div className="pt-points-tools">
        <Input.Search allowClear placeholder={t('lines.search')} onChange={(e) => setQ(e.target.value)} onSearch={setQ} className="pt-points-search" />
        <Select<PatrolTier | 'all'>
          value={tier ?? 'all'}
          onChange={(v) => onTier(v === 'all' ? null : v)}
          style={{ width: 120 }}
          aria-label={t('patrol.tier')}
          options={[{ value: 'all', label: t('points.allTiers') }, ...PATROL_TIERS.map((x) => ({ value: x, label: label(PATROL_TIER_LABELS, x) }))]}
        />
        <Space size={6} wrap>
          {manager && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                onDraft([]);
                onEditing(null);
              }}
              disabled={areaId === undefined}
              data-testid="line-new"
            >
              {t('lines.new')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={state.reload} loading={state.loading} aria-label={t('common.refresh')} />
        </Space>
      </div>
      {!!state.error && <Alert type="error" showIcon title={errorText(state.error, lang)} style={{ marginBottom: 8 }} />}
      <div className="pt-points-count jw-muted">{t('lines.count', { n: rows.length, active: rows.filter((l) => l.active).length })}</div>
      {phone ? (
        <div className="jw-mlist" data-testid="lines-list">
          {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lines.empty')} />}
          {rows.map((l) => (
            <div key={l.id} className={`jw-mcard ${l.active ? '' : 'pt-inactive'} ${selectedId === l.id ? 'pt-selected' : ''}`} onClick={() => onSelect(l)}>
              <div className="jw-mcard-row">
                <span className="jw-swatch jw-swatch-line pt-swatch-dash" style={{ background: LINE_COLOR }} />
                <b className="jw-mcard-title">{l.name}</b>
                <span className="jw-muted jw-num">{l.code}</span>
                <span className="jw-mcard-right" onClick={(e) => e.stopPropagation()}>
                  {editButton(l)}
                  {activeSwitch(l)}
                </span>
              </div>
              <div className="jw-mcard-sub">
                {label(PATROL_TIER_LABELS, l.tier)} · {t('points.visitsN', { n: l.visitsPerShift })} · {t('lines.km', { km: km(l.lengthM) })} · {t('lines.vertices', { n: l.coordinates.length })}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<PatrolLine>
          size="small"
          rowKey="id"
          dataSource={rows}
          loading={state.loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('lines.empty') }}
          data-testid="lines-list"
          rowClassName={(l) => `${l.active ? '' : 'pt-inactive'} ${selectedId === l.id ? 'pt-selected' : ''}`}
          onRow={(l) => ({ onClick: () => onSelect(l) })}
          columns={[
            {
              title: t('points.name'),
              dataIndex: 'name',
              ellipsis: true,
              render: (_: unknown, l) => (
                <span>
                  <span className="jw-swatch jw-swatch-line pt-swatch-dash" style={{ background: LINE_COLOR }} />
                  <b>{l.name}</b>
                  <div className="jw-muted pt-point-sub">
                    <span className="jw-num">{l.code}</span> · {t('lines.vertices', { n: l.coordinates.length })}
                  </div>
                </span>
              ),
            },
            { title: t('patrol.tier'), dataIndex: 'tier', width: 92, render: (x: PatrolTier) => <TierTag tier={x} /> },
            { title: t('points.visits'), dataIndex: 'visitsPerShift', width: 46, align: 'right' },
            { title: t('lines.length'), dataIndex: 'lengthM', width: 76, align: 'right', render: (m: number) => <span className="jw-num">{t('lines.km', { km: km(m) })}</span> },
            {
              title: t('points.active'),
              dataIndex: 'active',
              width: manager ? 78 : 56,
              render: (_: unknown, l) => (
                <span onClick={(e) => e.stopPropagation()} className="pt-row-actions">
                  {activeSwitch(l)}
                  {editButton(l)}
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

interface FormValues {
  code: string;
  name: string;
  tier: PatrolTier;
  visitsPerShift: number;
}

function LineForm({
  editing,
  defaultTier,
  draft,
  onDraft,
  onCancel,
  onStale,
  onSaved,
}: {
  editing: PatrolLine | null;
  defaultTier: PatrolTier;
  draft: Coord[];
  onDraft: (c: Coord[]) => void;
  onCancel: () => void;
  onStale: () => void;
  onSaved: (l: PatrolLine) => void;
}) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [paste, setPaste] = useState('');
  const [courseError, setCourseError] = useState<string | null>(null);
  const course = useMemo(() => distinctCourse(draft), [draft]);
  const meters = useMemo(() => courseMeters(course), [course]);

  const applyPaste = () => {
    const r = parseCoordinates(paste);
    if ('bad' in r) {
      setCourseError(t('lines.pasteBad', { n: r.bad }));
      return;
    }
    setCourseError(null);
    onDraft(r.coords);
  };

  const submit = async (v: FormValues) => {
    if (course.length < 2) {
      setCourseError(t('lines.needTwo'));
      return;
    }
    setCourseError(null);
    setBusy(true);
    try {
      let l: PatrolLine;
      if (editing) {
        const same = JSON.stringify(course) === JSON.stringify(editing.coordinates);
        const body: UpdatePatrolLineBody = { version: editing.version, name: v.name.trim(), tier: v.tier, visitsPerShift: v.visitsPerShift, ...(same ? {} : { coordinates: course }) };
        l = await api.updatePatrolLine(editing.id, body);
        message.success(t('places.saved', { name: l.name }));
      } else {
        l = await api.createPatrolLine({ code: v.code.trim(), name: v.name.trim(), tier: v.tier, visitsPerShift: v.visitsPerShift, coordinates: course });
        message.success(t('lines.created', { name: l.name }));
      }
      onSaved(l);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        onStale();
        return;
      }
      const problems = fieldProblems(e, lang);
      const onCourse = problems.filter((f) => f.path[0] === 'coordinates');
      if (onCourse.length) setCourseError(`${errorText(e, lang)}${typeof onCourse[0]!.path[1] === 'number' ? ` · #${onCourse[0]!.path[1] + 1}` : ''}`);
      const rest = problems.filter((f) => f.path[0] !== 'coordinates');
      if (rest.length) form.setFields(rest.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pt-point-form" data-testid="line-form">
      <div className="pt-section-head">
        <b>{editing ? `${t('lines.edit')} · ${editing.name}` : t('lines.new')}</b>
      </div>
      <div className="jw-pick-hint">
        <AimOutlined /> {t('lines.drawHint')}
      </div>
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={editing ? { code: editing.code, name: editing.name, tier: editing.tier, visitsPerShift: editing.visitsPerShift } : { tier: defaultTier, visitsPerShift: 1 }}
        onFinish={submit}
        className="jw-intake-form"
        scrollToFirstError
      >
        <div className="pt-course" data-testid="line-course">
          <div className="pt-course-head">
            <Typography.Text strong>{t('lines.course')}</Typography.Text>
            <span className="jw-muted jw-num" data-testid="line-course-summary">
              {t('lines.vertices', { n: course.length })} · {t('lines.km', { km: km(meters) })}
            </span>
          </div>
          <Space size={6} wrap>
            <Button size="small" icon={<UndoOutlined />} disabled={draft.length === 0} onClick={() => onDraft(draft.slice(0, -1))} data-testid="line-undo">
              {t('lines.undo')}
            </Button>
            <Button size="small" icon={<ClearOutlined />} disabled={draft.length === 0} onClick={() => onDraft([])}>
              {t('lines.clear')}
            </Button>
          </Space>
          {courseError && <Alert type="error" showIcon title={courseError} className="pt-course-error" data-testid="line-course-error" />}
          <Collapse
            size="small"
            ghost
            className="pt-course-paste"
            items={[
              {
                key: 'paste',
                label: t('lines.paste'),
                children: (
                  <div>
                    <Input.TextArea
                      rows={4}
                      value={paste}
                      onChange={(e) => setPaste(e.target.value)}
                      placeholder={editing ? coordinatesText(editing.coordinates as Coord[]) : '120.0031,32.0050\n120.0080,32.0050'}
                      className="jw-num"
                      data-testid="line-paste"
                    />
                    <div className="jw-hint jw-muted">{t('lines.pasteHelp')}</div>
                    <Button size="small" onClick={applyPaste} disabled={!paste.trim()} data-testid="line-paste-apply">
                      {t('lines.pasteApply')}
                    </Button>
                  </div>
                ),
              },
            ]}
          />
        </div>
        <Row gutter={8}>
          <Col span={10}>
            <Form.Item
              name="code"
              label={t('points.code')}
              rules={[
                { required: true, whitespace: true, message: t('lines.required.code') },
                { pattern: /^[A-Za-z0-9_.-]+$/, message: t('points.codePattern') },
                { max: 40 },
              ]}
            >
              <Input maxLength={40} disabled={!!editing} data-testid="line-code" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="name" label={t('points.name')} rules={[{ required: true, whitespace: true, message: t('lines.required.name') }, { max: 80 }]}>
              <Input maxLength={80} data-testid="line-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tier" label={t('patrol.tier')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={PATROL_TIERS.map((k) => ({ value: k, label: label(PATROL_TIER_LABELS, k) }))} />
        </Form.Item>
        <Form.Item name="visitsPerShift" label={t('points.visitsPerShift')} rules={[{ required: true }]}>
          <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <div className="pt-edit-foot">
          <Button onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="line-submit">
            {t('common.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
