import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Empty, Input, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { AlertOutlined, EyeOutlined, RadarChartOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  CANCEL_REASON_LABELS,
  DISPOSITION_LABELS,
  INCIDENT_ACTION_LABELS,
  INCIDENT_CATEGORY_LABELS,
  PRIORITY_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATUS_LABELS,
  UNIT_TYPE_LABELS,
  type Incident,
  type IncidentAction,
  type IncidentDetail,
  type IncidentEvent,
} from '@jingwang/contracts';
import { allowedActions } from '@jingwang/core/incident';
import { useI18n } from '../../app/i18n';
import { useLive, useLiveStore, useNow } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { IncidentStatusTag, PriorityTag, UnitStatusTag } from '../../app/tags';
import { INCIDENT_STATUS_COLOR } from '../../app/colors';
import { ageMinutes, formatAge } from '../../lib/queue';
import { OfficerText } from './LocateCard';
import { MdtAckList } from '../field/MdtAckList';
import { ScenePhotos, useScenePhotos } from '../field/ScenePhotos';
import { DispatchModal } from './DispatchModal';
import type { DictKey } from '../../app/dict';
import { useAuth } from '../../app/auth';
import { canDispatch, formatSeconds } from '../../lib/dispatch';
import type { BBox } from '../../lib/geo';
import type { Fc } from '../../map/overlays';
import { RecommendationPanel, type ReinforcementPrefill } from './RecommendationPanel';
import { ResponseTimes } from './ResponseTimes';
import { ReinforcementList, ReinforcementModal, useReinforcements } from './Reinforcements';
import { OutcomeModal, RegradeModal, RemarkBox, type OutcomeAction, type OutcomeValues } from './Lifecycle';
import { IncidentTickets } from '../tickets/IncidentTickets';
import { OpenCaseButton } from '../cases/OpenCaseButton';

const OPEN_STATUSES: ReadonlySet<string> = new Set(['new', 'dispatched', 'en_route', 'on_scene']);

const ACTION_ORDER: (IncidentAction | 'dispatch')[] = ['dispatch', 'en_route', 'arrive', 'resolve', 'close', 'transfer', 'cancel'];
/** The step that normally comes next in each state: drawn as the primary button. */
const NEXT: Partial<Record<Incident['status'], IncidentAction | 'dispatch'>> = {
  new: 'dispatch',
  dispatched: 'en_route',
  en_route: 'arrive',
  on_scene: 'resolve',
  resolved: 'close',
};

const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm:ss') : '—');
/** The photo ids of a timeline event (`mdt_photos`: `{ photoIds }`). */
const photoIdsOf = (e: IncidentEvent): number[] => {
  const ids = (e.data as { photoIds?: unknown } | null)?.photoIds;
  return Array.isArray(ids) ? ids.filter((x): x is number => typeof x === 'number') : [];
};

interface Props {
  incidentId: number | null;
  phone: boolean;
  onClose: () => void;
  /** Centre the map on it; absent outside the command room (the search page): no map buttons. */
  onLocate?: (i: Incident) => void;
  /** routes of the recommended units, for the map (stable callback) */
  onRoutes: (fc: Fc | null) => void;
  onFitRoutes: (bbox: BBox) => void;
  /** show the 1/3/5-minute reach around the incident */
  onReach?: (i: Incident) => void;
  /** Outside the command room's layout (the search page): an ordinary drawer over the page. */
  standalone?: boolean;
}

