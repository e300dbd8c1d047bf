import { useState } from 'react';
import { Button, Checkbox, Divider, Switch, Tooltip } from 'antd';
import { CloseOutlined, ExpandOutlined, BlockOutlined, HeatMapOutlined, RadarChartOutlined } from '@ant-design/icons';
import { UNIT_STATUSES, UNIT_STATUS_LABELS, PRIORITIES, PRIORITY_LABELS } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { AREA_STYLE, PRIORITY_COLOR, UNIT_STATUS_COLOR } from '../../app/colors';
import { Dot } from '../../app/tags';
import type { LayerKey } from '../../map/MapView';
import type { DictKey } from '../../app/dict';

export const LAYER_KEYS: LayerKey[] = ['district', 'station', 'police_grid', 'community', 'grid', 'roads', 'units', 'incidents'];

const SWATCH: Partial<Record<LayerKey, string>> = {
  district: AREA_STYLE.district.color,
  station: AREA_STYLE.station.color,
  police_grid: AREA_STYLE.police_grid.color,
  community: AREA_STYLE.community.color,
  grid: AREA_STYLE.grid.color,
  roads: '#7d93b2',
  units: UNIT_STATUS_COLOR.available.hex,
  incidents: PRIORITY_COLOR[1].hex,
};

interface Props {
  visible: Record<LayerKey, boolean>;
  onToggle: (k: LayerKey, on: boolean) => void;
  gcj: boolean;
  onGcj: (on: boolean) => void;
  onFit: () => void;
  defaultOpen: boolean;
  /** live coverage overlay (roads reached within 3 / 5 minutes, gaps) */
  coverage?: boolean;
  onCoverage?: (on: boolean) => void;
  /** 预测热点: today's forecast cells of the shift on now */
  forecast?: boolean;
  onForecast?: (on: boolean) => void;
}

export function LayerPanel({ visible, onToggle, gcj, onGcj, onFit, defaultOpen, coverage, onCoverage, forecast, onForecast }: Props) {
  const { t, label, lang } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  if (!open)
    return (
      <div className="jw-layer-fab">
        <Button icon={<BlockOutlined />} onClick={() => setOpen(true)} data-testid="layers-open">
          {t('layers.title')}
        </Button>
        <Tooltip title={t('map.fit')}>
          <Button icon={<ExpandOutlined />} onClick={onFit} aria-label={t('map.fit')} />
        </Tooltip>
        {onCoverage && (
          <Tooltip title={t('layers.coverage')}>
            <Button
              icon={<RadarChartOutlined />}
              type={coverage ? 'primary' : 'default'}
              onClick={() => onCoverage(!coverage)}
              aria-label={t('layers.coverage')}
              aria-pressed={!!coverage}
              data-testid="layer-coverage-fab"
            />
          </Tooltip>
        )}
        {onForecast && (
          <Tooltip title={t('layers.forecast')}>
            <Button
              icon={<HeatMapOutlined />}
              type={forecast ? 'primary' : 'default'}
              onClick={() => onForecast(!forecast)}
              aria-label={t('layers.forecast')}
              aria-pressed={!!forecast}
              data-testid="layer-forecast-fab"
            />
          </Tooltip>
        )}
      </div>
    );
  return (
    <div className={`jw-layer-panel ${lang === 'en' ? 'is-en' : ''}`} data-testid="layer-panel">
      <div className="jw-layer-head">
        <b>{t('layers.title')}</b>
        <span>
          <Tooltip title={t('map.fit')}>
            <Button size="small" type="text" icon={<ExpandOutlined />} onClick={onFit} aria-label={t('map.fit')} />
          </Tooltip>
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => setOpen(false)} aria-label={t('common.close')} />
        </span>
      </div>
      <div className="jw-layer-list">
        {LAYER_KEYS.map((k) => (
          <Checkbox key={k} checked={visible[k]} onChange={(e) => onToggle(k, e.target.checked)} data-testid={`layer-${k}`}>
            <span className="jw-swatch" style={{ background: SWATCH[k] }} />
            {t(`layers.${k}` as DictKey)}
          </Checkbox>
        ))}
      </div>
      {onCoverage && (
        <div className="jw-layer-gcj">
          <Switch size="small" checked={!!coverage} onChange={onCoverage} data-testid="layer-coverage" />{' '}
          <span>
            <RadarChartOutlined /> {t('layers.coverage')}
          </span>
        </div>
      )}
      {onForecast && (
        <div className="jw-layer-gcj">
          <Switch size="small" checked={!!forecast} onChange={onForecast} data-testid="layer-forecast" />{' '}
          <span>
            <HeatMapOutlined /> {t('layers.forecast')}
          </span>
        </div>
      )}
      <div className="jw-layer-gcj">
        <Switch size="small" checked={gcj} onChange={onGcj} data-testid="layer-gcj" /> <span>{t('layers.gcj02')}</span>
      </div>
      <Divider style={{ margin: '6px 0' }} />
      <div className="jw-legend">
        <div className="jw-legend-title">{t('layers.units')}</div>
        {UNIT_STATUSES.map((s) => (
          <span key={s} className="jw-legend-item">
            <Dot color={UNIT_STATUS_COLOR[s].hex} />
            {label(UNIT_STATUS_LABELS, s)}
          </span>
        ))}
        <span className="jw-legend-item">
          <Dot color={UNIT_STATUS_COLOR.available.hex} hollow />
          {t('layers.stale')}
        </span>
        <div className="jw-legend-title">{t('layers.incidents')}</div>
        {PRIORITIES.map((p) => (
          <span key={p} className="jw-legend-item">
            <span className="jw-dot jw-dot-inc" style={{ background: PRIORITY_COLOR[p].hex }} />
            {label(PRIORITY_LABELS, p)}
          </span>
        ))}
      </div>
    </div>
  );
}
