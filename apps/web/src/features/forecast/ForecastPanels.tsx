// Parts of the forecast page: the map legend (bands), the top cells, what the forecast rests on (run facts) and the
// district's recent runs.
import { useMemo, useState } from 'react';
import { Alert, Button, Segmented, Tag, Tooltip } from 'antd';
import { CheckCircleFilled, DownOutlined, InfoCircleOutlined, UpOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ForecastCell, ForecastLayer, ForecastRun } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { BAND_COLOR, BANDS, bandColor, bandCounts, bandShares, candidates, daysBetween, formatDurationMs, formatPai, formatShare, topCells, topGrids, type AreaFeature } from './helpers';

/** The bands with their colour, cells and the share of the district's forecast they hold (cumulative). */
export function ForecastLegend({ cells }: { cells: readonly ForecastCell[] }) {
  const { t } = useI18n();
  const counts = useMemo(() => bandCounts(cells), [cells]);
  const shares = useMemo(() => bandShares(cells), [cells]);
  return (
    <div className="jw-map-card fc-legend" data-testid="forecast-legend">
      <div className="fc-legend-title">{t('forecast.legendTitle')}</div>
      {BANDS.map((b) => (
        <div key={b} className="fc-legend-row">
          <span className="fc-legend-swatch" style={{ background: BAND_COLOR[b] }} />
          <span className="fc-legend-band">{t('forecast.band', { band: b })}</span>
          <span className="fc-legend-num jw-num">{t('forecast.cellsN', { n: counts[b] })}</span>
          <span className="fc-legend-num jw-num">{t('forecast.legendShare', { share: formatShare(shares[b]) })}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * The top cells: rank (in the band's colour), where, share, history. A click shows the cell on the map. The first
 * `short` are listed, the rest up to `n` on demand (so the run facts stay in view on the big screen).
 */
export function TopCells({
  cells,
  n,
  short,
  selected,
  onPick,
  where,
  shiftName,
  areas,
}: {
  cells: readonly ForecastCell[];
  n: number;
  short: number;
  selected: string | null;
  onPick: (c: ForecastCell) => void;
  where: (lon: number, lat: number) => string;
  shiftName: string | null;
  /** The map's areas: the grids the list ranks (重点网格 are real grids; the model's squares are a second view). */
  areas: readonly AreaFeature[];
}) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const [by, setBy] = useState<'grid' | 'cell'>('grid');
  const grids = useMemo(() => topGrids(cells, areas, n), [cells, areas, n]);
  const all = useMemo(() => topCells(cells, n), [cells, n]);
  if (by === 'grid' && areas.some((f) => f.properties.kind === 'grid'))
    return <TopGrids grids={grids} short={short} selected={selected} onPick={onPick} shiftName={shiftName} by={by} setBy={setBy} />;
  // a cell picked on the map further down the list opens the whole list
  const selectedRank = all.find((c) => c.id === selected)?.rank ?? 0;
  const open = more || selectedRank > short;
  const top = open ? all : all.slice(0, short);
  const sum = top.reduce((s, c) => s + c.share, 0);
  return (
    <section className="jw-card fc-top" data-testid="forecast-top">
      <div className="fc-card-head">
        <b>{t('forecast.topCellsTitle', { n: top.length })}</b>
        <ByToggle by={by} setBy={setBy} />
        <span className="fc-card-sub">
          {shiftName ?? t('forecast.wholeDay')} · {t('forecast.topShare', { share: formatShare(sum) })}
        </span>
      </div>
      {top.length === 0 && <div className="jw-muted fc-pad">{t('forecast.noCells')}</div>}
      <ol className="fc-top-list">
        {top.map((c) => {
          const w = where(c.lon, c.lat);
          return (
            <li key={c.id}>
              <button type="button" className={`fc-top-item ${selected === c.id ? 'is-selected' : ''}`} onClick={() => onPick(c)} data-testid={`forecast-cell-${c.rank}`}>
                <span className="fc-rank" style={{ background: bandColor(c.band), color: c.band === 10 ? '#3a2c00' : '#fff' }}>
                  {c.rank}
                </span>
                <span className="fc-top-main">
                  <span className="fc-top-where">{w || t('forecast.cellAt', { lon: c.lon.toFixed(4), lat: c.lat.toFixed(4) })}</span>
                  <span className="fc-top-sub">
                    {t('forecast.history', { n: c.history })} · {t('forecast.band', { band: c.band })}
                  </span>
                </span>
                <span className="fc-top-share jw-num">{formatShare(c.share)}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {all.length > short && (
        <Button type="link" size="small" className="fc-more" icon={open ? <UpOutlined /> : <DownOutlined />} onClick={() => setMore(!open)} data-testid="forecast-top-more">
          {open ? t('forecast.showLess', { n: short }) : t('forecast.showMore', { n: all.length })}
        </Button>
      )}
    </section>
  );
}

function ByToggle({ by, setBy }: { by: 'grid' | 'cell'; setBy: (v: 'grid' | 'cell') => void }) {
  const { t } = useI18n();
  return (
    <Segmented
      size="small"
      value={by}
      onChange={(v) => setBy(v as 'grid' | 'cell')}
      options={[
        { value: 'grid', label: <span data-testid="forecast-by-grid">{t('forecast.byGrid')}</span> },
        { value: 'cell', label: <span data-testid="forecast-by-cell">{t('forecast.byCell')}</span> },
      ]}
    />
  );
}

/** 重点网格: real grids ranked by the forecast they hold; picking one shows its best square on the map. */
function TopGrids({
  grids,
  short,
  selected,
  onPick,
  shiftName,
  by,
  setBy,
}: {
  grids: ReturnType<typeof topGrids<ForecastCell>>;
  short: number;
  selected: string | null;
  onPick: (c: ForecastCell) => void;
  shiftName: string | null;
  by: 'grid' | 'cell';
  setBy: (v: 'grid' | 'cell') => void;
}) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const open = more || grids.findIndex((g) => g.top.id === selected) >= short;
  const top = open ? grids : grids.slice(0, short);
  const sum = top.reduce((s, g) => s + g.share, 0);
  return (
    <section className="jw-card fc-top" data-testid="forecast-top">
      <div className="fc-card-head">
        <b>{t('forecast.topTitle', { n: top.length })}</b>
        <ByToggle by={by} setBy={setBy} />
        <span className="fc-card-sub">
          {shiftName ?? t('forecast.wholeDay')} · {t('forecast.topShare', { share: formatShare(sum) })}
        </span>
      </div>
      {top.length === 0 && <div className="jw-muted fc-pad">{t('forecast.noGrids')}</div>}
      <ol className="fc-top-list">
        {top.map((g) => (
          <li key={g.id}>
            <button type="button" className={`fc-top-item ${selected === g.top.id ? 'is-selected' : ''}`} onClick={() => onPick(g.top)} data-testid={`forecast-grid-${g.rank}`}>
              <span className="fc-rank" style={{ background: bandColor(g.top.band), color: g.top.band === 10 ? '#3a2c00' : '#fff' }}>
                {g.rank}
              </span>
              <span className="fc-top-main">
                <span className="fc-top-where">{g.name}</span>
                <span className="fc-top-sub">
                  {t('forecast.history', { n: g.history })} · {t('forecast.gridCells', { n: g.cells })}
                </span>
              </span>
              <span className="fc-top-share jw-num">{formatShare(g.share)}</span>
            </button>
          </li>
        ))}
      </ol>
      {grids.length > short && (
        <Button type="link" size="small" className="fc-more" icon={open ? <UpOutlined /> : <DownOutlined />} onClick={() => setMore(!open)} data-testid="forecast-top-more">
          {open ? t('forecast.showLess', { n: short }) : t('forecast.showMore', { n: grids.length })}
        </Button>
      )}
    </section>
  );
}

/** What the forecast rests on, in plain words. */
export function RunFacts({ layer, modelName }: { layer: ForecastLayer; modelName: (m: string) => string }) {
  const { t, lang } = useI18n();
  const run = layer.run;
  const list = useMemo(() => candidates(run), [run]);
  const max = Math.max(1, ...list.map((c) => c.pai5 ?? 0));
  const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
  return (
    <section className="jw-card fc-facts" data-testid="forecast-facts">
      <div className="fc-card-head">
        <b>{t('forecast.factsTitle')}</b>
        <span className="fc-card-sub">
          {run.districtName} · {run.date} · {layer.shiftName ?? t('forecast.wholeDay')}
        </span>
      </div>
      {layer.shiftFallback && <Alert type="warning" showIcon className="fc-fallback" title={t('forecast.shiftFallback', { shift: layer.shiftName ?? '' })} />}
      <p className="fc-fact">
        {t('forecast.factModel', { model: modelName(run.model) })}
        {run.validation.periods > 0 ? t('forecast.factModelWhy', { periods: run.validation.periods }) : ''}
      </p>
      {run.validation.note && <p className="fc-fact fc-note">{run.validation.note}</p>}
      <div className="fc-cands" data-testid="forecast-candidates">
        <div className="fc-cands-head">
          {t('forecast.candidates')}
          <Tooltip title={t('forecast.paiHelp')}>
            <InfoCircleOutlined className="fc-help" aria-label={t('forecast.paiHelp')} />
          </Tooltip>
        </div>
        {list.map((c) => (
          <div key={c.model} className={`fc-cand ${c.chosen ? 'is-chosen' : ''}`}>
            <span className="fc-cand-name" title={modelName(c.model)}>
              {c.chosen && <CheckCircleFilled className="fc-cand-tick" />}
              {modelName(c.model)}
            </span>
            <span className="fc-cand-bar">
              <span style={{ width: `${c.pai5 === null ? 0 : Math.max(2, (c.pai5 / max) * 100)}%` }} />
            </span>
            <span className="fc-cand-val jw-num">{c.pai5 === null ? t('forecast.notValidated') : formatPai(c.pai5)}</span>
          </div>
        ))}
      </div>
      <dl className="fc-dl">
        {run.validation.tunedOn && (
          <>
            <dt>{t('forecast.factTuned')}</dt>
            <dd>{run.validation.tunedOn === run.date ? t('forecast.factTunedToday', { date: run.validation.tunedOn }) : t('forecast.factTunedKept', { date: run.validation.tunedOn })}</dd>
          </>
        )}
        <dt>{t('forecast.factData')}</dt>
        <dd>
          {t('forecast.factDataText', {
            events: run.events,
            from: dayjs(run.trainFrom).format('YYYY-MM-DD'),
            // the training window ends before trainUntil (exclusive): a midnight end is the day before
            until: dayjs(run.trainUntil).subtract(1, 'millisecond').format('YYYY-MM-DD'),
            days: daysBetween(run.trainFrom, run.trainUntil),
          })}
        </dd>
        <dt>{t('forecast.factGrid')}</dt>
        <dd>{t('forecast.factGridText', { m: run.cellM, cells: run.cells })}</dd>
        <dt>{t('forecast.factMade')}</dt>
        <dd>
          {t('forecast.factMadeText', { at: when(run.createdAt), by: run.createdBy, trigger: t(run.trigger === 'schedule' ? 'forecast.trigger.schedule' : 'forecast.trigger.demand'), took: formatDurationMs(run.durationMs, lang) })}
        </dd>
      </dl>
      <p className="fc-fact fc-muted">{t('forecast.placesOnly')}</p>
    </section>
  );
}

/** The district's recent runs; a click shows that day. */
export function RunHistory({ runs, current, modelName, onDate }: { runs: readonly ForecastRun[]; current: number | null; modelName: (m: string) => string; onDate: (d: string) => void }) {
  const { t } = useI18n();
  if (!runs.length) return null;
  return (
    <section className="jw-card fc-runs" data-testid="forecast-runs">
      <div className="fc-card-head">
        <b>{t('forecast.runsTitle')}</b>
      </div>
      <ul className="fc-runs-list">
        {runs.map((r) => (
          <li key={r.id}>
            <button type="button" className={`fc-run ${r.id === current ? 'is-current' : ''}`} onClick={() => onDate(r.date)}>
              <span className="jw-num fc-run-date">{r.date}</span>
              <span className="fc-run-model">{modelName(r.model)}</span>
              <Tag className="jw-tag" color={r.trigger === 'schedule' ? 'default' : 'blue'}>
                {t(r.trigger === 'schedule' ? 'forecast.trigger.schedule' : 'forecast.trigger.demand')}
              </Tag>
              <span className="jw-num fc-run-at">{dayjs(r.createdAt).format('MM-DD HH:mm')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
