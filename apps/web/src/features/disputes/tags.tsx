// Tags of the disputes screens: status and risk grade (colour by grade: 一般 blue, 较大 orange, 重大 red).
import { Tag } from 'antd';
import { DISPUTE_GRADE_LABELS, DISPUTE_STATUS_LABELS, type DisputeSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';

const STATUS_COLOR: Record<DisputeSummary['status'], string> = { open: 'blue', mediating: 'processing', referred: 'purple', resolved: 'green', closed: 'default', converted: 'magenta' };
const GRADE_COLOR: Record<DisputeSummary['grade'], string> = { low: 'blue', medium: 'orange', high: 'red' };

export function StatusTag({ status }: { status: DisputeSummary['status'] }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status} data-testid="dispute-status">
      {label(DISPUTE_STATUS_LABELS, status)}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: DisputeSummary['grade'] }) {
  const { t, label } = useI18n();
  return (
    <Tag color={GRADE_COLOR[grade]} data-grade={grade} data-testid="dispute-grade">
      {t('disputes.grade')}：{label(DISPUTE_GRADE_LABELS, grade)}
    </Tag>
  );
}
