import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Tabs } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import type { Incident } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useClientConfig } from '../../app/config';
import { useIsPhone, useLive, useLiveStore } from '../../app/live';
import { errorText } from '../../api/errors';
import { MapView, type LayerKey, type MapApi, type MapClick } from '../../map/MapView';
import { LayerPanel } from './LayerPanel';
import { Counters } from './Counters';
import { IncidentQueue } from './IncidentQueue';
import { IntakeDrawer } from './IntakeDrawer';
import { IncidentDrawer } from './IncidentDrawer';
import type { BBox } from '../../lib/geo';

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

  useEffect(() => setGcj(config.basemapGcj02), [config.basemapGcj02]);

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

  const onMapClick = useCallback(
    (c: MapClick) => {
      if (intakeOpen) {
        setPin({ lon: c.lon, lat: c.lat });
        return;
      }
      if (c.incidentId != null) {
        setSelectedId(c.incidentId);
      }
    },
    [intakeOpen],
  );

  const openIntake = () => {
    setSelectedId(null);
    setIntakeOpen(true);
  };

  const fit = () => {
    if (config.bbox) mapApi.current?.fitBBox(config.bbox as BBox);
  };

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
      onReady={(a) => (mapApi.current = a)}
      className="jw-cmd-mapview"
    >
      <LayerPanel visible={layers} onToggle={toggle} gcj={gcj} onGcj={setGcj} onFit={fit} defaultOpen={!phone} />
      {intakeOpen && !pin && <div className="jw-map-banner">{t('map.pickHint')}</div>}
    </MapView>
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

  const intakeButton = (
    <Button type="primary" size="large" icon={<PhoneOutlined />} onClick={openIntake} className="jw-intake-btn" data-testid="intake-open" block={!phone}>
      {t('cmd.intake')}
    </Button>
  );

  return (
    <div className={`jw-cmd ${phone ? 'is-phone' : ''}`} data-testid="command-room">
      <div className="jw-cmd-map">{loaded && map}</div>
      {phone ? (
        <div className="jw-cmd-bottom">
          {syncAlert}
          <div className="jw-cmd-phonebar">
            {intakeButton}
          </div>
          <Tabs
            size="small"
            className="jw-cmd-tabs"
            items={[
              { key: 'queue', label: t('cmd.queue'), children: <IncidentQueue incidents={live.incidents} selectedId={selectedId} onSelect={select} hideTitle /> },
              { key: 'stats', label: t('cmd.stats'), children: <Counters /> },
            ]}
          />
        </div>
      ) : (
        <aside className="jw-cmd-side">
          {syncAlert}
          <Counters />
          <div className="jw-cmd-intake">{intakeButton}</div>
          <IncidentQueue incidents={live.incidents} selectedId={selectedId} onSelect={select} />
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
          store.upsertIncident(i);
          setIntakeOpen(false);
          setPin(null);
          setSelectedId(i.id);
        }}
      />
      <IncidentDrawer
        incidentId={selectedId}
        phone={phone}
        onClose={() => setSelectedId(null)}
        onLocate={(i) => mapApi.current?.flyTo(i.lon, i.lat, 15)}
      />
    </div>
  );
}
