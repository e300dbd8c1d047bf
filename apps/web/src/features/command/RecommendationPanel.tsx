// The dispatch recommendation of an incident (GET /api/incidents/:id/recommendation): units ranked by road travel
// time with their tier and reasons, the run card and its shortfall, the echelons called and why, one-click dispatch,
// and the routes of the proposed units on the map. Refreshed when the incident or the units change (debounced).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { AimOutlined, DownOutlined, ReloadOutlined, SendOutlined, ThunderboltOutlined, UpOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  DISPATCH_REASON_LABELS,
  ECHELON_LABELS,
  ESCALATION_REASON_LABELS,
  INCIDENT_CATEGORY_LABELS,
  PRIORITY_LABELS,
  UNIT_STATUS_LABELS,
  UNIT_TYPE_LABELS,
  type DispatchReason,
  type Incident,
  type IncidentCategory,
  type IncidentDetail,
  type RankedUnit,
  type Recommendation,
  type UnitType,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useLive } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatDistance, type BBox } from '../../lib/geo';
import {
  debounceMaxWait,
  describeNeeds,
  emphasisedUnit,
  formatSeconds,
  isAnyType,
  needsCount,
  remainingProposal,
  targetMinutes,
  TIER_TAG,
  unitsSignature,
} from '../../lib/dispatch';
import { routesBBox, routesFc, type Fc } from '../../map/overlays';
import { askStale, isStale } from './staleDispatch';

/** Reasons drawn as tags; the tier ones are shown by the tier badge instead. */
const HIDDEN_REASONS: ReadonlySet<DispatchReason> = new Set(['tier_1', 'tier_3', 'tier_5', 'beyond_5']);
const REASON_COLOR: Partial<Record<DispatchReason, string>> = {
  own_grid: 'blue',
  own_station: 'geekblue',
  fastest: 'volcano',
  within_target: 'green',
  type_needed: 'purple',
};

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';

export interface ReinforcementPrefill {
  echelon: 1 | 2 | 3;
  unitsNeeded: number;
  unitTypes: UnitType[];
}

interface Props {
  incident: IncidentDetail;
  /** reloads the incident and explains a failed dispatch (stale version, unit taken) */
  onDispatchError: (e: unknown, callsign: string) => Promise<void>;
  onDispatched: (res: Incident | null) => void;
  /** routes to draw on the map (null: none) */
  onRoutes: (fc: Fc | null) => void;
  onFitRoutes: (bbox: BBox) => void;
  onRequestReinforcement: (prefill: ReinforcementPrefill) => void;
}

