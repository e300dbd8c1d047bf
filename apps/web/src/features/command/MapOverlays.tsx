// Floating pieces of the command map for dispatch: the reach, coverage and forecast legends, the card of a picked
// unit and the right-click menu.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Spin, Tooltip } from 'antd';
import { AimOutlined, CloseOutlined, HeatMapOutlined, PhoneOutlined, RadarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ROAD_PROFILE_LABELS, ROAD_PROFILE_NAMES, UNIT_TYPE_LABELS, type RoadProfileKey, type Unit } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { UnitStatusTag } from '../../app/tags';
import { errorText } from '../../api/errors';
import { budgetColor, formatRate, TIER_HEX, targetMinutes } from '../../lib/dispatch';
import { coverageSummary } from '../../map/overlays';
import type { CoverageState, ReachState } from './useDispatchOverlays';
import type { ForecastOverlayState } from './useForecastOverlay';
import { forecastPageHref, overlayNotes, overlaySummary, overlayTitle } from './forecastOverlay';
import { BAND_COLOR, BANDS } from '../forecast/helpers';

export function ReachLegend({ reach, onClear }: { reach: ReachState; onClear: () => void }) {
  const { t, label, lang } = useI18n();
  const o = reach.origin;
  const profile = label(ROAD_PROFILE_LABELS, reach.profile ?? 'car');
  const what =
    o.kind === 'unit'
      ? t('reach.ofUnit', { callsign: o.callsign, profile })
      : o.kind === 'incident'
        ? t('reach.ofIncident', { number: o.number, profile })
        : t('reach.ofPoint', { lon: o.lon.toFixed(4), lat: o.lat.toFixed(4), profile });
  return (
    <div className="jw-map-card" data-testid="reach-legend" data-state={reach.loading ? 'loading' : reach.error ? 'error' : 'ok'}>
      <div className="jw-map-card-head">
        <b>
          <RadarChartOutlined /> {t('reach.title')}
        </b>
        <Tooltip title={t('reach.clear')}>
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClear} aria-label={t('reach.clear')} data-testid="reach-clear" />
        </Tooltip>
      </div>
      <div className="jw-map-card-sub">{what}</div>
      {reach.loading && (
        <div className="jw-map-card-sub">
          <Spin size="small" /> {t('reach.loading')}
        </div>
      )}
      {!!reach.error && <div className="jw-map-card-err">{t('reach.failed', { msg: errorText(reach.error, lang) })}</div>}
      {reach.fc && (
        <div className="jw-legend-row">
          {reach.budgets.map((b) => (
            <span key={b} className="jw-legend-item">
              <span className="jw-swatch jw-swatch-line" style={{ background: budgetColor(b) }} />
              {t('reach.minutes', { n: targetMinutes(b) })}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

export function CoverageLegend({ coverage, onHide, onReload }: { coverage: CoverageState; onHide: () => void; onReload: () => void }) {
  const { t, lang } = useI18n();
  const sum = coverageSummary(coverage.fc as never);
  return (
    <div className="jw-map-card" data-testid="coverage-legend" data-state={sum ? 'ok' : coverage.error ? 'error' : 'loading'}>
      <div className="jw-map-card-head">
        <b>{t('coverage.title')}</b>
        <span>
          <Button size="small" type="text" icon={<ReloadOutlined spin={coverage.loading} />} onClick={onReload} aria-label={t('common.refresh')} />
          <Tooltip title={t('coverage.hide')}>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={onHide} aria-label={t('coverage.hide')} />
          </Tooltip>
        </span>
      </div>
      {!sum && coverage.loading && (
        <div className="jw-map-card-sub">
          <Spin size="small" /> {t('coverage.loading')}
        </div>
      )}
      {!!coverage.error && <div className="jw-map-card-err">{t('coverage.failed', { msg: errorText(coverage.error, lang) })}</div>}
      {sum && (
        <>
          <div className="jw-cov-rows">
            {sum.budgets.map((b, i) => (
              <div key={b} className="jw-cov-row" data-testid={`coverage-share-${b}`}>
                <span className="jw-swatch jw-swatch-line" style={{ background: budgetColor(b) }} />
                <span className="jw-cov-label">{t('coverage.within', { m: targetMinutes(b) })}</span>
                <b className="jw-num">{formatRate(sum.shares[i])}</b>
                <span className="jw-cov-bar">
                  <span style={{ width: `${Math.round((sum.shares[i] ?? 0) * 100)}%`, background: budgetColor(b) }} />
                </span>
              </div>
            ))}
            <div className="jw-cov-row" data-testid="coverage-gap">
              <span className="jw-swatch jw-swatch-line" style={{ background: TIER_HEX.beyond }} />
              <span className="jw-cov-label">{t('coverage.gap')}</span>
              <b className="jw-num">{formatRate(sum.gapShare)}</b>
              <span className="jw-cov-bar">
                <span style={{ width: `${Math.round(sum.gapShare * 100)}%`, background: TIER_HEX.beyond }} />
              </span>
            </div>
          </div>
          <div className="jw-map-card-foot">
            {t('coverage.units', { n: sum.units })}
            {sum.computedAt && ` · ${t('coverage.updated', { time: dayjs(sum.computedAt).format('HH:mm:ss') })}`}
          </div>
        </>
      )}
    </div>
  );
}

/**
 * The legend of the 预测热点 overlay: shift and date, the four bands with their colours and cell counts, the model,
 * the shift fallback, districts without a forecast today, load failures, a link to the forecast page.
 */
export function ForecastLegend({ overlay, onHide, onReload }: { overlay: ForecastOverlayState; onHide: () => void; onReload: () => void }) {
  const { t, lang } = useI18n();
  const sum = useMemo(() => overlaySummary(overlay.results), [overlay.results]);
  const drawn = overlay.fc?.features.length ?? 0;
  const first = overlay.results.length === 0;
  // error: nothing could be loaded (the districts, or every district's layer)
  const allFailed = !first && sum.failed.length === overlay.results.length;
  const state = overlay.error || allFailed ? 'error' : first && overlay.loading ? 'loading' : 'ok';
  const notes = overlayNotes(sum, t);
  const model = notes.find((n) => n.kind === 'model');
  return (
    <div className="jw-map-card jw-fc-legend" data-testid="forecast-legend" data-state={state} data-cells={drawn}>
      <div className="jw-map-card-head">
        <b>
          <HeatMapOutlined /> {overlayTitle({ shiftName: sum.shiftName, date: sum.date ?? overlay.date }, overlay.shift?.name ?? null, t)}
        </b>
        <span className="jw-map-card-tools">
          <Button size="small" type="text" icon={<ReloadOutlined spin={overlay.loading} />} onClick={onReload} aria-label={t('common.refresh')} />
          <Tooltip title={t('forecastLayer.hide')}>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={onHide} aria-label={t('forecastLayer.hide')} data-testid="forecast-legend-hide" />
          </Tooltip>
        </span>
      </div>
      {first && overlay.loading && (
        <div className="jw-map-card-sub">
          <Spin size="small" /> {t('forecastLayer.loading')}
        </div>
      )}
      {!!overlay.error && <div className="jw-map-card-err">{t('forecastLayer.setupFailed', { msg: errorText(overlay.error, lang) })}</div>}
      {overlay.targets?.length === 0 && <div className="jw-map-card-sub">{t('forecastLayer.noAreas')}</div>}
      {sum.shown.length > 0 && (
        <div className="jw-legend-row jw-fc-bands">
          {BANDS.map((b) => (
            <span key={b} className="jw-legend-item" data-testid={`forecast-band-${b}`} title={t('forecast.cellsN', { n: sum.bands[b] })}>
              <span className="jw-swatch jw-fc-swatch" style={{ background: BAND_COLOR[b], borderColor: BAND_COLOR[b] }} />
              {t('forecast.band', { band: b })}
              <span className="jw-fc-count"> · {t('forecast.cellsN', { n: sum.bands[b] })}</span>
            </span>
          ))}
        </div>
      )}
      {notes
        .filter((n) => n.kind !== 'model')
        .map((n, i) => (
          <div key={i} className={n.kind === 'fallback' ? 'jw-map-card-warn' : 'jw-map-card-sub'} data-testid={`forecast-note-${n.kind}`}>
            {n.text}
          </div>
        ))}
      {sum.failed.map((f) => (
        <div key={f.name} className="jw-map-card-err">
          {t('forecastLayer.failed', { name: f.name, msg: errorText(f.error, lang) })}
        </div>
      ))}
      {overlay.results.length > 0 && (
        <div className="jw-map-card-foot">
          {[model?.text, t('forecast.cellsN', { n: drawn })].filter(Boolean).join(' · ')} ·{' '}
          <Link to={forecastPageHref(overlay.results, overlay.shift?.id ?? null, overlay.date)} data-testid="forecast-legend-more">
            {t('forecastLayer.more')}
          </Link>
        </div>
      )}
    </div>
  );
}

export function UnitCard({ unit, onReach, onClose }: { unit: Unit; onReach: () => void; onClose: () => void }) {
  const { t, label } = useI18n();
  return (
    <div className="jw-map-card" data-testid="unit-card" data-unit={unit.id}>
      <div className="jw-map-card-head">
        <b>{unit.callsign}</b>
        <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} />
      </div>
      <div className="jw-map-card-sub">
        <UnitStatusTag status={unit.status} stale={unit.stale} /> {label(UNIT_TYPE_LABELS, unit.type)} · {t('units.echelonN', { n: unit.echelon })}
      </div>
      <div className="jw-map-card-sub">
        {[unit.teamName, unit.positionAt ? t('unitCard.position', { time: dayjs(unit.positionAt).format('HH:mm:ss') }) : t('units.noPosition')].filter(Boolean).join(' · ')}
      </div>
      <Button size="small" icon={<RadarChartOutlined />} onClick={onReach} disabled={unit.lon == null} data-testid="unit-reach" style={{ marginTop: 4 }}>
        {t('reach.button')}
      </Button>
    </div>
  );
}

export interface ContextAt {
  x: number;
  y: number;
  lon: number;
  lat: number;
  unit: Unit | null;
}

/** The right-click menu: reach from the point (per travel profile) or of the unit under the pointer; intake here. */
export function MapContextMenu({
  at,
  bounds,
  onReachPoint,
  onReachUnit,
  onIntakeHere,
  onClose,
}: {
  at: ContextAt;
  bounds: { width: number; height: number };
  onReachPoint: (p: RoadProfileKey) => void;
  onReachUnit: (u: Unit) => void;
  onIntakeHere: (() => void) | null;
  onClose: () => void;
}) {
  const { t, label } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    const down = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', key);
    window.addEventListener('pointerdown', down, true);
    ref.current?.querySelector('button')?.focus();
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('pointerdown', down, true);
    };
  }, [onClose]);
  const W = 230;
  const H = 44 + 32 * (ROAD_PROFILE_NAMES.length + (at.unit ? 1 : 0) + (onIntakeHere ? 1 : 0));
  const left = Math.max(4, Math.min(at.x, bounds.width - W - 4));
  const top = Math.max(4, Math.min(at.y, bounds.height - H - 4));
  const item = (key: string, icon: ReactNode, text: string, fn: () => void, testId: string) => (
    <button
      key={key}
      type="button"
      className="jw-ctx-item"
      role="menuitem"
      data-testid={testId}
      onClick={() => {
        fn();
        onClose();
      }}
    >
      {icon}
      <span>{text}</span>
    </button>
  );
  return (
    <div ref={ref} className="jw-ctxmenu" style={{ left, top, width: W }} role="menu" data-testid="map-context-menu" onContextMenu={(e) => e.preventDefault()}>
      <div className="jw-ctx-head jw-num">
        {at.lon.toFixed(5)}, {at.lat.toFixed(5)}
      </div>
      {at.unit && item('unit', <RadarChartOutlined />, t('reach.unit', { callsign: at.unit.callsign }), () => onReachUnit(at.unit!), 'ctx-reach-unit')}
      {ROAD_PROFILE_NAMES.map((p) =>
        item(p, <AimOutlined />, t('reach.here', { profile: label(ROAD_PROFILE_LABELS, p) }), () => onReachPoint(p), `ctx-reach-${p}`),
      )}
      {onIntakeHere && item('intake', <PhoneOutlined />, t('reach.intakeHere'), onIntakeHere, 'ctx-intake')}
    </div>
  );
}
