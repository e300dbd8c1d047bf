// 我的巡逻 (/field), phone first: the caller's team and shift, the route as a numbered list with planned times and the
// status of each stop (已打卡 / 待巡 / 漏巡), a small map with the route and the team, the team's flags, and per stop a
// manual check-in (note, optional photo downscaled on the phone). Opened from a point's QR code
// (?checkin=<pointId>&t=<token>) it checks in at once for the current route and shows the result.
// The command room may look at any unit's view (?unit=<id>).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Empty, Input, Modal, Progress, Result, Select, Spin, Tag } from 'antd';
import { CameraOutlined, CheckOutlined, DeleteOutlined, EnvironmentOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { CHECKIN_METHOD_LABELS, UNIT_TYPE_LABELS, type Checkin, type CheckinBody, type FieldView, type PlannedStop } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useLive } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { bboxOf, formatDistance, type BBox } from '../../lib/geo';
import { canPlanPatrol, clock, countStops, dataUrlBytes, isOutsideWindow, nextStopIndex, outsideWindowAt, parseCheckinQuery, sortFlags, stopStatus, teamColor, type StopMarker } from '../patrol/helpers';
import { PatrolMap } from '../patrol/PatrolMap';
import { FlagKindTag, FlagStatusTag, OutsideWindowTag, StopKindTag, StopStatusTag, TierTag } from '../patrol/tags';
import { usePatrolFeed } from '../patrol/usePatrolFeed';
import { useUrlMirror } from '../../lib/useUrlMirror';
import { currentPosition, downscalePhoto } from './photo';
import { OutboxBar } from './OutboxBar';
import { useOutbox } from './useOutbox';
import '../patrol/patrol.css';

const REFRESH_MS = 60_000;

interface QrResult {
  ok: boolean;
  text: string;
}

