// The live side of a published plan: roll call (日点名) with present / absent per team, the flags (off route, missed
// point, absent) with acknowledge, and the check-ins as they come (REST on open, then the patrol topic).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Popover, Select, Tag, Typography } from 'antd';
import { CameraOutlined, CheckOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Checkin, PatrolFlag, PatrolPlan, RollCall } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { formatDistance } from '../../lib/geo';
import { addCheckin, sortFlags, upsertFlag } from './helpers';
import { FlagKindTag, FlagStatusTag, MethodTag, OutsideWindowTag, RollCallTag } from './tags';

export interface PlanLive {
  checkins: Checkin[];
  flags: PatrolFlag[];
  rollCalls: RollCall[];
  loading: boolean;
  error: unknown;
  reload: () => void;
  onCheckin: (c: Checkin) => void;
  onFlag: (f: PatrolFlag) => void;
  onRollCall: (r: RollCall) => void;
}

/** Check-ins, flags and roll calls of a published plan; fed by the socket through onCheckin / onFlag. */
export function usePlanLive(plan: Pick<PatrolPlan, 'id' | 'status'> | null): PlanLive {
  const [checkins, setCheckins] = useState<Checkin[]>([]);
  const [flags, setFlags] = useState<PatrolFlag[]>([]);
  const [rollCalls, setRollCalls] = useState<RollCall[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);
  const planId = plan && plan.status !== 'draft' ? plan.id : null;
  const current = useRef(planId);
  current.current = planId;

  useEffect(() => {
    setCheckins([]);
    setFlags([]);
    setRollCalls([]);
    setError(null);
  }, [planId]);

  useEffect(() => {
    if (planId === null) return;
    const ac = new AbortController();
    setLoading(true);
    Promise.all([api.patrolCheckins(planId, ac.signal), api.patrolFlags({ planId }, ac.signal), api.rollCalls(planId)])
      .then(([c, f, r]) => {
        if (ac.signal.aborted) return;
        setCheckins([...c].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)));
        setFlags(f);
        setRollCalls([...r].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)));
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [planId, nonce]);

  const onCheckin = useCallback((c: Checkin) => {
    if (c.planId === current.current) setCheckins((l) => addCheckin(l, c));
  }, []);
  const onFlag = useCallback((f: PatrolFlag) => {
    if (f.planId === current.current) setFlags((l) => upsertFlag(l, f));
  }, []);
  const onRollCall = useCallback((r: RollCall) => {
    if (r.planId === current.current) setRollCalls((l) => [r, ...l.filter((x) => x.id !== r.id)]);
  }, []);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { checkins, flags, rollCalls, loading, error, reload, onCheckin, onFlag, onRollCall };
}

