// Tags of the anti-fraud page: status, outcome, reject reason, and the deadline countdown with its 超时 tag.
import { Tag } from 'antd';
import {
  FRAUD_OUTCOME_LABELS,
  FRAUD_REJECT_REASON_LABELS,
  FRAUD_STATUS_LABELS,
  type FraudOutcome,
  type FraudRejectReason,
  type FraudStatus,
  type FraudWarning,
} from '@jingwang/contracts';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { countdown } from './helpers';

export const FRAUD_STATUS_COLOR: Record<FraudStatus, string> = { accepted: 'blue', rejected: 'default', closed: 'green', followed_up: 'cyan' };
export const FRAUD_OUTCOME_COLOR: Record<FraudOutcome, string> = { dissuaded: 'green', reached_not_dissuaded: 'orange', money_lost: 'red', unreachable: 'default' };

export function FraudStatusTag({ status }: { status: FraudStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={FRAUD_STATUS_COLOR[status]} className="jw-tag" data-status={status} data-testid="fraud-status">
      {label(FRAUD_STATUS_LABELS, status)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: FraudOutcome }) {
  const { label } = useI18n();
  return (
    <Tag color={FRAUD_OUTCOME_COLOR[outcome]} className="jw-tag" data-outcome={outcome}>
      {label(FRAUD_OUTCOME_LABELS, outcome)}
    </Tag>
  );
}

export function ReasonTag({ reason }: { reason: FraudRejectReason | null }) {
  const { label } = useI18n();
  if (!reason) return null;
  return (
    <Tag color="orange" className="jw-tag" data-reason={reason}>
      {label(FRAUD_REJECT_REASON_LABELS, reason)}
    </Tag>
  );
}

/** Deadline time with the live countdown; a red 超时 tag once it has passed. */
export function DeadlineCell({ w, now, compact }: { w: Pick<FraudWarning, 'status' | 'deadlineAt' | 'overdue'>; now: number; compact?: boolean }) {
  const { t } = useI18n();
  if (!w.deadlineAt) return <span className="jw-muted">—</span>;
  const c = countdown(w, now);
  const at = dayjs(w.deadlineAt).format(compact ? 'HH:mm' : 'MM-DD HH:mm');
  if (c.state === 'none') return <span className="jw-num fr-deadline is-done">{at}</span>;
  const overdue = c.state === 'overdue' || w.overdue;
  return (
    <span className={`fr-deadline is-${overdue ? 'overdue' : c.state}`} data-testid="fraud-deadline" data-state={overdue ? 'overdue' : c.state}>
      <span className="jw-num">{at}</span>{' '}
      {overdue ? (
        <>
          <Tag color="red" className="jw-tag" data-testid="fraud-overdue">
            {t('fraud.overdue')}
          </Tag>
          {c.state === 'overdue' && <span className="jw-num fr-count">+{c.text}</span>}
        </>
      ) : (
        <span className="jw-num fr-count">{t('fraud.left', { t: c.text })}</span>
      )}
    </span>
  );
}
