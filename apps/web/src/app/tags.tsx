// Status and priority tags: one palette everywhere (see colors.ts).
import { Tag } from 'antd';
import { INCIDENT_STATUS_LABELS, PRIORITY_LABELS, UNIT_STATUS_LABELS, type IncidentStatus, type Priority, type UnitStatus } from '@jingwang/contracts';
import { INCIDENT_STATUS_COLOR, PRIORITY_COLOR, UNIT_STATUS_COLOR } from './colors';
import { useI18n } from './i18n';

export function IncidentStatusTag({ status, testId }: { status: IncidentStatus; testId?: string }) {
  const { label } = useI18n();
  return (
    <Tag color={INCIDENT_STATUS_COLOR[status]?.tag} data-testid={testId} data-status={status} className="jw-tag">
      {label(INCIDENT_STATUS_LABELS, status)}
    </Tag>
  );
}

export function UnitStatusTag({ status, stale }: { status: UnitStatus; stale?: boolean }) {
  const { label, t } = useI18n();
  return (
    <span className="jw-tagrow">
      <Tag color={UNIT_STATUS_COLOR[status]?.tag} data-status={status} className="jw-tag">
        {label(UNIT_STATUS_LABELS, status)}
      </Tag>
      {stale && (
        <Tag color="default" className="jw-tag jw-tag-stale">
          {t('units.stale')}
        </Tag>
      )}
    </span>
  );
}

export function PriorityTag({ priority, short }: { priority: Priority; short?: boolean }) {
  const { label, lang } = useI18n();
  const text = short ? (lang === 'zh' ? ['', '一级', '二级', '三级'][priority] : `P${priority}`) : label(PRIORITY_LABELS, priority);
  return (
    <Tag color={PRIORITY_COLOR[priority]?.tag} className="jw-tag">
      {text}
    </Tag>
  );
}

/** A small coloured dot (legend, lists). */
export function Dot({ color, hollow }: { color: string; hollow?: boolean }) {
  return <span className="jw-dot" style={hollow ? { borderColor: color, background: 'transparent', opacity: 0.8 } : { background: color, borderColor: '#0b1a2e' }} />;
}
