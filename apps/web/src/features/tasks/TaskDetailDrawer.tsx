// One task in full, for the station lead's daily check (what was done, done late or forgotten) and for the officer:
// the task (person, station, status and card, period, due time and the one before an extension, done at and how
// late, progress, place), every report with its evidence (time, by whom, amount, note, the form's answers under the
// template's labels, the position and its distance to the place, photos), the supervision history (督办: due soon,
// overdue, reminder, yellow and red cards) and the extension requests.
// Photos are plain lazy <img> loaded only when the drawer shows them (every view is audited by the server; antd's
// Image would fetch each one a second time to check it), enlarged in a preview group opened on click.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Empty, Image, Progress, Skeleton, Tag, Timeline, Tooltip } from 'antd';
import { CameraOutlined, EnvironmentOutlined, ReloadOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TaskDetail } from '@jingwang/contracts';
import { TASK_CATEGORY_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone, useNow } from '../../app/live';
import { tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { TaskStatusTags } from './TaskCard';
import {
  dueMoved,
  evidenceDistance,
  evidenceFormRows,
  evidenceNeeds,
  lateByMs,
  lonLatText,
  metersText,
  progressPercent,
  progressText,
  sortEscalations,
  spanText,
  STEP_COLOR,
  stepKey,
  taskView,
  isLeader,
} from './helpers';
import './tasks.css';

const EXT_TAG = { requested: 'purple', approved: 'green', rejected: 'red' } as const;

/** Full local time: the day matters when a leader checks earlier days. */
const when = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export function TaskDetailDrawer({ taskId, onClose }: { taskId: number | null; onClose: () => void }) {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const now = useNow(30_000);
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [preview, setPreview] = useState<number | null>(null);
  const { user } = useAuth();
  const { message } = App.useApp();
  const [urging, setUrging] = useState(false);

  useEffect(() => {
    setDetail(null);
    setError(null);
    setPreview(null);
    if (taskId === null) return;
    const ac = new AbortController();
    tasksApi
      .task(taskId, ac.signal)
      .then((d) => setDetail(d))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e);
      });
    return () => ac.abort();
  }, [taskId, attempt]);

  // every photo of the task, in report order, for one preview group
  const photos = useMemo(() => (detail ? detail.evidence.flatMap((e) => e.photoIds) : []), [detail]);
  const photoIndex = useMemo(() => new Map(photos.map((id, i) => [id, i])), [photos]);

  const task = detail?.task;
  const state = detail ? 'ready' : error ? 'error' : 'loading';

  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      placement="right"
      size={phone ? '100%' : 520}
      title={task ? task.template.name : t('task.d.title')}
      destroyOnHidden
      rootClassName="tk-detail-root"
    >
      <div className="tk-detail" data-testid="task-detail" data-task={taskId ?? ''} data-state={state}>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error, lang)}
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={() => setAttempt((n) => n + 1)}>
                {t('common.retry')}
              </Button>
            }
          />
        )}
        {!detail && error === null && <Skeleton active paragraph={{ rows: 8 }} />}
        {task && detail && (
          <>
            <Descriptions
              size="small"
              column={1}
              bordered
              className="tk-detail-desc"
              items={[
                { key: 'cat', label: t('task.d.category'), children: label(TASK_CATEGORY_LABELS, task.template.category) },
                {
                  key: 'person',
                  label: t('task.d.person'),
                  children: (
                    <span>
                      {task.person.name}
                      {task.station && <span className="jw-muted"> · {task.station.name}</span>}
                    </span>
                  ),
                },
                { key: 'status', label: t('task.d.status'), children: <TaskStatusTags task={task} now={now} /> },
                { key: 'period', label: t('task.d.period'), children: <span className="jw-num">{when(task.periodStart)}</span> },
                {
                  key: 'due',
                  label: t('task.d.due'),
                  children: (
                    <span>
                      <span className={`jw-num${taskView(task, now) === 'overdue' ? ' tk-late-text' : ''}`}>{when(task.dueAt)}</span>
                      {dueMoved(task) && (
                        <div className="jw-muted tk-small" data-testid="task-detail-original-due">
                          {t('task.d.originalDue', { at: when(task.originalDueAt) })}
                        </div>
                      )}
                    </span>
                  ),
                },
                {
                  key: 'done',
                  label: t('task.d.doneAt'),
                  children: task.doneAt ? (
                    <span>
                      <span className="jw-num">{when(task.doneAt)}</span>{' '}
                      {task.late ? (
                        <Tag color="orange" data-testid="task-detail-late">
                          {(() => {
                            const ms = lateByMs(task);
                            return ms === null ? t('task.late') : t('task.d.lateBy', { span: spanText(ms, lang) });
                          })()}
                        </Tag>
                      ) : (
                        <Tag color="green">{t('task.d.onTime')}</Tag>
                      )}
                    </span>
                  ) : (
                    <span className="jw-muted">{t('task.d.notDone')}</span>
                  ),
                },
                {
                  key: 'progress',
                  label: t('task.d.progress'),
                  children: (
                    <div className="tk-progress">
                      <Progress percent={progressPercent(task)} size="small" showInfo={false} strokeColor={task.status === 'done' ? '#52c41a' : task.status === 'overdue' ? '#ff4d4f' : undefined} />
                      <span className="tk-progress-text jw-num" data-testid="task-detail-progress">
                        {progressText(task)}
                      </span>
                    </div>
                  ),
                },
                {
                  key: 'place',
                  label: t('task.d.place'),
                  children: task.place ? (
                    <span>
                      <EnvironmentOutlined /> {task.place.name} <span className="jw-muted jw-num tk-small">{lonLatText(task.place.lon, task.place.lat)}</span>
                    </span>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'needs',
                  label: t('task.d.needs'),
                  children: (
                    <span className="tk-needs">
                      {evidenceNeeds(task.template.evidence).length === 0 && <span className="jw-muted">{t('task.need.none')}</span>}
                      {evidenceNeeds(task.template.evidence).map((n) => (
                        <span key={n.key}>{t(`task.need.${n.key}Long`, { n: n.n ?? '' })}</span>
                      ))}
                    </span>
                  ),
                },
                { key: 'level', label: t('task.d.level'), children: t(`task.level.${task.level}`) },
              ]}
            />
            {/* 催办: a lead urges an open task; the officer gets an urgent instruction linked to it (issue 13) */}
            {isLeader(user?.role) && (task.status === 'open' || task.status === 'overdue') && (
              <div className="tk-detail-actions">
                <Button
                  size="small"
                  danger
                  loading={urging}
                  onClick={() => {
                    setUrging(true);
                    tasksApi
                      .urge(task.id)
                      .then(() => message.success(t('ins.urged')))
                      .catch((e: unknown) => message.error(errorText(e, lang)))
                      .finally(() => setUrging(false));
                  }}
                  data-testid="task-urge"
                >
                  {t('ins.urge')}
                </Button>
              </div>
            )}

            <h4 className="tk-detail-h">{t('task.d.evidence', { n: detail.evidence.length })}</h4>
            {detail.evidence.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.d.noEvidence')} />}
            {detail.evidence.map((e) => {
              const rows = evidenceFormRows(e.form, task.template.evidence.form, lang);
              const dist = evidenceDistance(e, task.template.evidence, task.place);
              return (
                <div className="tk-ev" key={e.id} data-testid={`task-evidence-${e.id}`}>
                  <div className="tk-ev-head">
                    <span className="jw-num tk-ev-time">{when(e.at)}</span>
                    <span className="tk-ev-by">
                      <UserOutlined /> {t('task.d.reportBy', { name: e.byName })}
                    </span>
                    <Tag className="tk-ev-amount">{t('task.d.amount', { n: e.amount, unit: task.template.unit })}</Tag>
                    {e.lateSynced && (
                      <Tag color="gold" data-testid={`task-evidence-late-${e.id}`}>
                        {t('inc.lateSynced', { time: when(e.receivedAt) })}
                      </Tag>
                    )}
                  </div>
                  {e.note && <div className="tk-ev-note">{e.note}</div>}
                  {rows.length > 0 && (
                    <dl className="tk-ev-form">
                      {rows.map((r) => (
                        <div key={r.name} className="tk-ev-row" data-field={r.name}>
                          <dt>{r.label}</dt>
                          <dd>{r.value}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                  {e.lon !== null && e.lat !== null && (
                    <div className="tk-ev-loc" data-testid={`task-evidence-location-${e.id}`} data-meters={dist?.meters ?? ''}>
                      <EnvironmentOutlined /> <span className="jw-num">{lonLatText(e.lon, e.lat)}</span>
                      {dist ? (
                        <>
                          {' · '}
                          {t('task.d.distance', { d: metersText(dist.meters, lang) })}
                          {dist.within !== null && dist.radius !== null && (
                            <Tag color={dist.within ? 'green' : 'red'} className="tk-ev-radius">
                              {t(dist.within ? 'task.d.within' : 'task.d.tooFar', { r: dist.radius })}
                            </Tag>
                          )}
                        </>
                      ) : (
                        <span className="jw-muted"> · {t('task.d.noPlaceToCheck')}</span>
                      )}
                    </div>
                  )}
                  {e.photoIds.length > 0 && (
                    <div className="tk-ev-photos">
                      <Tooltip title={t('task.d.photoAudit')}>
                        <span className="jw-muted tk-small">
                          <CameraOutlined /> {t('task.d.photos', { n: e.photoIds.length })}
                        </span>
                      </Tooltip>
                      <div className="tk-ev-thumbs">
                        {e.photoIds.map((id, i) => (
                          <button type="button" key={id} className="tk-ev-thumb" onClick={() => setPreview(photoIndex.get(id) ?? 0)} aria-label={t('task.d.photoAlt', { n: i + 1 })}>
                            <img src={tasksApi.photoUrl(id)} loading="lazy" alt={t('task.d.photoAlt', { n: i + 1 })} data-testid="task-evidence-photo" data-photo={id} />
                          </button>
                        ))}
                      </div>
                    </div>
                  )}
                </div>
              );
            })}

            <h4 className="tk-detail-h">{t('task.d.supervision')}</h4>
            {detail.escalations.length === 0 ? (
              <div className="jw-muted tk-small">{t('task.d.noSupervision')}</div>
            ) : (
              <div data-testid="task-detail-escalations">
                <Timeline
                  className="tk-detail-timeline"
                  items={sortEscalations(detail.escalations).map((x, i) => ({
                    key: `${x.step}-${i}`,
                    color: STEP_COLOR[x.step],
                    content: (
                      <div data-step={x.step}>
                        <b>{t(stepKey(x.step))}</b> <span className="jw-num jw-muted">{when(x.at)}</span>
                        {Date.parse(x.dueAt) !== Date.parse(task.dueAt) && <div className="jw-muted tk-small">{t('task.d.stepDue', { at: when(x.dueAt) })}</div>}
                      </div>
                    ),
                  }))}
                />
              </div>
            )}

            <h4 className="tk-detail-h">{t('task.d.extensions', { n: detail.extensions.length })}</h4>
            {detail.extensions.length === 0 ? (
              <div className="jw-muted tk-small">{t('task.d.noExtensions')}</div>
            ) : (
              detail.extensions.map((x) => (
                <div className="tk-ext" key={x.id} data-testid={`task-extension-${x.id}`} data-status={x.status}>
                  <div className="tk-ev-head">
                    <Tag color={EXT_TAG[x.status]}>{t(`task.ext.${x.status}`)}</Tag>
                    <span>{t('task.ext.ask', { name: x.requestedByName, at: when(x.requestedAt), until: when(x.until) })}</span>
                  </div>
                  <div className="tk-ev-note">{t('task.ext.reason', { r: x.reason })}</div>
                  {x.decidedAt && (
                    <div className="jw-muted tk-small">
                      {t('task.ext.decided', { name: x.decidedByName ?? '—', at: when(x.decidedAt) })}
                      {x.grantedUntil && <> · {t('task.ext.granted', { at: when(x.grantedUntil) })}</>}
                    </div>
                  )}
                  {x.decisionNote && <div className="tk-small">{t('task.ext.note', { n: x.decisionNote })}</div>}
                </div>
              ))
            )}

            {photos.length > 0 && (
              <Image.PreviewGroup
                items={photos.map((id) => tasksApi.photoUrl(id))}
                preview={{
                  open: preview !== null,
                  current: preview ?? 0,
                  onOpenChange: (open) => !open && setPreview(null),
                  onChange: (c) => setPreview(c),
                }}
              />
            )}
          </>
        )}
      </div>
    </Drawer>
  );
}
