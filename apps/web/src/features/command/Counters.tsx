import { useCallback, useEffect, useMemo, useState } from 'react';
import { Tooltip } from 'antd';
import type { StatsSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useLive } from '../../app/live';
import { api } from '../../api/endpoints';
import { countByStatus } from '../../lib/queue';
import { countUnitsByStatus } from '../../lib/units';
import { INCIDENT_STATUS_COLOR, UNIT_STATUS_COLOR } from '../../app/colors';
import { Last24hChart } from './Last24hChart';

const OPEN = ['new', 'dispatched', 'en_route', 'on_scene'] as const;

export function Counters({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  const { incidents, units, incidentTick } = useLive();
  const [stats, setStats] = useState<StatsSummary | null>(null);

  // load at once and every minute; refresh shortly after incident changes (debounced)
  const load = useCallback(
    () =>
      api
        .stats()
        .then(setStats)
        .catch(() => {
          /* counters keep their last value */
        }),
    [],
  );
  useEffect(() => {
    void load();
    const poll = setInterval(load, 60000);
    return () => clearInterval(poll);
  }, [load]);
  useEffect(() => {
    if (incidentTick === 0) return;
    const timer = setTimeout(load, 2000);
    return () => clearTimeout(timer);
  }, [incidentTick, load]);

  const open = useMemo(() => countByStatus(incidents.values()), [incidents]);
  const unitCounts = useMemo(() => countUnitsByStatus(units.values()), [units]);
  const last24h = stats?.last24h ?? [];

  return (
    <div className={`jw-counters ${compact ? 'is-compact' : ''}`} data-testid="counters">
      <div className="jw-counter-row">
        {OPEN.map((s) => (
          <div key={s} className="jw-counter" data-testid={`count-${s}`}>
            <div className="jw-counter-value" style={{ color: INCIDENT_STATUS_COLOR[s].hex }}>
              {open[s]}
            </div>
            <div className="jw-counter-label">{t(`cmd.open.${s}`)}</div>
          </div>
        ))}
        <div className="jw-counter jw-counter-today" data-testid="count-today">
          <div className="jw-counter-value">{stats?.today.total ?? '—'}</div>
          <div className="jw-counter-label">{t('cmd.today')}</div>
        </div>
      </div>
      <div className="jw-counter-sub">
        <Tooltip title={t('cmd.unitsAvailable')}>
          <span>
            <span className="jw-dot" style={{ background: UNIT_STATUS_COLOR.available.hex }} />
            {t('cmd.unitsAvailable')} <b>{unitCounts.available ?? 0}</b>/{units.size}
          </span>
        </Tooltip>
        <span>
          {t('cmd.median')}{' '}
          <b>{stats?.medianResponseMin7d != null ? t('cmd.medianValue', { n: stats.medianResponseMin7d.toFixed(1) }) : '—'}</b>
        </span>
      </div>
      {!compact && last24h.length > 0 && (
        <div className="jw-spark">
          <div className="jw-spark-title">{t('cmd.last24h')}</div>
          <Last24hChart data={last24h} title={t('cmd.last24h')} />
        </div>
      )}
    </div>
  );
}