export function LivePanel({ plan, live, planner, onLocate }: { plan: PatrolPlan; live: PlanLive; planner: boolean; onLocate: (lon: number, lat: number) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [calling, setCalling] = useState(false);
  const [shownCall, setShownCall] = useState<number | null>(null);
  const [acking, setAcking] = useState<number | null>(null);
  const [flagFilter, setFlagFilter] = useState<'open' | 'all'>('open');

  const rollCall = async () => {
    setCalling(true);
    try {
      const r = await api.rollCall(plan.id);
      live.onRollCall(r);
      setShownCall(r.id);
      message.success(t('live.rollCallDone', { present: r.present, absent: r.absent }));
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setCalling(false);
    }
  };

  const ack = async (f: PatrolFlag) => {
    setAcking(f.id);
    try {
      const res = await api.ackPatrolFlag(f.id, f.version);
      if (res && typeof res === 'object' && 'id' in res) live.onFlag(res);
      else live.reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        live.reload();
      } else message.error(errorText(e, lang));
    } finally {
      setAcking(null);
    }
  };

  const call = live.rollCalls.find((r) => r.id === shownCall) ?? live.rollCalls[0] ?? null;
  const flags = sortFlags(live.flags).filter((f) => flagFilter === 'all' || f.status === 'open');
  const openFlags = live.flags.filter((f) => f.status === 'open').length;

  return (
    <div className="pt-live" data-testid="plan-live">
      {!!live.error && (
        <Alert
          type="error"
          showIcon
          title={errorText(live.error, lang)}
          action={
            <Button size="small" onClick={live.reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}

      <section className="pt-section" data-testid="roll-call">
        <div className="pt-section-head">
          <b>
            <TeamOutlined /> {t('live.rollCall')}
          </b>
          <span className="pt-section-tools">
            {live.rollCalls.length > 1 && (
              <Select<number>
                size="small"
                value={call?.id}
                onChange={setShownCall}
                style={{ width: 150 }}
                aria-label={t('live.earlierCalls')}
                options={live.rollCalls.map((r) => ({ value: r.id, label: `${dayjs(r.at).format('HH:mm')} · ${r.present}/${r.present + r.absent}` }))}
              />
            )}
            {planner && (
              <Button type="primary" size="small" icon={<TeamOutlined />} onClick={() => void rollCall()} loading={calling} data-testid="roll-call-now">
                {t('live.rollCallNow')}
              </Button>
            )}
          </span>
        </div>
        {call ? (
          <>
            <div className="pt-section-sub">
              {t('live.rollCallAt', { time: dayjs(call.at).format('HH:mm:ss'), name: call.byName })} ·{' '}
              <Tag color="green" className="jw-tag">
                {t('live.present', { n: call.present })}
              </Tag>
              <Tag color={call.absent ? 'red' : 'default'} className="jw-tag">
                {t('live.absent', { n: call.absent })}
              </Tag>
              {call.rosterExpected !== undefined && (
                <Tag color={call.rosterPresent === call.rosterExpected ? 'green' : 'orange'} className="jw-tag">
                  {t('live.rosterRoll', { present: call.rosterPresent ?? 0, expected: call.rosterExpected })}
                </Tag>
              )}
            </div>
            <div className="pt-rows" data-testid="roll-call-entries">
              {call.entries.map((e) => (
                <div key={e.unitId} className="pt-row" data-result={e.result}>
                  <b className="pt-row-title">{e.callsign}</b>
                  <RollCallTag result={e.result} />
                  <span className="pt-row-right jw-num">
                    {e.distanceM != null ? t('live.fromPlan', { d: formatDistance(e.distanceM) }) : '—'}
                    {e.positionAt && ` · ${dayjs(e.positionAt).format('HH:mm')}`}
                    {e.checkinAt && ` · ${t('live.checkedInAt', { time: dayjs(e.checkinAt).format('HH:mm') })}`}
                    {e.source && ` · ${t(e.source === 'gps' ? 'live.byGps' : 'live.byCheckin')}`}
                  </span>
                  {e.roster && (
                    <div className="pt-row-sub" data-testid="roll-call-roster">
                      {e.roster.length === 0
                        ? t('live.notRostered')
                        : e.roster.map((p) => (
                            <Tag key={p.personId} color={p.present ? 'green' : 'red'} className="jw-tag" data-present={p.present}>
                              {p.personName} {p.present ? t(p.source === 'checkin' ? 'live.byCheckin' : 'live.byGps') : t('live.notHere')}
                            </Tag>
                          ))}
                    </div>
                  )}
                </div>
              ))}
            </div>
          </>
        ) : (
          <div className="jw-muted pt-section-empty">{t('live.noRollCall')}</div>
        )}
      </section>

      <section className="pt-section" data-testid="flags">
        <div className="pt-section-head">
          <b>
            {t('live.flags')} {openFlags > 0 && <Tag color="red">{openFlags}</Tag>}
          </b>
          <span className="pt-section-tools">
            <Select
              size="small"
              value={flagFilter}
              onChange={setFlagFilter}
              style={{ width: 110 }}
              options={[
                { value: 'open', label: t('live.flagsOpen') },
                { value: 'all', label: t('live.flagsAll') },
              ]}
            />
            <Button size="small" icon={<ReloadOutlined />} onClick={live.reload} loading={live.loading} aria-label={t('common.refresh')} />
          </span>
        </div>
        {flags.length === 0 ? (
          <div className="jw-muted pt-section-empty">{t(flagFilter === 'open' ? 'live.noOpenFlags' : 'live.noFlags')}</div>
        ) : (
          <div className="pt-rows">
            {flags.map((f) => (
              <div key={f.id} className={`pt-row pt-flag is-${f.status}`} data-testid={`flag-${f.id}`}>
                <div className="pt-row-line">
                  <FlagKindTag kind={f.kind} />
                  <b className="pt-row-title">{f.callsign}</b>
                  <FlagStatusTag status={f.status} />
                  <span className="pt-row-right jw-num">{dayjs(f.raisedAt).format('HH:mm')}</span>
                </div>
                <div className="pt-row-sub">{f.detail || (f.distanceM != null ? formatDistance(f.distanceM) : '')}</div>
                <div className="pt-row-actions">
                  {f.lon != null && f.lat != null && (
                    <Button size="small" type="link" onClick={() => onLocate(f.lon!, f.lat!)}>
                      {t('live.locate')}
                    </Button>
                  )}
                  {planner && f.status === 'open' && (
                    <Button size="small" icon={<CheckOutlined />} onClick={() => void ack(f)} loading={acking === f.id} data-testid={`flag-ack-${f.id}`}>
                      {t('live.acknowledge')}
                    </Button>
                  )}
                </div>
              </div>
            ))}
          </div>
        )}
      </section>

      <section className="pt-section" data-testid="checkins">
        <div className="pt-section-head">
          <b>{t('live.checkins', { n: live.checkins.length })}</b>
        </div>
        {live.checkins.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('live.noCheckins')} />
        ) : (
          <div className="pt-rows">
            {live.checkins.slice(0, 200).map((c) => (
              <div key={c.id} className="pt-row" data-testid={`checkin-${c.id}`}>
                <div className="pt-row-line">
                  <span className="jw-num">{dayjs(c.at).format('HH:mm')}</span>
                  <b className="pt-row-title">{c.callsign}</b>
                  <span className="pt-row-name">{c.name}</span>
                  <MethodTag method={c.method} />
                  <OutsideWindowTag window={c.window} testId={`checkin-outside-${c.id}`} />
                  {c.lateSynced && (
                    <Tag color="gold" data-testid={`checkin-late-${c.id}`}>
                      {t('inc.lateSynced', { time: c.receivedAt ? dayjs(c.receivedAt).format('HH:mm') : '' })}
                    </Tag>
                  )}
                </div>
                {(c.note || c.photoId != null) && (
                  <div className="pt-row-sub">
                    {c.note}
                    {c.photoId != null && (
                      <Popover
                        trigger="click"
                        content={<img src={api.patrolPhotoUrl(c.photoId)} alt={c.name} className="pt-photo-preview" />}
                      >
                        <Button size="small" type="link" icon={<CameraOutlined />}>
                          {t('live.photo')}
                        </Button>
                      </Popover>
                    )}
                  </div>
                )}
                <Typography.Text type="secondary" className="pt-row-by">
                  {c.byName}
                </Typography.Text>
              </div>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
