import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Modal, Tabs, Tooltip } from 'antd';
import { AlertOutlined, MutedOutlined, PhoneOutlined, QuestionCircleOutlined, SoundOutlined, SwapOutlined } from '@ant-design/icons';
import type { Incident, RoadProfileKey } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useClientConfig } from '../../app/config';
import { useAuth } from '../../app/auth';
import { useIsPhone, useLive, useLiveStore } from '../../app/live';
import { errorText } from '../../api/errors';
import { MapView, type LayerKey, type MapApi, type MapClick, type MapContextClick } from '../../map/MapView';
import { LayerPanel } from './LayerPanel';
import { Counters } from './Counters';
import { IncidentQueue } from './IncidentQueue';
import { IntakeDrawer } from './IntakeDrawer';
import { IncidentDrawer } from './IncidentDrawer';
import { bboxOf, type BBox } from '../../lib/geo';
import type { Fc } from '../../map/overlays';
import { useCoverage, useReach } from './useDispatchOverlays';
import { CoverageLegend, ForecastLegend, MapContextMenu, ReachLegend, UnitCard, type ContextAt } from './MapOverlays';
import { useForecastOverlay } from './useForecastOverlay';
import { ReinforcementList, useReinforcements } from './Reinforcements';
import { cellPopupText } from '../forecast/helpers';
import { sortQueue } from '../../lib/queue';
import { SHORTCUTS, arrivals, playTone, shortcutOf, stepQueue } from './alerts';
import { UnitBoard } from './UnitBoard';
import { HandoverDrawer } from './HandoverDrawer';

const COVERAGE_KEY = 'jw.coverage';
const FORECAST_KEY = 'jw.forecastLayer';
const MUTE_KEY = 'jw.mute';

/** An on/off overlay remembered in localStorage ('1' / '0'); off by default. */
function useStoredFlag(key: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(key) === '1';
    } catch {
      return false;
    }
  });
  const set = useCallback(
    (v: boolean) => {
      setOn(v);
      try {
        localStorage.setItem(key, v ? '1' : '0');
      } catch {
        /* ignore */
      }
    },
    [key],
  );
  return [on, set];
}

const LAYERS_KEY = 'jw.layers';
const DEFAULT_LAYERS: Record<LayerKey, boolean> = {
  district: true,
  station: true,
  police_grid: true,
  community: false,
  grid: true,
  roads: true,
  units: true,
  incidents: true,
};

function loadLayers(hasBasemap: boolean): Record<LayerKey, boolean> {
  try {
    const v = JSON.parse(localStorage.getItem(LAYERS_KEY) ?? 'null') as Partial<Record<LayerKey, boolean>> | null;
    if (v) return { ...DEFAULT_LAYERS, ...v };
  } catch {
    /* ignore */
  }
  return { ...DEFAULT_LAYERS, roads: !hasBasemap };
}

