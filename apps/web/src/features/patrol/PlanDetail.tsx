// One plan: its header and numbers (risk coverage, unmet mandatory visits), publish / cancel, and per team the route
// with its stops, totals and warnings. A route can be edited by hand (move, drop, add a stop) and saved with its
// version; the server re-times it on the road graph.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Empty, Popconfirm, Select, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CloseOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
  SendOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { PATROL_STOP_KIND_LABELS, UNIT_TYPE_LABELS, type PatrolPlan, type PatrolStopKind, type PlanRoute } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api, type PlanCandidate } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { formatRate } from '../../lib/dispatch';
import {
  countStops,
  draftChanged,
  draftOf,
  editBody,
  formatRisk,
  hoursMinutes,
  insertAt,
  km,
  moveItem,
  newDraftStop,
  removeAt,
  riskShare,
  stopStatus,
  clock,
  type DraftStop,
} from './helpers';
import { PlanStatusTag, StopKindTag, StopStatusTag, TierTag } from './tags';

export interface RouteEdit {
  routeId: number;
  draft: DraftStop[];
}

/** "2 小时 05 分" / "35 分钟" */
export function useDuration() {
  const { t } = useI18n();
  return useCallback(
    (seconds: number) => {
      const { h, m } = hoursMinutes(seconds);
      return h > 0 ? t('patrol.hm', { h, m: String(m).padStart(2, '0') }) : t('patrol.m', { m });
    },
    [t],
  );
}

interface Props {
  plan: PatrolPlan;
  colors: ReadonlyMap<number, string>;
  focusRouteId: number | null;
  onFocus: (routeId: number | null) => void;
  edit: RouteEdit | null;
  onEdit: (e: RouteEdit | null) => void;
  planner: boolean;
  /** reload the plan (and the list) after a change or a conflict */
  onReload: () => void;
  live: ReactNode;
  report: ReactNode;
  tab: string;
  onTab: (k: string) => void;
}

