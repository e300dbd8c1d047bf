// One task of a checklist (作战小屏): category, name, due time, progress against the target, the evidence it needs,
// its status and card (黄牌 / 红牌), a pending extension; actions: report / complete, ask for more time, and a link
// to its detail (evidence, supervision history) when onDetail is given. A report waiting in the phone's outbox shows
// 待上传 (done-pending) and is not offered again.
import { Button, Progress, Tag, Tooltip } from 'antd';
import { CameraOutlined, CheckCircleFilled, ClockCircleOutlined, EditOutlined, EnvironmentOutlined, FileSearchOutlined, FileTextOutlined, FormOutlined } from '@ant-design/icons';
import type { TaskInstance } from '@jingwang/contracts';
import { TASK_CATEGORY_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { CARD_TAG, cardOf, dueClock, dueRemaining, evidenceNeeds, progressPercent, progressText, TASK_VIEW_TAG, taskView } from './helpers';

const NEED_ICON = { photos: <CameraOutlined />, form: <FormOutlined />, location: <EnvironmentOutlined />, note: <FileTextOutlined /> } as const;

export function TaskStatusTags({ task, now }: { task: TaskInstance; now: number }) {
  const { t } = useI18n();
  const view = taskView(task, now);
  const card = cardOf(task.supervision);
  return (
    <span className="tk-tags">
      <Tag color={TASK_VIEW_TAG[view]} data-testid={`task-status-${task.id}`} data-status={view}>
        {t(`task.view.${view}`)}
        {view === 'done' && task.late ? ` · ${t('task.late')}` : ''}
      </Tag>
      {card && <Tag color={CARD_TAG[card]}>{t(`task.card.${card}`)}</Tag>}
      {task.pendingExtension && <Tag color="purple">{t('task.extPending')}</Tag>}
    </span>
  );
}

export function TaskCard({
  task,
  now,
  onComplete,
  onExtend,
  onDetail,
  showPerson,
  pending,
}: {
  task: TaskInstance;
  now: number;
  /** A completion or progress report of this task waits in the phone's outbox (offline): 待上传. */
  pending?: { completes: boolean; failed: boolean };
  onComplete?: (t: TaskInstance) => void;
  onExtend?: (t: TaskInstance) => void;
  /** Show a 详情 link opening the task's detail. */
  onDetail?: (t: TaskInstance) => void;
  showPerson?: boolean;
}) {
  const { t, label, lang } = useI18n();
  const view = taskView(task, now);
  // a report waiting in the outbox: not offered again until it is sent (or, refused, discarded)
  const closed = view === 'done' || view === 'cancelled' || (pending !== undefined && !pending.failed);
  const needs = evidenceNeeds(task.template.evidence);
  const pct = progressPercent(task);
  return (
    <div className={`tk-card is-${view}${pending ? ' is-pending' : ''}`} data-testid={`task-${task.id}`} data-status={view}>
      <div className="tk-card-head">
        <span className="tk-cat">{label(TASK_CATEGORY_LABELS, task.template.category)}</span>
        <span className="tk-tags">
          <TaskStatusTags task={task} now={now} />
          {pending && (
            <Tag color={pending.failed ? 'red' : 'orange'} data-testid={`task-pending-${task.id}`} data-pending={pending.completes ? 'done' : 'progress'}>
              {pending.failed ? t('task.pendingRefused') : pending.completes ? t('task.donePending') : t('task.progressPending')}
            </Tag>
          )}
        </span>
      </div>
      <div className="tk-name">
        {view === 'done' && <CheckCircleFilled className="tk-done-icon" />} {task.template.name}
      </div>
      {showPerson && <div className="jw-muted">{task.person.name}</div>}
      <div className="tk-meta">
        <span className={view === 'overdue' ? 'tk-due is-late' : 'tk-due'}>
          <ClockCircleOutlined /> {view === 'done' && task.doneAt ? t('task.doneAt', { at: dueClock(task.doneAt, now, lang) }) : t('task.dueAt', { at: dueClock(task.dueAt, now, lang) })}
          {!closed && <span className="tk-remaining"> · {dueRemaining(task, now, lang)}</span>}
        </span>
        {task.place && (
          <span className="tk-place">
            <EnvironmentOutlined /> {task.place.name}
          </span>
        )}
      </div>
      <div className="tk-progress">
        <Progress percent={pct} size="small" showInfo={false} strokeColor={view === 'overdue' ? '#ff4d4f' : view === 'done' ? '#52c41a' : undefined} />
        <span className="tk-progress-text jw-num" data-testid={`task-progress-${task.id}`}>
          {progressText(task)}
        </span>
      </div>
      <div className="tk-foot">
        <span className="tk-needs">
          {needs.length === 0 && <span className="jw-muted">{t('task.need.none')}</span>}
          {needs.map((n) => (
            <Tooltip key={n.key} title={t(`task.need.${n.key}Long`, { n: n.n ?? '' })}>
              <span className="tk-need">
                {NEED_ICON[n.key]} {t(`task.need.${n.key}`, { n: n.n ?? '' })}
              </span>
            </Tooltip>
          ))}
        </span>
        {((!closed && (onComplete || onExtend)) || onDetail) && (
          <span className="tk-actions">
            {onDetail && (
              <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => onDetail(task)} data-testid={`task-detail-open-${task.id}`} className="tk-detail-link">
                {t('task.detailOpen')}
              </Button>
            )}
            {!closed && onExtend && !task.pendingExtension && (
              <Button size="small" onClick={() => onExtend(task)} data-testid={`task-extend-${task.id}`}>
                {t('task.extend')}
              </Button>
            )}
            {!closed && onComplete && (
              <Button type="primary" size="small" icon={<EditOutlined />} onClick={() => onComplete(task)} data-testid={`task-complete-${task.id}`}>
                {task.target - task.progress > 1 ? t('task.report') : t('task.complete')}
              </Button>
            )}
          </span>
        )}
      </div>
    </div>
  );
}