export default function CommandRoom() {
  const { t, lang } = useI18n();
  const { config, loaded } = useClientConfig();
  const phone = useIsPhone();
  const live = useLive();
  const store = useLiveStore();
  const [layers, setLayers] = useState(() => loadLayers(!!config.basemapUrl));
  const [gcj, setGcj] = useState(config.basemapGcj02);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [intakeOpen, setIntakeOpen] = useState(false);
  const [pin, setPin] = useState<{ lon: number; lat: number } | null>(null);
  const mapApi = useRef<MapApi | null>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  const [routes, setRoutes] = useState<Fc | null>(null);
  const [coverageOn, setCoverage] = useStoredFlag(COVERAGE_KEY);
  const coverage = useCoverage(coverageOn);
  const { user } = useAuth();
  const [forecastOn, setForecast] = useStoredFlag(FORECAST_KEY);
  const scope = useMemo(() => (user?.scopeAreaId != null ? { id: user.scopeAreaId, name: user.scopeAreaName ?? '' } : null), [user?.scopeAreaId, user?.scopeAreaName]);
  const forecast = useForecastOverlay(forecastOn, scope);
  const { reach, showReach, clearReach } = useReach();
  const [ctx, setCtx] = useState<ContextAt | null>(null);
  const [unitId, setUnitId] = useState<number | null>(null);
  const reinf = useReinforcements();
  const [muted, setMuted] = useStoredFlag(MUTE_KEY);
  const [handoverOpen, setHandoverOpen] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const { message } = App.useApp();
  const seenCalls = useRef(new Set<number>());
  const learned = useRef(false);

  useEffect(() => setGcj(config.basemapGcj02), [config.basemapGcj02]);

  // a reach area arrives: bring it into view
  const reachFc = reach?.fc ?? null;
  useEffect(() => {
    const b = reachFc ? bboxOf(reachFc) : null;
    if (b) mapApi.current?.fitBBox(b as BBox, 16, { padding: phone ? 20 : { top: 40, bottom: 40, left: 40, right: selectedId != null ? 140 : 40 }, animate: true });
    // only when a new area arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reachFc]);

  const fitRoutes = useCallback(
    (b: BBox) => {
      mapApi.current?.fitBBox(b, 16, { padding: phone ? 24 : { top: 60, bottom: 60, left: 60, right: 140 }, animate: true });
    },
    [phone],
  );

  const toggle = useCallback((k: LayerKey, on: boolean) => {
    setLayers((prev) => {
      const next = { ...prev, [k]: on };
      try {
        localStorage.setItem(LAYERS_KEY, JSON.stringify(next));
      } catch {
        /* ignore */
      }
      return next;
    });
  }, []);

  const incidents = useMemo(() => [...live.incidents.values()], [live.incidents]);
  const units = useMemo(() => [...live.units.values()], [live.units]);

  const select = useCallback((i: Incident) => {
    setIntakeOpen(false);
    setPin(null);
    setSelectedId(i.id);
    mapApi.current?.flyTo(i.lon, i.lat, 14);
  }, []);

  // a tone on a new call (another for grade 1), unless muted; the first snapshot only learns what is there
  useEffect(() => {
    if (live.syncedAt === null) return;
    const { tone, ids } = arrivals(seenCalls.current, live.incidents.values(), !learned.current);
    learned.current = true;
    if (!tone) return;
    if (!muted) playTone(tone);
    const first = live.incidents.get(ids[0]!);
    if (first) message.info({ content: t('cmd.newCall', { number: first.number }), key: 'jw-new-call' });
  }, [live.incidents, live.syncedAt, muted, message, t]);

  const onMapClick = useCallback(
    (c: MapClick) => {
      setCtx(null);
      if (intakeOpen) {
        setPin({ lon: c.lon, lat: c.lat });
        return;
      }
      if (c.incidentId != null) {
        setSelectedId(c.incidentId);
      } else if (c.unitId != null) {
        setUnitId(c.unitId);
      }
    },
    [intakeOpen],
  );

  const onContextMenu = useCallback(
    (c: MapContextClick) => {
      setCtx({ x: c.x, y: c.y, lon: c.lon, lat: c.lat, unit: c.unitId != null ? (store.getSnapshot().units.get(c.unitId) ?? null) : null });
    },
    [store],
  );
  const closeCtx = useCallback(() => setCtx(null), []);
  const selectedUnit = unitId != null ? (live.units.get(unitId) ?? null) : null;

  const selectById = useCallback(
    (id: number) => {
      const i = store.getSnapshot().incidents.get(id);
      setIntakeOpen(false);
      setPin(null);
      setSelectedId(id);
      if (i) mapApi.current?.flyTo(i.lon, i.lat, 14);
    },
    [store],
  );

  const openIntake = useCallback(() => {
    setSelectedId(null);
    setIntakeOpen(true);
  }, []);

  // keyboard: N new call, D dispatch the first recommended, J/K next/previous call, ? the list
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = shortcutOf(e);
      if (!a || document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return;
      e.preventDefault();
      if (a === 'new') openIntake();
      else if (a === 'help') setKeysOpen(true);
      else if (a === 'dispatch') document.querySelector<HTMLButtonElement>('[data-testid="rec-list"] button[data-testid^="rec-dispatch-"]:not([disabled])')?.click();
      else {
        const id = stepQueue(sortQueue(store.getSnapshot().incidents.values()), selectedId, a === 'next' ? 1 : -1);
        if (id !== null) selectById(id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openIntake, selectById, selectedId, store]);

  const fit = () => {
    if (config.bbox) mapApi.current?.fitBBox(config.bbox as BBox);
  };

  // a forecast cell's popup: the forecast page's words
  const forecastPopup = useCallback((p: Record<string, unknown>) => cellPopupText(p, t), [t]);

  const map = (
    <MapView
      testId="command-map"
      visible={layers}
      gcj={gcj}
      incidents={incidents}
      selectedIncidentId={selectedId}
      units={units}
      pin={intakeOpen ? pin : null}
      picking={intakeOpen}
      onClick={onMapClick}
      onContextMenu={onContextMenu}
      onMoveStart={closeCtx}
      onReady={(a) => (mapApi.current = a)}
      routes={selectedId != null ? routes : null}
      reach={reach?.fc ?? null}
      coverage={coverageOn ? coverage.fc : null}
      forecast={forecastOn ? forecast.fc : null}
      forecastPopup={forecastPopup}
      className="jw-cmd-mapview"
    >
      <LayerPanel
        visible={layers}
        onToggle={toggle}
        gcj={gcj}
        onGcj={setGcj}
        onFit={fit}
        defaultOpen={!phone}
        coverage={coverageOn}
        onCoverage={setCoverage}
        forecast={forecastOn}
        onForecast={setForecast}
      />
      {intakeOpen && !pin && <div className="jw-map-banner">{t('map.pickHint')}</div>}
      <div className="jw-map-legends">
        {selectedUnit && (
          <UnitCard
            unit={selectedUnit}
            onClose={() => setUnitId(null)}
            onReach={() => void showReach({ kind: 'unit', unitId: selectedUnit.id, callsign: selectedUnit.callsign })}
          />
        )}
        {reach && <ReachLegend reach={reach} onClear={clearReach} />}
        {coverageOn && <CoverageLegend coverage={coverage} onHide={() => setCoverage(false)} onReload={coverage.reload} />}
        {forecastOn && <ForecastLegend overlay={forecast} onHide={() => setForecast(false)} onReload={forecast.reload} />}
      </div>
      {ctx && (
        <MapContextMenu
          at={ctx}
          bounds={{ width: mapBox.current?.clientWidth ?? 800, height: mapBox.current?.clientHeight ?? 600 }}
          onClose={closeCtx}
          onReachPoint={(profile: RoadProfileKey) => void showReach({ kind: 'point', lon: ctx.lon, lat: ctx.lat, profile })}
          onReachUnit={(u) => void showReach({ kind: 'unit', unitId: u.id, callsign: u.callsign })}
          onIntakeHere={() => {
            setSelectedId(null);
            setIntakeOpen(true);
            setPin({ lon: ctx.lon, lat: ctx.lat });
          }}
        />
      )}
    </MapView>
  );

  const reinfList = (
    <ReinforcementList items={reinf.items} onApply={reinf.apply} onReload={reinf.reload} onSelectIncident={selectById} />
  );

  const syncAlert = live.syncError ? (
    <Alert
      type="error"
      showIcon
      banner
      title={errorText(live.syncError, lang)}
      action={
        <Button size="small" onClick={() => void store.resync()}>
          {t('common.retry')}
        </Button>
      }
    />
  ) : null;

  const tools = (
    <div className="jw-cmd-tools">
      <Tooltip title={muted ? t('cmd.unmute') : t('cmd.mute')}>
        <Button size="small" icon={muted ? <MutedOutlined /> : <SoundOutlined />} onClick={() => setMuted(!muted)} aria-label={muted ? t('cmd.unmute') : t('cmd.mute')} data-testid="cmd-mute" data-muted={muted} />
      </Tooltip>
      <Button size="small" icon={<SwapOutlined />} onClick={() => setHandoverOpen(true)} data-testid="handover-open">
        {t('handover.title')}
      </Button>
      {!phone && (
        <Tooltip title={t('cmd.keys')}>
          <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setKeysOpen(true)} aria-label={t('cmd.keys')} data-testid="cmd-keys" />
        </Tooltip>
      )}
    </div>
  );

  const intakeButton = (
    <Button type="primary" size="large" icon={<PhoneOutlined />} onClick={openIntake} className="jw-intake-btn" data-testid="intake-open" block={!phone}>
      {t('cmd.intake')}
    </Button>
  );

  return (
    <div className={`jw-cmd ${phone ? 'is-phone' : ''}`} data-testid="command-room">
      <div className="jw-cmd-map" ref={mapBox}>
        {loaded && map}
      </div>
      {phone ? (
        <div className="jw-cmd-bottom">
          {syncAlert}
          <div className="jw-cmd-phonebar">
            {intakeButton}
            {tools}
          </div>
          <Tabs
            size="small"
            className="jw-cmd-tabs"
            items={[
              { key: 'queue', label: t('cmd.queue'), children: <IncidentQueue incidents={live.incidents} selectedId={selectedId} onSelect={select} hideTitle /> },
              {
                key: 'reinf',
                label: (
                  <span data-testid="tab-reinf">
                    {t('reinf.tab')} {reinf.items.length > 0 && <Badge count={reinf.items.length} size="small" />}
                  </span>
                ),
                children: <div className="jw-reinf-box is-tab">{reinfList}</div>,
              },
              { key: 'board', label: t('board.title'), children: <UnitBoard units={live.units} onUnit={(u) => setUnitId(u.id)} /> },
              { key: 'stats', label: t('cmd.stats'), children: <Counters /> },
            ]}
          />
        </div>
      ) : (
        <aside className="jw-cmd-side">
          {syncAlert}
          <Counters />
          <div className="jw-cmd-intake">
            {intakeButton}
            {tools}
          </div>
          {reinf.items.length > 0 && (
            <div className="jw-reinf-box" data-testid="reinf-box">
              <div className="jw-reinf-head">
                <b>
                  <AlertOutlined /> {t('reinf.list')}
                </b>
                <Badge count={reinf.items.length} />
              </div>
              <div className="jw-reinf-scroll">{reinfList}</div>
            </div>
          )}
          <Tabs
            size="small"
            className="jw-cmd-sidetabs"
            items={[
              { key: 'queue', label: t('cmd.queue'), children: <IncidentQueue incidents={live.incidents} selectedId={selectedId} onSelect={select} hideTitle /> },
              { key: 'board', label: <span data-testid="tab-board">{t('board.title')}</span>, children: <UnitBoard units={live.units} onUnit={(u) => setUnitId(u.id)} /> },
            ]}
          />
        </aside>
      )}
      <IntakeDrawer
        open={intakeOpen}
        phone={phone}
        pin={pin}
        onPin={(p) => {
          // typed coordinates: move the pin and bring it into view
          setPin(p);
          if (p) mapApi.current?.flyTo(p.lon, p.lat);
        }}
        onClose={() => {
          setIntakeOpen(false);
          setPin(null);
        }}
        onCreated={(i) => {
          seenCalls.current.add(i.id); // my own call (or the one a repeated call was linked to) does not ring
          store.upsertIncident(i);
          setIntakeOpen(false);
          setPin(null);
          setSelectedId(i.id);
        }}
      />
      <HandoverDrawer open={handoverOpen} phone={phone} onClose={() => setHandoverOpen(false)} />
      <Modal open={keysOpen} onCancel={() => setKeysOpen(false)} footer={null} title={t('cmd.keys')} width={360}>
        <dl className="jw-keys" data-testid="keys-help">
          {SHORTCUTS.map((k) => (
            <div key={k.key}>
              <dt>
                <kbd>{k.key}</kbd>
              </dt>
              <dd>{t(`cmd.key.${k.action}` as const)}</dd>
            </div>
          ))}
        </dl>
      </Modal>
      <IncidentDrawer
        incidentId={selectedId}
        phone={phone}
        onClose={() => setSelectedId(null)}
        onLocate={(i) => mapApi.current?.flyTo(i.lon, i.lat, 15)}
        onRoutes={setRoutes}
        onFitRoutes={fitRoutes}
        onReach={(i) => void showReach({ kind: 'incident', number: i.number, lon: i.lon, lat: i.lat, profile: 'car' })}
      />
    </div>
  );
}