export function PlanDetail({ plan, colors, focusRouteId, onFocus, edit, onEdit, planner, onReload, live, report, tab, onTab }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'publish' | 'cancel' | null>(null);
  const share = riskShare(plan.riskPlanned, plan.riskTotal);
  const totalM = plan.routes.reduce((a, r) => a + r.distanceM, 0);
  const published = plan.status === 'published';
  const straight = plan.routes.some((r) => r.travelSource === 'straight_line');
  const unmetVisits = plan.unmet.reduce((a, u) => a + u.missing, 0);

  const act = async (what: 'publish' | 'cancel') => {
    setBusy(what);
    try {
      if (what === 'publish') await api.publishPatrolPlan(plan.id, plan.version);
      else await api.cancelPatrolPlan(plan.id, plan.version);
      message.success(t(what === 'publish' ? 'patrol.published' : 'patrol.cancelled'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') message.warning(t('patrol.staleReloaded'));
      else message.error(errorText(e, lang));
    } finally {
      setBusy(null);
      onReload();
    }
  };

  const routes = useMemo(() => [...plan.routes].sort((a, b) => a.callsign.localeCompare(b.callsign, 'zh-CN', { numeric: true })), [plan.routes]);

  const routesTab = (
    <div className="pt-routes" data-testid="plan-routes">
      {routes.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrol.noRoutes')} />}
      {routes.map((r) => (
        <RouteCard
          key={r.id}
          plan={plan}
          route={r}
          color={colors.get(r.id) ?? '#ffd666'}
          focus={focusRouteId === r.id}
          expanded={focusRouteId === r.id || routes.length <= 2 || edit?.routeId === r.id}
          onFocus={() => onFocus(focusRouteId === r.id ? null : r.id)}
          edit={edit?.routeId === r.id ? edit : null}
          canEdit={planner && plan.status !== 'cancelled' && !edit}
          onEdit={onEdit}
          onReload={onReload}
        />
      ))}
    </div>
  );

  return (
    <div className="pt-plan" data-testid="plan-detail" data-plan={plan.id} data-status={plan.status}>
      <div className="pt-plan-head">
        <div className="pt-plan-title">
          <b>
            {plan.date} {plan.shift.name}
          </b>
          <TierTag tier={plan.tier} />
          <PlanStatusTag status={plan.status} />
        </div>
        <div className="pt-plan-sub">
          {plan.areaName} · <span className="jw-num">{clock(plan.shiftStart)}–{clock(plan.shiftEnd)}</span> ·{' '}
          {t('patrol.generatedBy', { name: plan.generatedByName, time: dayjs(plan.generatedAt).format('MM-DD HH:mm') })}
          {plan.publishedAt && ` · ${t('patrol.publishedBy', { name: plan.publishedByName ?? '—', time: dayjs(plan.publishedAt).format('MM-DD HH:mm') })}`}
        </div>
        {planner && plan.status !== 'cancelled' && (
          <Space wrap size={6} className="pt-plan-actions">
            {plan.status === 'draft' && (
              <Popconfirm title={t('patrol.publishConfirm')} onConfirm={() => void act('publish')} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button type="primary" icon={<SendOutlined />} loading={busy === 'publish'} disabled={!!edit} data-testid="plan-publish">
                  {t('patrol.publish')}
                </Button>
              </Popconfirm>
            )}
            <Popconfirm
              title={t(published ? 'patrol.cancelPublishedConfirm' : 'patrol.cancelConfirm')}
              onConfirm={() => void act('cancel')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
            >
              <Button danger icon={<StopOutlined />} loading={busy === 'cancel'} disabled={!!edit} data-testid="plan-cancel">
                {t('patrol.cancelPlan')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </div>

      <div className="pt-kpis" data-testid="plan-kpis">
        <div className="jw-kpi">
          <div className="jw-kpi-value">{plan.routes.length}</div>
          <div className="jw-kpi-label">{t('patrol.teams')}</div>
        </div>
        <Tooltip title={t('patrol.riskShareHelp', { planned: formatRisk(plan.riskPlanned), total: formatRisk(plan.riskTotal) })}>
          <div className="jw-kpi">
            <div className="jw-kpi-value" data-testid="plan-risk-share">
              {formatRate(share)}
            </div>
            <div className="jw-kpi-label">{t('patrol.riskShare')}</div>
          </div>
        </Tooltip>
        <div className="jw-kpi">
          <div className={`jw-kpi-value ${plan.unmet.length ? 'pt-bad' : ''}`} data-testid="plan-unmet">
            {unmetVisits}
          </div>
          <div className="jw-kpi-label">{t('patrol.unmet')}</div>
        </div>
        <div className="jw-kpi">
          <div className="jw-kpi-value">{km(totalM)}</div>
          <div className="jw-kpi-label">{t('patrol.totalKm')}</div>
        </div>
      </div>

      {plan.unmet.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="pt-alert"
          data-testid="plan-unmet-list"
          title={t('patrol.unmetTitle', { n: plan.unmet.length })}
          description={
            <div className="pt-unmet">
              {plan.unmet.map((u) => (
                <span key={`${u.kind}-${u.ref}`} className="pt-unmet-item">
                  {u.name}
                  <span className="jw-muted">{t('patrol.unmetMissing', { n: u.missing })}</span>
                </span>
              ))}
            </div>
          }
        />
      )}
      {straight && <Alert type="info" showIcon className="pt-alert" title={t('patrol.straightLine')} />}
      <Typography.Text type="secondary" className="pt-risk-source">
        {t('patrol.riskSource', { source: plan.riskSource.startsWith('forecast_') ? t('patrol.riskSource.forecast', { model: plan.riskSource.slice(9) }) : plan.riskSource === 'historic_density_180d' ? t('patrol.riskSource.history') : plan.riskSource })}
      </Typography.Text>

      <Tabs
        size="small"
        activeKey={tab}
        onChange={onTab}
        className="pt-plan-tabs"
        items={[
          { key: 'routes', label: <span data-testid="tab-routes">{t('patrol.tabRoutes')}</span>, children: routesTab },
          { key: 'live', label: <span data-testid="tab-live">{t('patrol.tabLive')}</span>, disabled: !published, children: published ? live : null },
          { key: 'report', label: <span data-testid="tab-report">{t('patrol.tabReport')}</span>, disabled: plan.status === 'draft', children: plan.status !== 'draft' ? report : null },
        ]}
      />
    </div>
  );
}

// ------------------------------------------------------------------ a team's route

function RouteCard({
  plan,
  route,
  color,
  focus,
  expanded,
  onFocus,
  edit,
  canEdit,
  onEdit,
  onReload,
}: {
  plan: PatrolPlan;
  route: PlanRoute;
  color: string;
  focus: boolean;
  expanded: boolean;
  onFocus: () => void;
  edit: RouteEdit | null;
  canEdit: boolean;
  onEdit: (e: RouteEdit | null) => void;
  onReload: () => void;
}) {
  const { t, label } = useI18n();
  const dur = useDuration();
  const published = plan.status === 'published';
  const counts = countStops(route.stops);
  const late = new Set(route.lateStops);
  return (
    <div className={`pt-route ${focus ? 'is-focus' : ''}`} data-testid={`route-${route.id}`} style={{ ['--c' as string]: color }}>
      <div className="pt-route-head" onClick={onFocus} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onFocus()}>
        <span className="pt-route-swatch" />
        <b className="pt-route-callsign">{route.callsign}</b>
        <span className="jw-muted">{label(UNIT_TYPE_LABELS, route.unitType)}</span>
        {published && (
          <Tag color={counts.missed ? 'red' : counts.done === counts.total ? 'green' : 'blue'} className="jw-tag pt-route-progress" data-testid="route-progress">
            {t('patrol.progress', { done: counts.done, total: counts.total })}
          </Tag>
        )}
        {canEdit && (
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            className="pt-route-edit"
            data-testid={`route-edit-${route.id}`}
            onClick={(e) => {
              e.stopPropagation();
              onEdit({ routeId: route.id, draft: draftOf(route.stops) });
            }}
          >
            {t('patrol.editRoute')}
          </Button>
        )}
      </div>
      <div className="pt-route-stats jw-num">
        <span>{dur(route.durationSeconds)}</span>
        <span>{km(route.distanceM)} km</span>
        <span>
          {t('patrol.risk')} {formatRisk(route.risk)}
        </span>
        <span>{t('patrol.stopsN', { n: route.stops.length })}</span>
        {route.overtimeSeconds > 0 && (
          <Tag color="red" icon={<WarningOutlined />} className="jw-tag" data-testid="route-overtime">
            {t('patrol.overtime', { m: Math.ceil(route.overtimeSeconds / 60) })}
          </Tag>
        )}
        {route.lateStops.length > 0 && (
          <Tag color="orange" icon={<WarningOutlined />} className="jw-tag" data-testid="route-late">
            {t('patrol.lateStops', { n: route.lateStops.length })}
          </Tag>
        )}
      </div>
      {edit ? (
        <RouteEditor plan={plan} route={route} color={color} edit={edit} onEdit={onEdit} onReload={onReload} />
      ) : (
        expanded && (
          <ol className="pt-stops">
            {route.stops.map((s, i) => {
              const st = stopStatus(s);
              return (
                <li key={`${s.kind}-${s.ref}-${i}`} className={`pt-stop-row st-${published ? st : 'plan'}`} data-testid={`stop-${route.id}-${i + 1}`}>
                  <span className={`pt-stop is-${s.kind} st-${published ? st : 'pending'} is-inline`}>{i + 1}</span>
                  <div className="pt-stop-main">
                    <div className="pt-stop-name">
                      {s.name} <StopKindTag kind={s.kind} />
                      {late.has(i) && (
                        <Tag color="orange" className="jw-tag">
                          {t('patrol.late')}
                        </Tag>
                      )}
                    </div>
                    <div className="pt-stop-meta jw-num">
                      {clock(s.startAt)}–{clock(s.departAt)}
                      {s.dwellSeconds > 0 && ` · ${t('patrol.dwell', { m: Math.round(s.dwellSeconds / 60) })}`}
                      {s.kind === 'cell' && ` · ${t('patrol.risk')} ${formatRisk(s.risk)}`}
                      {st === 'done' && s.visitedAt && ` · ${t('patrol.visitedAt', { time: clock(s.visitedAt) })}`}
                    </div>
                  </div>
                  {published && <StopStatusTag status={st} method={s.visitMethod} />}
                </li>
              );
            })}
          </ol>
        )
      )}
    </div>
  );
}

// ------------------------------------------------------------------ editing a route

const candidateCache = new Map<number, Promise<PlanCandidate[]>>();
function loadCandidates(planId: number): Promise<PlanCandidate[]> {
  let p = candidateCache.get(planId);
  if (!p) {
    p = api.patrolCandidates(planId);
    p.catch(() => candidateCache.delete(planId));
    candidateCache.set(planId, p);
  }
  return p;
}

const KIND_ORDER: PatrolStopKind[] = ['point', 'line', 'cell'];

function RouteEditor({ plan, route, color, edit, onEdit, onReload }: { plan: PatrolPlan; route: PlanRoute; color: string; edit: RouteEdit; onEdit: (e: RouteEdit | null) => void; onReload: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [candidates, setCandidates] = useState<PlanCandidate[] | null>(null);
  const [candError, setCandError] = useState<unknown>(null);
  const [pick, setPick] = useState<string | undefined>();
  const [at, setAt] = useState(0);
  const [saving, setSaving] = useState(false);
  const draft = edit.draft;
  const changed = draftChanged(route.stops, draft);

  useEffect(() => {
    let alive = true;
    loadCandidates(plan.id)
      .then((c) => alive && setCandidates(c))
      .catch((e) => alive && setCandError(e));
    return () => {
      alive = false;
    };
  }, [plan.id]);

  const set = (d: DraftStop[]) => onEdit({ routeId: route.id, draft: d });
  const options = useMemo(() => {
    if (!candidates) return [];
    return KIND_ORDER.map((k) => ({
      label: label(PATROL_STOP_KIND_LABELS, k),
      title: k,
      options: candidates
        .filter((c) => c.kind === k)
        .sort((a, b) => (k === 'cell' ? b.risk - a.risk : b.mandatoryVisits - a.mandatoryVisits || a.name.localeCompare(b.name, 'zh-CN')))
        .map((c) => ({
          value: `${c.kind}|${c.ref}`,
          label: `${c.name}${c.kind === 'cell' ? ` · ${t('patrol.risk')} ${formatRisk(c.risk)}` : c.mandatoryVisits > 0 ? ` · ${t('patrol.mandatoryN', { n: c.mandatoryVisits })}` : ''}`,
        })),
    })).filter((g) => g.options.length > 0);
  }, [candidates, label, t]);

  const add = () => {
    if (!pick || !candidates) return;
    const [kind, ref] = [pick.slice(0, pick.indexOf('|')), pick.slice(pick.indexOf('|') + 1)];
    const c = candidates.find((x) => x.kind === kind && x.ref === ref);
    if (!c) return;
    set(insertAt(draft, at === 0 ? null : at - 1, newDraftStop(c)));
    setPick(undefined);
  };

  const save = async () => {
    setSaving(true);
    try {
      await api.editPatrolRoute(plan.id, route.id, editBody(route.version, draft));
      message.success(t('patrol.routeSaved', { callsign: route.callsign }));
      onEdit(null);
      onReload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        onEdit(null);
        onReload();
      } else message.error(errorText(e, lang));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="pt-edit" data-testid={`route-editor-${route.id}`}>
      <div className="pt-edit-hint">{t('patrol.editHint')}</div>
      <ol className="pt-stops">
        {draft.map((s, i) => (
          <li key={s.key} className="pt-stop-row st-plan" data-testid={`draft-stop-${i + 1}`}>
            <span className={`pt-stop is-${s.kind} st-draft is-inline`} style={{ ['--c' as string]: color }}>
              {i + 1}
            </span>
            <div className="pt-stop-main">
              <div className="pt-stop-name">
                {s.name} <StopKindTag kind={s.kind} />
              </div>
            </div>
            <span className="pt-edit-btns">
              <Tooltip title={t('patrol.moveUp')}>
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => set(moveItem(draft, i, -1))} aria-label={t('patrol.moveUp')} data-testid={`draft-up-${i + 1}`} />
              </Tooltip>
              <Tooltip title={t('patrol.moveDown')}>
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === draft.length - 1}
                  onClick={() => set(moveItem(draft, i, 1))}
                  aria-label={t('patrol.moveDown')}
                  data-testid={`draft-down-${i + 1}`}
                />
              </Tooltip>
              <Tooltip title={t('patrol.dropStop')}>
                <Button size="small" danger icon={<DeleteOutlined />} onClick={() => set(removeAt(draft, i))} aria-label={t('patrol.dropStop')} data-testid={`draft-drop-${i + 1}`} />
              </Tooltip>
            </span>
          </li>
        ))}
      </ol>
      {draft.length === 0 && <div className="jw-muted pt-edit-empty">{t('patrol.noStops')}</div>}
      <div className="pt-edit-add">
        {!!candError && <Alert type="error" showIcon title={errorText(candError, lang)} />}
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          value={pick}
          onChange={setPick}
          placeholder={t('patrol.addStopPlaceholder')}
          options={options}
          loading={!candidates && !candError}
          className="pt-edit-pick"
          data-testid="add-stop-select"
          popupMatchSelectWidth={false}
        />
        <Select<number>
          value={at}
          onChange={setAt}
          className="pt-edit-at"
          aria-label={t('patrol.insertAt')}
          options={[{ value: 0, label: t('patrol.atEnd') }, ...draft.map((_, i) => ({ value: i + 1, label: t('patrol.atPosition', { n: i + 1 }) }))]}
        />
        <Button icon={<PlusOutlined />} onClick={add} disabled={!pick} data-testid="add-stop">
          {t('patrol.addStop')}
        </Button>
      </div>
      <div className="pt-edit-foot">
        {candidates === null && !candError && <Spin size="small" />}
        <Button icon={<CloseOutlined />} onClick={() => onEdit(null)} disabled={saving}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" icon={<SaveOutlined />} onClick={() => void save()} loading={saving} disabled={!changed} data-testid="route-save">
          {t('patrol.saveRoute')}
        </Button>
      </div>
    </div>
  );
}
