// The unit status board (单位状态板, issue 14): every unit in scope by station and status, with its time in status.
import { useEffect, useMemo, useState } from 'react';
import { Empty, Tooltip } from 'antd';
import { UNIT_STATUS_LABELS, type Unit } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { UNIT_STATUS_COLOR } from '../../app/colors';
import { formatAge } from '../../lib/queue';
import { api } from '../../api/endpoints';
import { minutesInStatus, unitBoard } from './unitBoard';

export function UnitBoard({ units, onUnit }: { units: ReadonlyMap<number, Unit>; onUnit: (u: Unit) => void }) {
  const { t, label, lang } = useI18n();
  const now = useNow(30000);
  const board = useMemo(() => unitBoard(units.values(), t('board.noStation')), [units, t]);
  const unrostered = useUnrostered(units.size);
  if (board.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div className="jw-board" data-testid="unit-board">
      {board.map((g) => (
        <section key={g.key} className="jw-board-group" data-testid={`board-group-${g.name}`}>
          <div className="jw-board-head">
            <b>{g.name}</b>
            <span className="jw-num">{g.total}</span>
          </div>
          {g.byStatus.map((s) => (
            <div key={s.status} className="jw-board-row">
              <span className="jw-board-status" style={{ borderLeftColor: UNIT_STATUS_COLOR[s.status].hex }} data-testid={`board-${g.name}-${s.status}`} data-count={s.units.length}>
                {label(UNIT_STATUS_LABELS, s.status)} <b className="jw-num">{s.units.length}</b>
              </span>
              <span className="jw-board-units">
                {s.units.map((u) => {
                  const min = minutesInStatus(u, now);
                  const off = unrostered.has(u.id);
                  return (
                    <Tooltip key={u.id} title={[u.teamName, off ? t('board.unrostered') : null].filter(Boolean).join(' · ') || undefined}>
                      <button
                        type="button"
                        className={`jw-board-unit ${u.stale ? 'is-stale' : ''} ${off ? 'is-unrostered' : ''}`}
                        onClick={() => onUnit(u)}
                        data-testid={`board-unit-${u.callsign}`}
                        data-rostered={off ? 'false' : undefined}
                      >
                        {u.callsign}
                        {min !== null && <em>{formatAge(min, lang)}</em>}
                      </button>
                    </Tooltip>
                  );
                })}
              </span>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

/**
 * The units the duty roster leaves without anyone on duty now (dispatch leaves them out: not_rostered), read when the
 * board opens, when units come or go, and every minute (duties start and end on the clock).
 */
function useUnrostered(unitCount: number): ReadonlySet<number> {
  const [ids, setIds] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    const ac = new AbortController();
    const load = () =>
      api
        .unitStaffing(ac.signal)
        .then((s) => setIds(new Set(s.units.filter((u) => u.rostered === false).map((u) => u.unitId))))
        .catch(() => undefined); // the board still shows statuses; the mark returns on the next read
    void load();
    const timer = window.setInterval(load, 60_000);
    return () => {
      ac.abort();
      window.clearInterval(timer);
    };
  }, [unitCount]);
  return ids;
}