export function IncidentDrawer({ incidentId, phone, onClose, onLocate, onRoutes, onFitRoutes, onReach, standalone = false }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const store = useLiveStore();
  const { seen, units } = useLive();
  const now = useNow(15000);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [contact, setContact] = useState<{ callerName: string | null; callerPhone: string | null } | null>(null);
  const [dispatchOpen, setDispatchOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [reinfOpen, setReinfOpen] = useState(false);
  const [reinfPrefill, setReinfPrefill] = useState<ReinforcementPrefill | null>(null);
  const [outcome, setOutcome] = useState<OutcomeAction | null>(null);
  const [regradeOpen, setRegradeOpen] = useState(false);
  const { user } = useAuth();
  const dispatcher = canDispatch(user?.role);
  const isOpenIncident = !!detail && OPEN_STATUSES.has(detail.status);
  const reinf = useReinforcements(incidentId ?? undefined, incidentId != null);
  const loadSeq = useRef(0);
  /** The count of scene photos the incident was last reloaded for (see below). */
  const photoReload = useRef(0);
  // language changes must not reload (and reset) the open incident
  const words = useRef({ t, lang });
  words.current = { t, lang };

  const load = useCallback(
    async (id: number) => {
      const seq = ++loadSeq.current;
      try {
        const d = await api.incident(id);
        if (seq !== loadSeq.current) return;
        setDetail(d);
        setLoadError(null);
        store.upsertIncident(d);
      } catch (e) {
        if (seq !== loadSeq.current) return;
        setLoadError(`${words.current.t('inc.loadFailed')}：${errorText(e, words.current.lang)}`);
      }
    },
    [store],
  );

  useEffect(() => {
    setDetail(null);
    setContact(null);
    setNote('');
    setNotice(null);
    setLoadError(null);
    photoReload.current = 0;
    if (incidentId != null) void load(incidentId);
  }, [incidentId, load]);

  // someone else changed it (socket): reload to get the new state and timeline
  const seenVersion = incidentId != null ? seen.get(incidentId) : undefined;
  useEffect(() => {
    if (incidentId != null && detail && seenVersion != null && seenVersion > detail.version) void load(incidentId);
  }, [seenVersion, detail, incidentId, load]);

  const handleError = async (e: unknown, callsign?: string) => {
    if (e instanceof ApiError && e.code === 'STALE_VERSION') {
      if (incidentId != null) await load(incidentId);
      setNotice(t('inc.staleReloaded'));
      message.warning(t('inc.staleReloaded'));
    } else if (e instanceof ApiError && e.code === 'UNIT_NOT_AVAILABLE') {
      message.warning(callsign ? t('dispatch.unitTaken', { callsign }) : errorText(e, lang));
      void store.refreshUnits().catch(() => undefined);
    } else if (e instanceof ApiError && e.code === 'INVALID_TRANSITION') {
      if (incidentId != null) await load(incidentId);
      message.warning(errorText(e, lang));
    } else {
      message.error(errorText(e, lang));
    }
  };

  const act = async (action: IncidentAction, extra: OutcomeValues = {}) => {
    if (!detail) return;
    setBusy(action);
    setNotice(null);
    try {
      const { note: outcomeNote, ...fields } = extra;
      const res = await api.transition(detail.id, action, detail.version, outcomeNote ?? (note.trim() || undefined), fields);
      setOutcome(null);
      if (res && typeof res === 'object' && 'version' in res) store.upsertIncident(res);
      setNote('');
      message.success(t('inc.actionDone', { action: label(INCIDENT_ACTION_LABELS, action) }));
      await load(detail.id);
    } catch (e) {
      await handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const reveal = async () => {
    if (!detail) return;
    setBusy('contact');
    try {
      setContact(await api.contact(detail.id));
    } catch (e) {
      await handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const allowed = useMemo(() => (detail ? new Set<string>(allowedActions(detail.status)) : new Set<string>()), [detail]);
  const events = useMemo(() => [...(detail?.events ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id), [detail]);
  // the scene photos from the phones (who, when, gallery); a photo-only remark keeps the incident's version, so a
  // photo the timeline does not show yet reloads the incident (once per photo count)
  const scenePhotos = useScenePhotos(incidentId);
  useEffect(() => {
    if (incidentId == null || !detail || detail.id !== incidentId || scenePhotos.size <= photoReload.current) return;
    const shown = new Set(events.flatMap(photoIdsOf));
    if ([...scenePhotos.keys()].some((id) => !shown.has(id))) {
      photoReload.current = scenePhotos.size;
      void load(incidentId);
    }
  }, [scenePhotos, events, detail, incidentId, load]);

  const eventTitle = (e: IncidentEvent): string => {
    const known = `inc.event.${e.type}` as DictKey;
    const base = (t(known) !== known ? t(known) : null) ?? (e.type in INCIDENT_ACTION_LABELS ? label(INCIDENT_ACTION_LABELS, e.type as IncidentAction) : e.type);
    const data = (e.data ?? {}) as {
      callsign?: string;
      unitCallsign?: string;
      etaSeconds?: number | null;
      disposition?: keyof typeof DISPOSITION_LABELS;
      reason?: keyof typeof CANCEL_REASON_LABELS;
      transfer?: { centre: string; reference: string };
      from?: { category: Incident['category']; priority: Incident['priority'] };
      to?: { category: Incident['category']; priority: Incident['priority'] };
    };
    const callsign = data.callsign ?? data.unitCallsign;
    const eta = typeof data.etaSeconds === 'number' ? t('resp.etaShort', { eta: formatSeconds(data.etaSeconds) }) : '';
    const status = e.toStatus ? `${e.fromStatus ? `${label(INCIDENT_STATUS_LABELS, e.fromStatus)} → ` : ''}${label(INCIDENT_STATUS_LABELS, e.toStatus)}` : '';
    const outcomeText = data.disposition
      ? label(DISPOSITION_LABELS, data.disposition)
      : data.reason
        ? label(CANCEL_REASON_LABELS, data.reason)
        : data.transfer
          ? `${data.transfer.centre}（${data.transfer.reference}）`
          : '';
    const grade = (g: NonNullable<typeof data.from>) => `${label(INCIDENT_CATEGORY_LABELS, g.category)} ${label(PRIORITY_LABELS, g.priority)}`;
    const regrade = e.type === 'regrade' && data.from && data.to ? t('inc.regradeFromTo', { from: grade(data.from), to: grade(data.to) }) : '';
    const photos = Array.isArray((e.data as { photoIds?: unknown } | null)?.photoIds) ? t('mdt.photoCount', { n: (e.data as { photoIds: unknown[] }).photoIds.length }) : '';
    const late = e.lateSynced ? t('inc.lateSynced', { time: e.receivedAt ? fmt(e.receivedAt) : '' }) : '';
    return [base, callsign, eta, outcomeText, regrade, status, photos, late].filter(Boolean).join(' · ');
  };

  const title = detail ? (
    <Space size={6} wrap>
      <span data-testid="incident-number">{detail.number}</span>
      <IncidentStatusTag status={detail.status} testId="incident-status" />
      <PriorityTag priority={detail.priority} />
    </Space>
  ) : (
    t('inc.detail')
  );

  const actionButtons = detail
    ? ACTION_ORDER.filter((a) => allowed.has(a)).map((a) => {
        const primary = NEXT[detail.status] === a;
        const text = label(INCIDENT_ACTION_LABELS, a);
        if (a === 'dispatch')
          return (
            <Button key={a} type={primary ? 'primary' : 'default'} icon={<SendOutlined />} onClick={() => setDispatchOpen(true)} data-testid="action-dispatch">
              {text}
            </Button>
          );
        // an ending asks for its disposition, reason or receiving centre
        if (a === 'resolve' || a === 'cancel' || a === 'transfer')
          return (
            <Button
              key={a}
              type={primary ? 'primary' : 'default'}
              danger={a === 'cancel'}
              loading={busy === a}
              disabled={!!busy && busy !== a}
              onClick={() => setOutcome(a)}
              data-testid={`action-${a}`}
            >
              {text}
            </Button>
          );
        return (
          <Button key={a} type={primary ? 'primary' : 'default'} loading={busy === a} disabled={!!busy && busy !== a} onClick={() => act(a)} data-testid={`action-${a}`}>
            {text}
          </Button>
        );
      })
    : null;
  if (actionButtons && isOpenIncident && dispatcher)
    actionButtons.push(
      <Button key="regrade" onClick={() => setRegradeOpen(true)} data-testid="action-regrade">
        {t('inc.regrade')}
      </Button>,
    );
  if (actionButtons && isOpenIncident)
    actionButtons.push(
      <Button
        key="reinforce"
        icon={<AlertOutlined />}
        onClick={() => {
          setReinfPrefill(null);
          setReinfOpen(true);
        }}
        data-testid="action-reinforce"
      >
        {t('reinf.request')}
      </Button>,
    );

  return (
    <Drawer
      open={incidentId != null}
      onClose={onClose}
      mask={false}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '78%' : 520}
      title={title}
      className="jw-drawer"
      rootClassName="jw-drawer-root"
      getContainer={phone || standalone ? undefined : false}
      extra={
        detail &&
        onLocate &&
        onReach && (
          <Space size={4}>
            <Tooltip title={t('reach.hint')}>
              <Button size="small" icon={<RadarChartOutlined />} onClick={() => onReach(detail)} data-testid="incident-reach">
                {!phone && t('reach.button')}
              </Button>
            </Tooltip>
            <Button size="small" onClick={() => onLocate(detail)}>
              {t('intake.location')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="incident-detail" data-status={detail?.status} data-version={detail?.version}>
        {loadError && <Alert type="error" showIcon title={loadError} action={<Button size="small" onClick={() => incidentId != null && load(incidentId)}>{t('common.retry')}</Button>} />}
        {!detail && !loadError && <Skeleton active />}
        {detail && (
          <>
            {notice && <Alert type="warning" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 8 }} data-testid="stale-notice" />}
            {actionButtons && actionButtons.length > 0 && (
              <div className="jw-actions" data-testid="incident-actions">
                <Input
                  size="small"
                  placeholder={t('inc.notePlaceholder')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  maxLength={2000}
                  className="jw-actions-note"
                />
                <Space wrap size={6}>
                  {actionButtons}
                </Space>
              </div>
            )}
            {/* 立案: a case from this incident (issue 17); the cases opened from it as links */}
            <div className="jw-open-case" style={{ margin: '8px 0' }}>
              <OpenCaseButton from="incident" id={detail.id} size="small" />
            </div>
            {dispatcher && allowed.has('dispatch') && (
              <RecommendationPanel
                incident={detail}
                onDispatchError={(e, callsign) => handleError(e, callsign)}
                onDispatched={(res) => {
                  if (res) store.upsertIncident(res);
                  void load(detail.id);
                }}
                onRoutes={onRoutes}
                onFitRoutes={onFitRoutes}
                onRequestReinforcement={(p) => {
                  setReinfPrefill(p);
                  setReinfOpen(true);
                }}
              />
            )}
            {reinf.items.length > 0 && (
              <>
                <div className="jw-section-title">{t('reinf.ofIncident')}</div>
                <ReinforcementList items={reinf.items} onApply={reinf.apply} onReload={reinf.reload} showIncident={false} />
              </>
            )}
            <IncidentTickets incident={detail} />
            <ResponseTimes incident={detail} />
            {/* one column on a phone: two set 来源, 网格 and 社区 one or two characters a line ("视频巡/查") */}
            <Descriptions size="small" column={phone ? 1 : 2} bordered className="jw-desc" styles={{ label: { width: 86 } }}>
              <Descriptions.Item label={t('inc.category')}>{label(INCIDENT_CATEGORY_LABELS, detail.category)}</Descriptions.Item>
              <Descriptions.Item label={t('inc.source')}>{label(INCIDENT_SOURCE_LABELS, detail.source)}</Descriptions.Item>
              <Descriptions.Item label={t('inc.reportedAt')}>{fmt(detail.reportedAt)}</Descriptions.Item>
              {/* 已历时 counts while the call is worked; once it ended, the final duration */}
              <Descriptions.Item label={t(detail.endedAt || detail.closedAt ? 'inc.duration' : 'inc.age')}>
                <span data-testid="incident-age" data-ended={detail.endedAt || detail.closedAt ? '1' : '0'}>
                  {formatAge(ageMinutes(detail.reportedAt, detail.endedAt ? Date.parse(detail.endedAt) : detail.closedAt ? Date.parse(detail.closedAt) : now), lang)}
                </span>
              </Descriptions.Item>
              {detail.disposition && (
                <Descriptions.Item label={t('inc.disposition')} span={phone ? 1 : 2}>
                  <span data-testid="incident-disposition">{label(DISPOSITION_LABELS, detail.disposition)}</span>
                  {detail.dispositionNote ? ` · ${detail.dispositionNote}` : ''}
                </Descriptions.Item>
              )}
              {detail.cancelReason && (
                <Descriptions.Item label={t('inc.cancelReason')} span={phone ? 1 : 2}>
                  {label(CANCEL_REASON_LABELS, detail.cancelReason)}
                </Descriptions.Item>
              )}
              {detail.transfer && (
                <Descriptions.Item label={t('inc.transferTo')} span={phone ? 1 : 2}>
                  {detail.transfer.centre} · {detail.transfer.reference}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('inc.address')} span={phone ? 1 : 2}>
                {detail.address || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('inc.coords')} span={phone ? 1 : 2}>
                <span className="jw-num">
                  {detail.lon.toFixed(6)}, {detail.lat.toFixed(6)}
                </span>
              </Descriptions.Item>
              {detail.description && (
                <Descriptions.Item label={t('inc.description')} span={phone ? 1 : 2}>
                  <span className="jw-pre">{detail.description}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('area.grid')}>{detail.areas.grid?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('area.policeGrid')}>{detail.areas.policeGrid?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('area.respZone')}>{detail.areas.respZone?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('area.community')}>{detail.areas.community?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('area.station')}>{detail.areas.station?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('area.district')}>{detail.areas.district?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('inc.officer')} span={phone ? 1 : 2}>
                <OfficerText o={detail.officer} testId="incident-officer" />
              </Descriptions.Item>
              <Descriptions.Item label={t('inc.caller')} span={phone ? 1 : 2}>
                <div className="jw-caller" data-testid="incident-caller">
                  {contact ? (
                    <>
                      <span>{contact.callerName ?? '—'}</span> <b className="jw-phone" data-testid="caller-phone-clear">{contact.callerPhone ?? '—'}</b>
                      <Typography.Text type="warning" className="jw-audited">
                        {t('inc.revealAudited')}
                      </Typography.Text>
                    </>
                  ) : (
                    <>
                      <span>{detail.callerName ?? '—'}</span> <span className="jw-phone">{detail.callerPhone ?? ''}</span>
                      {(detail.callerPhone || detail.callerName) && (
                        <Button size="small" type="link" icon={<EyeOutlined />} loading={busy === 'contact'} onClick={reveal} data-testid="reveal-phone">
                          {t('inc.revealPhone')}
                        </Button>
                      )}
                    </>
                  )}
                </div>
              </Descriptions.Item>
            </Descriptions>

            <div className="jw-section-title">{t('inc.units')}</div>
            {detail.assignments.length === 0 ? (
              <Typography.Text type="secondary">{t('inc.noUnits')}</Typography.Text>
            ) : (
              <div className="jw-assignments" data-testid="incident-units">
                {detail.assignments.map((a) => {
                  const u = units.get(a.unitId);
                  return (
                    <div key={`${a.unitId}-${a.dispatchedAt}`} className={`jw-assign ${a.releasedAt ? 'is-released' : ''}`}>
                      <b>{a.callsign}</b>
                      <span>{label(UNIT_TYPE_LABELS, a.unitType)}</span>
                      {u && !a.releasedAt && <UnitStatusTag status={u.status} stale={u.stale} />}
                      {a.etaSeconds != null && <span className="jw-assign-eta jw-num">{t('resp.etaShort', { eta: formatSeconds(a.etaSeconds) })}</span>}
                      {a.arrivalSource && (
                        <Tag color={a.arrivalSource === 'position' ? 'green' : 'default'} className="jw-tag" data-testid="arrival-source" data-source={a.arrivalSource}>
                          {t(a.arrivalSource === 'position' ? 'resp.arrival.position' : 'resp.arrival.status')}
                        </Tag>
                      )}
                      <span className="jw-assign-times">
                        {t('inc.dispatchedAt')} {fmt(a.dispatchedAt)}
                        {a.arrivedAt && ` · ${t('inc.arrivedAt')} ${fmt(a.arrivedAt)}`}
                        {a.arrivedAt && ` (${formatSeconds((Date.parse(a.arrivedAt) - Date.parse(a.dispatchedAt)) / 1000)})`}
                        {a.releasedAt && ` · ${t('inc.releasedAt')} ${fmt(a.releasedAt)}`}
                      </span>
                    </div>
                  );
                })}
              </div>
            )}
            {detail.assignments.length > 0 && <MdtAckList incidentId={detail.id} />}

            <div className="jw-section-title">{t('inc.timeline')}</div>
            <RemarkBox
              incident={detail}
              onDone={(res) => {
                store.upsertIncident(res);
                void load(detail.id);
              }}
              onError={(e) => handleError(e)}
            />
            {events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <div data-testid="incident-timeline">
                <Timeline
                  className="jw-timeline"
                  items={events.map((e) => ({
                    key: e.id,
                    color: e.toStatus ? INCIDENT_STATUS_COLOR[e.toStatus]?.hex : 'gray',
                    content: (
                      <div className="jw-event" data-type={e.type}>
                        <div className="jw-event-title">{eventTitle(e)}</div>
                        <div className="jw-event-meta">
                          <span className="jw-num">{fmt(e.at)}</span> · {t('inc.by')}：{e.actor}
                        </div>
                        {e.note && <div className="jw-event-note">{e.note}</div>}
                        {e.type === 'mdt_photos' && <ScenePhotos ids={photoIdsOf(e)} photos={scenePhotos} />}
                      </div>
                    ),
                  }))}
                />
              </div>
            )}
            <div className="jw-phase">
              {(['dispatchedAt', 'enRouteAt', 'onSceneAt', 'resolvedAt', 'closedAt'] as const).map((k) =>
                detail[k] ? (
                  <Tag key={k} className="jw-tag">
                    {t(`inc.${k}` as DictKey)} {fmt(detail[k])}
                  </Tag>
                ) : null,
              )}
            </div>
          </>
        )}
      </div>
      {detail && (
        <DispatchModal
          incident={detail}
          open={dispatchOpen}
          onClose={() => setDispatchOpen(false)}
          onDone={(res) => {
            setDispatchOpen(false);
            if (res) store.upsertIncident(res);
            void load(detail.id);
          }}
          onStale={() => {
            setDispatchOpen(false);
            setNotice(t('inc.staleReloaded'));
            void load(detail.id);
          }}
        />
      )}
      {detail && (
        <OutcomeModal action={outcome} onCancel={() => setOutcome(null)} onSubmit={(a, v) => act(a, v)} />
      )}
      {detail && (
        <RegradeModal
          incident={detail}
          open={regradeOpen}
          onClose={() => setRegradeOpen(false)}
          onDone={(res) => {
            setRegradeOpen(false);
            store.upsertIncident(res);
            void load(detail.id);
          }}
          onError={(e) => handleError(e)}
        />
      )}
      {detail && (
        <ReinforcementModal
          incident={detail}
          open={reinfOpen}
          prefill={reinfPrefill}
          onClose={() => setReinfOpen(false)}
          onDone={(r) => {
            setReinfOpen(false);
            reinf.apply(r);
            void load(detail.id);
          }}
        />
      )}
    </Drawer>
  );
}