export default function FieldPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const planner = canPlanPatrol(user?.role);
  const [params, setParams] = useSearchParams();
  const [unitId, setUnitId] = useState<number | undefined>(() => Number(params.get('unit')) || undefined);
  useUrlMirror({ unit: unitId === undefined ? null : String(unitId) });
  const [view, setView] = useState<FieldView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [qr, setQr] = useState<QrResult | null>(null);
  const [qrBusy, setQrBusy] = useState(false);
  const [checking, setChecking] = useState<{ stop: PlannedStop; index: number } | null>(null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const v = await api.patrolField(unitId);
      if (n !== seq.current) return;
      setView(v);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [unitId]);

  // a QR code opened the page: check in at once for the caller's current route, then clear the query
  const qrDone = useRef<string | null>(null);
  const qrBusyRef = useRef(false);
  const qrQuery = parseCheckinQuery(params.toString());
  useEffect(() => {
    if (!qrQuery || qrDone.current === qrQuery.token) return;
    qrDone.current = qrQuery.token;
    qrBusyRef.current = true;
    const { pointId, token } = qrQuery;
    setQrBusy(true);
    setQr(null);
    void (async () => {
      try {
        const v = await api.patrolField();
        if (!v.route) {
          setQr({ ok: false, text: t(v.reason === 'no_unit' ? 'field.noUnit' : 'field.noPlan') });
          return;
        }
        const c = await api.patrolCheckin({ routeId: v.route.id, kind: 'point', ref: pointId, method: 'qr', token });
        const done = t('field.qrDone', { name: c.name, time: dayjs(c.at).format('HH:mm') });
        setQr({ ok: true, text: isOutsideWindow(c) ? `${done} ${t('live.outsideWindow')}：${t(c.window === 'early' ? 'live.outsideWindowEarly' : 'live.outsideWindowLate')}` : done });
      } catch (e) {
        setQr({ ok: false, text: t('field.qrFailed', { msg: errorText(e, lang) }) });
      } finally {
        qrBusyRef.current = false;
        setQrBusy(false);
        setParams(
          (prev) => {
            const next = new URLSearchParams(prev);
            next.delete('checkin');
            next.delete('t');
            return next;
          },
          { replace: true },
        );
        void load();
      }
    })();
    // runs once per QR token
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qrQuery?.token]);

  // load now (unless the QR check-in is under way: it loads when done) and every minute (missed stops age)
  useEffect(() => {
    if (!qrBusyRef.current) void load();
    const id = setInterval(() => {
      if (!document.hidden) void load();
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [load]);

  const viewRef = useRef(view);
  viewRef.current = view;
  usePatrolFeed(
    true,
    (m) => {
      const v = viewRef.current;
      if (!v?.route || !v.plan) return;
      if (
        (m.type === 'patrol_checkin' && m.checkin.routeId === v.route.id) ||
        (m.type === 'patrol_flag' && m.flag.routeId === v.route.id) ||
        (m.type === 'patrol_plan' && m.planId === v.plan.id)
      )
        void load();
    },
    () => void load(),
  );

  const route = view?.route ?? null;
  const color = teamColor(0);
  const counts = route ? countStops(route.stops) : null;
  const next = route ? nextStopIndex(route.stops) : null;

  const markers = useMemo<StopMarker[]>(
    () =>
      (route?.stops ?? []).map((s, i) => ({
        key: `${i}`,
        routeId: route!.id,
        n: i + 1,
        kind: s.kind,
        lon: s.lon,
        lat: s.lat,
        color,
        status: stopStatus(s),
        dim: false,
        title: `#${i + 1} ${s.name} ${clock(s.startAt)}`,
      })),
    [route, color],
  );
  const mapRoutes = useMemo(() => (route ? [{ id: route.id, callsign: route.callsign, color, coordinates: route.coordinates as [number, number][] }] : []), [route, color]);
  const self = view?.unit && view.unit.lon != null && view.unit.lat != null ? { lon: view.unit.lon, lat: view.unit.lat } : null;
  const fit = useMemo(() => {
    if (!route) return null;
    const u = view?.unit;
    const own = u && u.lon != null && u.lat != null ? [[u.lon, u.lat]] : [];
    const b = bboxOf({ type: 'MultiPoint', coordinates: [...route.coordinates, ...route.stops.map((s) => [s.lon, s.lat]), ...own] });
    return { key: `field-${route.id}-${route.version}`, bbox: b as BBox | null };
    // fitted once per route version (not on every move of the team)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [route]);

  const head = view?.unit && view.plan && (
    <div className="fd-head" data-testid="field-head">
      <div className="fd-head-top">
        <span className="fd-callsign">{view.unit.callsign}</span>
        <TierTag tier={view.plan.tier} />
      </div>
      <div className="fd-head-sub">
        {view.plan.date} {view.plan.shiftName} · <span className="jw-num">{clock(view.plan.shiftStart)}–{clock(view.plan.shiftEnd)}</span> · {view.plan.areaName}
      </div>
      {counts && (
        <div className="fd-progress">
          <div className="fd-progress-line">
            <span>{t('field.progress', { done: counts.done, total: counts.total })}</span>
            {counts.missed > 0 && <span>{t('field.missedN', { n: counts.missed })}</span>}
          </div>
          <Progress
            percent={counts.total ? Math.round((counts.done / counts.total) * 100) : 0}
            success={{ percent: counts.total ? Math.round((counts.done / counts.total) * 100) : 0 }}
            showInfo={false}
            size="small"
            strokeColor="#52c41a"
            railColor="rgba(255,255,255,0.25)"
          />
        </div>
      )}
    </div>
  );

  const openFlags = sortFlags(view?.flags ?? []);

  return (
    <div className="fd-page" data-testid="field-page" data-state={view ? (view.route ? 'route' : (view.reason ?? 'none')) : 'loading'}>
      {planner && <UnitPicker value={unitId} onChange={setUnitId} />}
      <OutboxBar />
      {qrBusy && (
        <Alert type="info" showIcon icon={<QrcodeOutlined />} title={t('field.qrChecking')} data-testid="field-qr-busy" />
      )}
      {qr && (
        <Alert
          type={qr.ok ? 'success' : 'error'}
          showIcon
          title={qr.text}
          closable={{ onClose: () => setQr(null) }}
          data-testid="field-qr-result"
          data-ok={qr.ok ? '1' : '0'}
        />
      )}
      {!!error && (
        <Alert
          type="error"
          showIcon
          title={errorText(error, lang)}
          action={
            <Button size="small" onClick={() => void load()}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {!view && !error && (
        <div className="pt-loading">
          <Spin />
        </div>
      )}
      {view && !view.route && (
        <Result
          status={view.reason === 'no_unit' ? 'warning' : 'info'}
          title={t(view.reason === 'no_unit' ? 'field.noUnit' : 'field.noPlan')}
          subTitle={t(view.reason === 'no_unit' ? (planner ? 'field.noUnitPlanner' : 'field.noUnitHint') : 'field.noPlanHint')}
          extra={
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
              {t('common.refresh')}
            </Button>
          }
          data-testid={`field-reason-${view.reason ?? 'none'}`}
        />
      )}
      {head}
      {route && (
        <>
          <div className="fd-map">
            <PatrolMap testId="field-map" compact routes={mapRoutes} focusRouteId={route.id} stops={markers} self={self} fit={fit} />
          </div>
          {openFlags.length > 0 && (
            <section className="pt-section fd-flags" data-testid="field-flags">
              <div className="pt-section-head">
                <b>{t('field.flags')}</b>
              </div>
              <div className="pt-rows">
                {openFlags.map((f) => (
                  <div key={f.id} className={`pt-row pt-flag is-${f.status}`}>
                    <div className="pt-row-line">
                      <FlagKindTag kind={f.kind} />
                      <FlagStatusTag status={f.status} />
                      <span className="pt-row-right jw-num">{dayjs(f.raisedAt).format('HH:mm')}</span>
                    </div>
                    <div className="pt-row-sub">{f.detail || (f.distanceM != null ? formatDistance(f.distanceM) : '')}</div>
                  </div>
                ))}
              </div>
            </section>
          )}
          <div className="pt-section-head">
            <b>{t('field.route', { n: route.stops.length })}</b>
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
              {t('common.refresh')}
            </Button>
          </div>
          {route.stops.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patrol.noStops')} />}
          <ol className="fd-stops" data-testid="field-stops">
            {route.stops.map((s, i) => {
              const st = stopStatus(s);
              return (
                <li key={`${s.kind}-${s.ref}-${i}`} className={`fd-stop st-${st} ${next === i ? 'is-next' : ''}`} data-testid={`field-stop-${i + 1}`} data-status={st}>
                  <span className={`pt-stop is-${s.kind} st-${st}`} style={{ ['--c' as string]: color }}>
                    {i + 1}
                  </span>
                  <div className="fd-stop-main">
                    <div className="fd-stop-name">{s.name}</div>
                    <div className="fd-stop-time jw-num">
                      {clock(s.startAt)}–{clock(s.departAt)}
                      {s.dwellSeconds > 0 && ` · ${t('patrol.dwell', { m: Math.round(s.dwellSeconds / 60) })}`}
                    </div>
                    <div>
                      <StopKindTag kind={s.kind} />
                      {next === i && (
                        <Tag color="blue" className="jw-tag">
                          {t('field.next')}
                        </Tag>
                      )}
                      {st === 'done' && s.visitedAt && (
                        <span className="jw-muted">
                          <span className="jw-num">{dayjs(s.visitedAt).format('HH:mm')}</span>
                          {s.visitMethod && ` · ${label(CHECKIN_METHOD_LABELS, s.visitMethod)}`}
                        </span>
                      )}
                    </div>
                    {/* check-ins here outside the stop's window: kept and shown, not the visit (issue 18) */}
                    {outsideWindowAt(s, view?.checkins ?? []).map((c) => (
                      <div key={c.id} className="fd-stop-outside" data-testid={`field-outside-${i + 1}`}>
                        <span className="jw-num">{dayjs(c.at).format('HH:mm')}</span>
                        <OutsideWindowTag window={c.window} explain />
                      </div>
                    ))}
                  </div>
                  <div className="fd-stop-side">
                    <StopStatusTag status={st} />
                    {st !== 'done' && (
                      <Button icon={<CheckOutlined />} onClick={() => setChecking({ stop: s, index: i })} data-testid={`field-checkin-${i + 1}`}>
                        {t('field.manual')}
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
          <div className="jw-muted pt-section-empty">
            <EnvironmentOutlined /> {t('field.qrHint')}
          </div>
        </>
      )}
      {route && checking && (
        <ManualCheckin
          routeId={route.id}
          stop={checking.stop}
          n={checking.index + 1}
          onClose={() => setChecking(null)}
          onDone={(name, warn) => {
            // a check-in the server could not verify, or one outside the stop's window, is kept but not counted: a
            // warning, not a success
            if (warn) message.warning({ content: name, duration: 8 });
            else message.success(t('field.checkedIn', { name }));
            setChecking(null);
            void load();
          }}
          onQueued={() => {
            message.warning(t('outbox.queued'));
            setChecking(null);
          }}
        />
      )}
    </div>
  );
}

/** The command room looks at any unit's view (the live unit list: only this part re-renders as units move). */
function UnitPicker({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { t, label } = useI18n();
  const { units } = useLive();
  const options = useMemo(
    () =>
      [...units.values()]
        .sort((a, b) => a.callsign.localeCompare(b.callsign, 'zh-CN', { numeric: true }))
        .map((u) => ({ value: u.id, label: `${u.callsign} · ${label(UNIT_TYPE_LABELS, u.type)}` })),
    // only the list of units matters, not their moves
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [units.size, label],
  );
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={options}
      placeholder={t('field.pickUnit')}
      className="fd-unit-pick"
      data-testid="field-unit"
    />
  );
}

function ManualCheckin({ routeId, stop, n, onClose, onDone, onQueued }: { routeId: number; stop: PlannedStop; n: number; onClose: () => void; onDone: (text: string, warn: boolean) => void; onQueued: () => void }) {
  const { t, lang } = useI18n();
  const { box } = useOutbox();
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setPreparing(true);
    setErr(null);
    try {
      setPhoto(await downscalePhoto(f));
    } catch {
      setErr(t('field.photoFailed'));
    } finally {
      setPreparing(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const submit = async () => {
    setBusy(true);
    setErr(null);
    try {
      const pos = await currentPosition(4000);
      const body: CheckinBody = {
        routeId,
        kind: stop.kind,
        ref: stop.ref,
        method: 'manual',
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(photo ? { photo } : {}),
        ...(pos ? { lon: pos.lon, lat: pos.lat } : {}),
      };
      // through the outbox: sent now with signal, else kept and sent in order when it returns
      if (!box) return;
      const r = await box.submit({ kind: 'checkin', path: '/api/patrol/checkins', body, label: `${t('field.submitCheckin')}：${stop.name}` });
      if (!r.sent) {
        onQueued();
        return;
      }
      const c = r.body as Checkin;
      // a check-in the server could not verify (no recent track of the unit near the place) is kept, not counted; so
      // is one outside the stop's window (窗口外)
      const name = c.name || stop.name;
      if (c.proof === 'unverified') onDone(t('field.unverified', { name }), true);
      else if (isOutsideWindow(c)) onDone(`${name}：${t('live.outsideWindow')}，${t(c.window === 'early' ? 'live.outsideWindowEarly' : 'live.outsideWindowLate')}`, true);
      else onDone(name, false);
    } catch (e) {
      const far = e instanceof ApiError && e.code === 'CHECKIN_TOO_FAR' ? (e.details as { distanceM?: number } | undefined)?.distanceM : undefined;
      setErr(far !== undefined ? t('field.tooFar', { d: formatDistance(far) }) : errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('field.manualTitle', { n, name: stop.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('field.submitCheckin')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: preparing, 'data-testid': 'field-checkin-submit' } as never}
      destroyOnHidden
      centered
      width={460}
    >
      <div data-testid="field-checkin-form">
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('field.notePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={500}
          showCount
          data-testid="field-note"
        />
        <div className="fd-photo" style={{ marginTop: 12 }}>
          <input ref={fileRef} type="file" accept="image/*" capture="environment" className="fd-file" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="field-photo-input" />
          <Button icon={<CameraOutlined />} onClick={() => fileRef.current?.click()} loading={preparing}>
            {photo ? t('field.retakePhoto') : t('field.takePhoto')}
          </Button>
          {photo && (
            <>
              <img src={photo} alt={t('field.photo')} data-testid="field-photo-preview" />
              <span className="jw-muted jw-num">{Math.max(1, Math.round(dataUrlBytes(photo) / 1024))} KB</span>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setPhoto(null)} aria-label={t('field.removePhoto')} />
            </>
          )}
        </div>
        {err && <Alert type="error" showIcon title={err} style={{ marginTop: 12 }} />}
      </div>
    </Modal>
  );
}
