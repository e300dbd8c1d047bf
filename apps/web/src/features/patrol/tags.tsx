// Tags of the patrol pages: one colour per status everywhere (plan, stop, flag, check-in method, roll call, video).
import { Tag, Tooltip } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled } from '@ant-design/icons';
import {
  CAMERA_CHECK_RESULT_LABELS,
  CHECKIN_METHOD_LABELS,
  PATROL_FLAG_KIND_LABELS,
  PATROL_FLAG_STATUS_LABELS,
  PATROL_PLAN_STATUS_LABELS,
  PATROL_STOP_KIND_LABELS,
  PATROL_TIER_LABELS,
  ROLL_CALL_RESULT_LABELS,
  VIDEO_ROUND_STATUS_LABELS,
  type CameraCheckResult,
  type Checkin,
  type CheckinMethod,
  type PatrolFlagKind,
  type PatrolFlagStatus,
  type PatrolPlanStatus,
  type PatrolStopKind,
  type PatrolTier,
  type RollCallResult,
  type VideoRoundStatus,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import type { StopStatus } from './helpers';

export const PLAN_STATUS_COLOR: Record<PatrolPlanStatus, string> = { draft: 'gold', published: 'green', cancelled: 'default' };
export const FLAG_KIND_COLOR: Record<PatrolFlagKind, string> = { off_route: 'orange', missed_point: 'red', absent: 'magenta' };
export const FLAG_STATUS_COLOR: Record<PatrolFlagStatus, string> = { open: 'red', acknowledged: 'blue', cleared: 'default' };
export const METHOD_COLOR: Record<CheckinMethod, string> = { geofence: 'cyan', qr: 'geekblue', manual: 'purple' };
export const ROLL_CALL_COLOR: Record<RollCallResult, string> = { present: 'green', away: 'orange', no_position: 'default', absent: 'red' };
export const ROUND_STATUS_COLOR: Record<VideoRoundStatus, string> = { scheduled: 'default', in_progress: 'blue', done: 'green' };
export const CAMERA_RESULT_COLOR: Record<CameraCheckResult, string> = { normal: 'green', finding: 'red', offline: 'default' };
export const TIER_COLOR: Record<PatrolTier, string> = { street: 'blue', community: 'cyan', grid: 'purple' };
export const STOP_KIND_COLOR: Record<PatrolStopKind, string> = { point: 'gold', line: 'orange', cell: 'blue' };

export function PlanStatusTag({ status }: { status: PatrolPlanStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={PLAN_STATUS_COLOR[status]} className="jw-tag" data-status={status} data-testid="plan-status">
      {label(PATROL_PLAN_STATUS_LABELS, status)}
    </Tag>
  );
}

export function TierTag({ tier }: { tier: PatrolTier }) {
  const { label } = useI18n();
  return (
    <Tag color={TIER_COLOR[tier]} className="jw-tag">
      {label(PATROL_TIER_LABELS, tier)}
    </Tag>
  );
}

export function StopKindTag({ kind }: { kind: PatrolStopKind }) {
  const { label } = useI18n();
  return (
    <Tag color={STOP_KIND_COLOR[kind]} className="jw-tag pt-kind-tag">
      {label(PATROL_STOP_KIND_LABELS, kind)}
    </Tag>
  );
}

/** 已打卡 (with the method) / 待巡 / 漏巡. */
export function StopStatusTag({ status, method }: { status: StopStatus; method?: CheckinMethod | null }) {
  const { t, label } = useI18n();
  if (status === 'done')
    return (
      <Tag color="green" icon={<CheckCircleFilled />} className="jw-tag" data-status="done">
        {t('stop.done')}
        {method ? ` · ${label(CHECKIN_METHOD_LABELS, method)}` : ''}
      </Tag>
    );
  if (status === 'missed')
    return (
      <Tag color="red" icon={<CloseCircleFilled />} className="jw-tag" data-status="missed">
        {t('stop.missed')}
      </Tag>
    );
  return (
    <Tag icon={<ClockCircleOutlined />} className="jw-tag" data-status="pending">
      {t('stop.pending')}
    </Tag>
  );
}

export function FlagKindTag({ kind }: { kind: PatrolFlagKind }) {
  const { label } = useI18n();
  return (
    <Tag color={FLAG_KIND_COLOR[kind]} className="jw-tag">
      {label(PATROL_FLAG_KIND_LABELS, kind)}
    </Tag>
  );
}

export function FlagStatusTag({ status }: { status: PatrolFlagStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={FLAG_STATUS_COLOR[status]} className="jw-tag" data-status={status}>
      {label(PATROL_FLAG_STATUS_LABELS, status)}
    </Tag>
  );
}

export function MethodTag({ method }: { method: CheckinMethod }) {
  const { label } = useI18n();
  return (
    <Tag color={METHOD_COLOR[method]} className="jw-tag">
      {label(CHECKIN_METHOD_LABELS, method)}
    </Tag>
  );
}

export function RollCallTag({ result }: { result: RollCallResult }) {
  const { label } = useI18n();
  return (
    <Tag color={ROLL_CALL_COLOR[result]} className="jw-tag" data-result={result}>
      {label(ROLL_CALL_RESULT_LABELS, result)}
    </Tag>
  );
}

export function RoundStatusTag({ status }: { status: VideoRoundStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={ROUND_STATUS_COLOR[status]} className="jw-tag" data-status={status}>
      {label(VIDEO_ROUND_STATUS_LABELS, status)}
    </Tag>
  );
}

export function CameraResultTag({ result }: { result: CameraCheckResult }) {
  const { label } = useI18n();
  return (
    <Tag color={CAMERA_RESULT_COLOR[result]} className="jw-tag" data-result={result}>
      {label(CAMERA_CHECK_RESULT_LABELS, result)}
    </Tag>
  );
}

/**
 * 窗口外: a check-in outside its stop's time window, kept but not the visit (issue 18); the reason (early / late) as
 * a tooltip on the desk, written out beside it on the phone (`explain`). Nothing for a check-in inside or without one.
 */
export function OutsideWindowTag({ window: w, explain = false, testId }: { window: Checkin['window']; explain?: boolean; testId?: string }) {
  const { t } = useI18n();
  if (w !== 'early' && w !== 'late') return null;
  const why = t(w === 'early' ? 'live.outsideWindowEarly' : 'live.outsideWindowLate');
  const tag = (
    <Tag color="orange" className="jw-tag" data-testid={testId} data-window={w}>
      {t('live.outsideWindow')}
    </Tag>
  );
  if (!explain) return <Tooltip title={why}>{tag}</Tooltip>;
  return (
    <>
      {tag}
      <span className="jw-muted">{why}</span>
    </>
  );
}