export function RecommendationPanel({ incident, onDispatchError, onDispatched, onRoutes, onFitRoutes, onRequestReinforcement }: Props) {
  const { t, label, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { units } = useLive();
  const [rec, setRec] = useState<Recommendation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [echelon, setEchelon] = useState<2 | 3 | undefined>(undefined);
  const [open, setOpen] = useState(incident.status === 'new');
  const [hovered, setHovered] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [showExcluded, setShowExcluded] = useState(false);
  // a newer list that arrived while the pointer was on the rows: shown when the pointer leaves (no reshuffle under it)
  const [pending, setPending] = useState<Recommendation | null>(null);
  const pointerOn = useRef(false);

  const seq = useRef(0);
  const ac = useRef<AbortController | null>(null);
  const fitted = useRef<number | null>(null);
  const loadedAt = useRef(0);
  const live = useRef({ id: incident.id, echelon, open, busy });
  live.current = { id: incident.id, echelon, open, busy };

  const load = useCallback(async () => {
    const { id, echelon: e, open: isOpen, busy: isBusy } = live.current;
    if (!isOpen || isBusy !== null) return;
    const n = ++seq.current;
    ac.current?.abort();
    const ctl = new AbortController();
    ac.current = ctl;
    setLoading(true);
    try {
      const r = await api.recommendation(id, e, ctl.signal);
      if (n !== seq.current) return;
      if (pointerOn.current && r.incidentId === id) setPending(r);
      else {
        setRec(r.incidentId === id ? r : null);
        setPending(null);
      }
      setError(null);
      loadedAt.current = Date.now();
    } catch (err) {
      if (n !== seq.current || isAbort(err)) return;
      setError(err);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, []);

  // a new incident: start over (open at once when it still waits for a unit)
  useEffect(() => {
    seq.current++;
    ac.current?.abort();
    setRec(null);
    setError(null);
    setLoading(false);
    setEchelon(undefined);
    setHovered(null);
    setPinned(null);
    setShowExcluded(false);
    setPending(null);
    pointerOn.current = false;
    setOpen(incident.status === 'new');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incident.id]);

  useEffect(() => {
    if (open) void load();
  }, [open, echelon, incident.id, load]);

  // live refresh: unit status changes and incident changes soon; movement at most every 10 s
  const soon = useMemo(() => debounceMaxWait(() => void load(), 600, 2000), [load]);
  const later = useMemo(() => debounceMaxWait(() => void load(), 1500, 10_000), [load]);
  useEffect(
    () => () => {
      soon.cancel();
      later.cancel();
      ac.current?.abort();
    },
    [soon, later],
  );
  const sig = useMemo(() => unitsSignature(units.values()), [units]);
  const seenIncident = useRef<number | null>(null);
  useEffect(() => {
    // the first render of an incident loads by itself (above)
    if (seenIncident.current !== incident.id) {
      seenIncident.current = incident.id;
      return;
    }
    soon.call();
  }, [sig, incident.version, incident.id, soon]);
  useEffect(() => {
    if (live.current.open && Date.now() - loadedAt.current > 3000) later.call();
  }, [units, later]);

  // the live status of a unit (the socket is ahead of the last recommendation); units on this incident are not offered
  const onThis = useMemo(() => new Set(incident.assignments.filter((a) => !a.releasedAt).map((a) => a.unitId)), [incident.assignments]);
  const statusOf = useCallback((r: RankedUnit) => (onThis.has(r.unitId) ? 'dispatched' : (units.get(r.unitId)?.status ?? r.status)), [units, onThis]);
  const active = onThis.size;
  const proposal = useMemo(() => {
    if (!rec) return [];
    const byId = new Map(rec.ranked.map((r) => [r.unitId, r]));
    return remainingProposal(rec.proposal, needsCount(rec.runCard.needs), active, (id) => {
      const r = byId.get(id);
      return !!r && statusOf(r) === 'available';
    });
  }, [rec, active, statusOf]);

  // routes on the map
  const emphasis = emphasisedUnit(rec ? { proposal, ranked: rec.ranked } : null, hovered ?? pinned);
  const callsigns = useMemo(() => new Map((rec?.ranked ?? []).map((r) => [r.unitId, r.callsign])), [rec]);
  useEffect(() => {
    onRoutes(open && rec ? routesFc(rec.routes, { proposal, emphasis, callsigns }) : null);
  }, [open, rec, proposal, emphasis, callsigns, onRoutes]);
  useEffect(() => () => onRoutes(null), [onRoutes]);
  useEffect(() => {
    if (!open || !rec || fitted.current === incident.id || rec.routes.length === 0) return;
    fitted.current = incident.id;
    const b = routesBBox(rec.routes, incident);
    if (b) onFitRoutes(b);
  }, [open, rec, incident, onFitRoutes]);

  const send = async (ids: number[]) => {
    if (!rec || !ids.length) return;
    // the first dispatch carries the list's basis; the next ones of "按预案派出" follow our own change (its version)
    let version = rec.incidentVersion;
    let token: string | undefined = rec.token;
    let last: Incident | null = null;
    setBusy(ids.length > 1 ? 'all' : ids[0]!);
    live.current.busy = ids[0]!;
    let refresh = false;
    try {
      for (const id of ids) {
        const callsign = callsigns.get(id) ?? String(id);
        try {
          let res: Incident;
          try {
            res = await api.dispatch(incident.id, id, version, undefined, token ? { token } : {});
          } catch (e) {
            if (!isStale(e)) throw e;
            if (!(await askStale(modal, t, label, e.details, callsign))) {
              refresh = true;
              break;
            }
            res = await api.dispatch(incident.id, id, version, undefined, { token, confirm: true });
          }
          token = undefined;
          message.success(t('dispatch.success', { callsign }));
          if (res && typeof res === 'object' && 'version' in res) {
            last = res;
            version = res.version;
          }
        } catch (e) {
          await onDispatchError(e, callsign);
          break;
        }
      }
    } finally {
      setBusy(null);
      live.current.busy = null;
    }
    onDispatched(last);
    setPinned(null);
    pointerOn.current = false;
    if (refresh) setPending(null);
    void load();
  };

  /** "按预案派出": one question naming the units, then every one of them without asking again. */
  const sendAll = (ids: number[]) => {
    const names = ids.map((id) => callsigns.get(id) ?? String(id)).join(t('rec.needsSep'));
    modal.confirm({
      title: t('rec.dispatchAllConfirm', { units: names }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { ...({ 'data-testid': 'rec-dispatch-all-ok' } as object) },
      onOk: () => void send(ids),
    });
  };
  const leaveList = () => {
    setHovered(null);
    pointerOn.current = false;
    if (pending) {
      setRec(pending);
      setPending(null);
    }
  };

  const title = incident.status === 'new' ? t('rec.title') : t('rec.titleMore');
  const typeLabel = (x: UnitType) => label(UNIT_TYPE_LABELS, x);
  const needsText = (needs: Recommendation['shortfall']) => describeNeeds(needs, typeLabel, t('rec.anyType'), t('rec.needsSep'));
  const routeOf = useMemo(() => new Map((rec?.routes ?? []).map((r) => [r.unitId, r])), [rec]);
  const proposed = useMemo(() => new Set(proposal), [proposal]);
  const eligible = rec?.ranked.filter((r) => !r.excluded) ?? [];
  const excluded = rec?.ranked.filter((r) => r.excluded) ?? [];
  const proposalAvailable = proposal;

  const head = (
    <div className="jw-rec-head">
      <b className="jw-rec-title">
        <ThunderboltOutlined /> {title}
      </b>
      {rec && (
        <Tag color={rec.keyPlace ? 'red' : 'blue'} className="jw-tag" data-testid="rec-target">
          {rec.keyPlace ? t('rec.keyPlace', { name: rec.keyPlace.name, m: targetMinutes(rec.targetSeconds) }) : t('rec.target', { m: targetMinutes(rec.targetSeconds) })}
        </Tag>
      )}
      {rec && open && (
        <span className="jw-rec-best">{rec.bestEtaSeconds !== null ? t('rec.best', { eta: formatSeconds(rec.bestEtaSeconds) }) : t('rec.bestNone')}</span>
      )}
      <span className="jw-rec-tools">
        {open && (
          <>
            <Tooltip title={rec ? t('rec.updatedAt', { time: dayjs(rec.computedAt).format('HH:mm:ss') }) : undefined}>
              <Button size="small" type="text" icon={<ReloadOutlined spin={loading} />} onClick={() => void load()} aria-label={t('common.refresh')} data-testid="rec-refresh" />
            </Tooltip>
            {rec && rec.routes.length > 0 && (
              <Tooltip title={t('rec.fit')}>
                <Button
                  size="small"
                  type="text"
                  icon={<AimOutlined />}
                  aria-label={t('rec.fit')}
                  onClick={() => {
                    const b = routesBBox(rec.routes, incident);
                    if (b) onFitRoutes(b);
                  }}
                />
              </Tooltip>
            )}
          </>
        )}
        {incident.status !== 'new' && (
          <Button size="small" type="link" onClick={() => setOpen((o) => !o)} icon={open ? <UpOutlined /> : <DownOutlined />} data-testid="rec-toggle">
            {open ? t('rec.collapse') : t('rec.expand')}
          </Button>
        )}
      </span>
    </div>
  );

  const row = (r: RankedUnit, rank: number | null) => {
    const isProposed = proposed.has(r.unitId);
    const route = routeOf.get(r.unitId);
    const status = statusOf(r);
    const canSend = status === 'available';
    const tierColor = r.tier ? TIER_TAG[r.tier] : r.etaSeconds !== null ? TIER_TAG.beyond : 'default';
    const reasons = r.reasons.filter((x) => !HIDDEN_REASONS.has(x));
    return (
      <div
        key={r.unitId}
        className={`jw-rec-row ${isProposed ? 'is-proposed' : ''} ${r.excluded ? 'is-excluded' : ''} ${emphasis === r.unitId ? 'is-emph' : ''}`}
        onMouseEnter={() => setHovered(r.unitId)}
        onMouseLeave={() => setHovered(null)}
        onClick={() => setPinned((p) => (p === r.unitId ? null : r.unitId))}
        data-testid={`rec-unit-${r.unitId}`}
        data-callsign={r.callsign}
        data-proposed={isProposed ? '1' : '0'}
        data-excluded={r.excluded ? '1' : '0'}
      >
        <div className="jw-rec-main">
          <span className="jw-rec-rank">{rank ?? '–'}</span>
          <span className="jw-rec-unit">
            <b className="jw-rec-callsign">{r.callsign}</b>
            <span className="jw-rec-type">
              {typeLabel(r.type)} · {t('rec.echelonShort', { n: r.echelon })}
              {status !== 'available' && ` · ${label(UNIT_STATUS_LABELS, status)}`}
            </span>
          </span>
          <span className="jw-rec-eta jw-num" data-testid="rec-eta">
            {formatSeconds(r.etaSeconds)}
          </span>
          <Tag color={tierColor} className="jw-tag jw-rec-tier" data-testid="rec-tier" data-tier={r.tier ?? ''}>
            {r.tier ? t('rec.tier', { n: r.tier }) : r.etaSeconds !== null ? t('rec.beyond') : t('rec.noEta')}
          </Tag>
          <span className="jw-rec-act">
            {canSend && (
              <Button
                size="small"
                type={isProposed ? 'primary' : 'default'}
                icon={<SendOutlined />}
                loading={busy === r.unitId}
                disabled={busy !== null && busy !== r.unitId}
                onClick={(e) => {
                  e.stopPropagation();
                  void send([r.unitId]);
                }}
                data-testid={`rec-dispatch-${r.unitId}`}
              >
                {t('rec.dispatch')}
              </Button>
            )}
          </span>
        </div>
        {(reasons.length > 0 || isProposed || route) && (
          <div className="jw-rec-reasons">
            {isProposed && (
              <Tag color="gold" className="jw-tag jw-rec-reason">
                ★ {t('rec.proposed')}
              </Tag>
            )}
            {reasons.map((x) => (
              <Tag key={x} color={r.excluded ? undefined : REASON_COLOR[x]} className="jw-tag jw-rec-reason" data-reason={x}>
                {label(DISPATCH_REASON_LABELS, x)}
              </Tag>
            ))}
            {route && <span className="jw-rec-dist">{t('rec.distance', { dist: formatDistance(route.meters) })}</span>}
          </div>
        )}
      </div>
    );
  };

  const runCardCategory = rec && rec.runCard.category !== '*' ? label(INCIDENT_CATEGORY_LABELS, rec.runCard.category as IncidentCategory) : label(INCIDENT_CATEGORY_LABELS, incident.category);
  const nextEchelon = rec ? (Math.min(3, rec.echelonCalled + 1) as 1 | 2 | 3) : 2;

  return (
    <section className={`jw-rec ${open ? 'is-open' : ''}`} data-testid="recommendation" data-state={rec ? 'ok' : error ? 'error' : 'loading'}>
      {head}
      {open && (
        <>
          {!!error && (
            <Alert
              type="error"
              showIcon
              title={t('rec.loadFailed', { msg: errorText(error, lang) })}
              action={
                <Button size="small" onClick={() => void load()}>
                  {t('common.retry')}
                </Button>
              }
            />
          )}
          {!rec && !error && <Skeleton active paragraph={{ rows: 3 }} title={false} />}
          {rec && (
            <>
              <div className="jw-rec-meta">
                <div>
                  <span className="jw-rec-label">{t('rec.runCard')}</span>
                  {runCardCategory}
                  {rec.runCard.priority ? ` · ${label(PRIORITY_LABELS, rec.runCard.priority)}` : ''} — <b>{needsText(rec.runCard.needs)}</b>
                  {incident.status !== 'new' && (
                    <Tag color={active >= needsCount(rec.runCard.needs) ? 'green' : 'orange'} className="jw-tag jw-rec-assigned" data-testid="rec-assigned">
                      {t('rec.assigned', { n: active, m: needsCount(rec.runCard.needs) })}
                    </Tag>
                  )}
                </div>
                <div className="jw-rec-echelon" data-testid="rec-echelon" data-called={rec.echelonCalled}>
                  <span className="jw-rec-label">{t('rec.called')}</span>
                  <b>{label(ECHELON_LABELS, rec.echelonCalled)}</b>
                  {rec.escalation.map((e) => (
                    <Tag key={e.echelon} color={e.why === 'dispatcher' ? 'blue' : 'orange'} className="jw-tag" data-why={e.why}>
                      {t('rec.escalated', { echelon: label(ECHELON_LABELS, e.echelon), why: label(ESCALATION_REASON_LABELS, e.why) })}
                    </Tag>
                  ))}
                  <span className="jw-rec-echelon-btns">
                    {([2, 3] as const)
                      .filter((n) => n > rec.echelonCalled)
                      .map((n) => (
                        <Button key={n} size="small" onClick={() => setEchelon(n)} data-testid={`rec-call-${n}`}>
                          {t('rec.callEchelon', { echelon: label(ECHELON_LABELS, n) })}
                        </Button>
                      ))}
                    {echelon && (
                      <Button size="small" type="link" onClick={() => setEchelon(undefined)} data-testid="rec-auto">
                        {t('rec.auto')}
                      </Button>
                    )}
                  </span>
                </div>
              </div>
              {rec.shortfall.length > 0 && (
                <Alert
                  className="jw-rec-shortfall"
                  type="warning"
                  showIcon
                  data-testid="rec-shortfall"
                  title={t('rec.shortfall', { needs: needsText(rec.shortfall) })}
                  description={t('rec.shortfallHint')}
                  action={
                    <Button
                      size="small"
                      onClick={() =>
                        onRequestReinforcement({
                          echelon: nextEchelon,
                          unitsNeeded: Math.max(1, needsCount(rec.shortfall)),
                          unitTypes: rec.shortfall.some((n) => isAnyType(n.types)) ? [] : [...new Set(rec.shortfall.flatMap((n) => n.types))].slice(0, 5),
                        })
                      }
                    >
                      {t('reinf.request')}
                    </Button>
                  }
                />
              )}
              {pending && (
                <Tag color="processing" className="jw-tag" data-testid="rec-held">
                  {t('rec.held')}
                </Tag>
              )}
              {rec.assigned.length > 0 && incident.status !== 'new' && (
                <Typography.Text type="secondary" className="jw-rec-assigned-by">
                  {t('rec.assignedBy', { units: rec.assigned.map((a) => a.callsign).join(t('rec.needsSep')) })}
                </Typography.Text>
              )}
              <div
                className="jw-rec-list"
                data-testid="rec-list"
                data-held={pending ? '1' : '0'}
                onMouseEnter={() => (pointerOn.current = true)}
                onMouseLeave={leaveList}
              >
                {eligible.length === 0 && excluded.length === 0 && <Typography.Text type="secondary">{t('rec.empty')}</Typography.Text>}
                {eligible.map((r, i) => row(r, i + 1))}
                {excluded.length > 0 && (
                  <div className="jw-rec-excl-head">
                    <span>{t('rec.excludedN', { n: excluded.length })}</span>
                    {excluded.length > 3 && (
                      <Button size="small" type="link" onClick={() => setShowExcluded((v) => !v)}>
                        {showExcluded ? t('rec.hideExcluded') : t('rec.showExcluded')}
                      </Button>
                    )}
                  </div>
                )}
                {(excluded.length <= 3 || showExcluded) && excluded.map((r) => row(r, null))}
              </div>
              {proposalAvailable.length > 1 && (
                <Button
                  type="primary"
                  block
                  icon={<SendOutlined />}
                  loading={busy === 'all'}
                  disabled={busy !== null && busy !== 'all'}
                  onClick={() => sendAll(proposalAvailable)}
                  className="jw-rec-all"
                  data-testid="rec-dispatch-all"
                >
                  {t('rec.dispatchAll', { n: proposalAvailable.length })}
                </Button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
