import { useMemo, useState } from 'react';
import { Empty, Segmented, Tooltip } from 'antd';
import { INCIDENT_CATEGORY_LABELS, type Incident } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { ageMinutes, formatAge, sortQueue, waitLevel } from '../../lib/queue';
import { IncidentStatusTag, PriorityTag } from '../../app/tags';
import { PRIORITY_COLOR } from '../../app/colors';

type Filter = 'all' | 'new' | 'active';

export function IncidentQueue({
  incidents,
  selectedId,
  onSelect,
  hideTitle,
}: {
  incidents: ReadonlyMap<number, Incident>;
  selectedId: number | null;
  onSelect: (i: Incident) => void;
  hideTitle?: boolean;
}) {
  const { t, label, lang } = useI18n();
  const now = useNow(15000);
  const [filter, setFilter] = useState<Filter>('all');
  const sorted = useMemo(() => sortQueue(incidents.values()), [incidents]);
  const nNew = sorted.filter((i) => i.status === 'new').length;
  const shown = filter === 'all' ? sorted : filter === 'new' ? sorted.filter((i) => i.status === 'new') : sorted.filter((i) => i.status !== 'new');

  return (
    <div className="jw-queue" data-testid="queue">
      <div className="jw-queue-head">
        {!hideTitle && <b>{t('cmd.queue')}</b>}
        <Segmented
          size="small"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          options={[
            { value: 'all', label: `${t('cmd.filter.all')} ${sorted.length}` },
            { value: 'new', label: `${t('cmd.filter.new')} ${nNew}` },
            { value: 'active', label: `${t('cmd.filter.active')} ${sorted.length - nNew}` },
          ]}
        />
      </div>
      <div className="jw-queue-list" role="list">
        {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cmd.queueEmpty')} />}
        {shown.map((i) => {
          const lvl = waitLevel(i, now);
          const area = i.areas.grid?.name ?? i.areas.community?.name ?? i.areas.station?.name ?? '';
          return (
            <div
              key={i.id}
              role="listitem"
              tabIndex={0}
              className={`jw-qitem ${i.id === selectedId ? 'is-selected' : ''} ${lvl !== 'ok' ? `is-${lvl}` : ''}`}
              style={{ borderLeftColor: PRIORITY_COLOR[i.priority].hex }}
              onClick={() => onSelect(i)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(i)}
              data-testid={`queue-item-${i.number}`}
              data-id={i.id}
              data-status={i.status}
            >
              <div className="jw-qline">
                <PriorityTag priority={i.priority} short />
                <span className="jw-qcat">{label(INCIDENT_CATEGORY_LABELS, i.category)}</span>
                <IncidentStatusTag status={i.status} />
                <Tooltip title={lvl === 'overdue' ? t('cmd.waitOverdue') : lvl === 'warn' ? t('cmd.waitWarn') : undefined}>
                  <span className={`jw-qage is-${lvl}`}>{formatAge(ageMinutes(i.reportedAt, now), lang)}</span>
                </Tooltip>
              </div>
              <div className="jw-qaddr" title={i.address}>
                {i.address || '—'}
              </div>
              <div className="jw-qmeta">
                <span>{i.number}</span>
                {area && <span>{area}</span>}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
