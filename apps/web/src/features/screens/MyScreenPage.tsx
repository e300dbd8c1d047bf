// 作战小屏 (/me), phone first: today's checklist (due time, progress, evidence, status, cards), what is overdue from
// earlier days, completing a task with its evidence and asking for more time, the detail of a task (what was
// reported, its photos, the supervision history and extensions), my indicators (暂无数据 when not
// available, never 0) and my grids' incidents. Reloaded every minute, when the tab comes back, and after each action.
// A completion made without signal waits in the phone's outbox (shown above the checklist): its task reads 待上传
// until it is sent, and the screen reloads when it is.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Empty, Result, Segmented, Spin, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { INCIDENT_CATEGORY_LABELS, INCIDENT_STATUS_LABELS, type MyScreen, type TaskInstance } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useNow } from '../../app/live';
import { INCIDENT_STATUS_COLOR, PRIORITY_COLOR } from '../../app/colors';
import { tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { TaskCard } from '../tasks/TaskCard';
import { CompleteDrawer } from '../tasks/CompleteDrawer';
import { ExtensionModal } from '../tasks/ExtensionModal';
import { TaskDetailDrawer } from '../tasks/TaskDetailDrawer';
import { IndicatorList } from '../tasks/IndicatorList';
import { CasesScreenCard } from '../cases/CasesScreenCard';
import { isLeader, sortChecklist } from '../tasks/helpers';
import { OutboxBar } from '../field/OutboxBar';
import { useOutbox } from '../field/useOutbox';
import { pendingTasks } from '../../lib/offline/outbox';
import '../tasks/tasks.css';
import './screens.css';

const REFRESH_MS = 60_000;
type Filter = 'todo' | 'all' | 'done';

export default function MyScreenPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const now = useNow(30_000);
  const [data, setData] = useState<MyScreen | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [filter, setFilter] = useState<Filter>('todo');
  const [showAllOverdue, setShowAllOverdue] = useState(false);
  const [completing, setCompleting] = useState<TaskInstance | null>(null);
  const [extending, setExtending] = useState<TaskInstance | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const openDetail = useCallback((x: TaskInstance) => setDetailId(x.id), []);
  const seq = useRef(0);
  const { box, items: queued } = useOutbox();
  const pending = useMemo(() => pendingTasks(queued), [queued]);

  const load = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const d = await tasksApi.myScreen();
      if (n !== seq.current) return;
      setData(d);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, []);

  // a queued completion reached the server: show what it changed
  useEffect(() => (box ? box.onSent((a) => a.kind === 'task_complete' && void load()) : undefined), [box, load]);

  useEffect(() => {
    void load();
    const id = setInterval(() => document.visibilityState !== 'hidden' && void load(), REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const items = useMemo(() => {
    const list = data ? sortChecklist(data.tasks.items, now) : [];
    if (filter === 'all') return list;
    if (filter === 'done') return list.filter((x) => x.status === 'done');
    return list.filter((x) => x.status !== 'done' && x.status !== 'cancelled');
  }, [data, filter, now]);
  // overdue from earlier days that are not already on today's list
  const overdue = useMemo(() => {
    if (!data) return [];
    const today = new Set(data.tasks.items.map((x) => x.id));
    return sortChecklist(
      data.overdue.filter((x) => !today.has(x.id)),
      now,
    );
  }, [data, now]);

  const onCompleted = (task: TaskInstance, queued?: boolean) => {
    setCompleting(null);
    if (queued) {
      void message.warning(t('task.queuedToast', { name: task.template.name }));
      return;
    }
    void message.success(task.status === 'done' ? t('task.doneToast', { name: task.template.name }) : t('task.progressToast', { p: `${task.progress}/${task.target}` }));
    void load();
  };
  const onExtended = () => {
    setExtending(null);
    void message.success(t('task.extendSent'));
    void load();
  };

  if (!data && error) {
    return <Result status="warning" title={errorText(error, lang)} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  }
  if (!data) {
    return (
      <div className="jw-center">
        <Spin size="large" />
      </div>
    );
  }
  const c = data.tasks.counts;
  const todo = c.total - c.done;
  // cards carried by tasks of earlier days count too: nothing overdue is out of sight
  const yellow = c.yellow + overdue.filter((x) => x.supervision === 'yellow').length;
  const red = c.red + overdue.filter((x) => x.supervision === 'red').length;
  const OVERDUE_SHOWN = 2;

  return (
    <div className="sc-me" data-testid="my-screen">
      <div className="sc-me-head">
        <div className="sc-me-who">
          <div className="sc-me-name">{data.person?.name ?? user?.displayName}</div>
          <div className="sc-me-sub">
            {data.station?.name ?? ''}
            {data.areas.map((a) => (
              <Tag key={a.id} className="sc-area-tag">
                {a.name}
              </Tag>
            ))}
          </div>
        </div>
        <div className="sc-me-date">
          <div>{dayjs(data.date).format(lang === 'zh' ? 'M月D日 dddd' : 'ddd, MMM D')}</div>
          <Button size="small" type="text" icon={<ReloadOutlined spin={loading} />} onClick={() => void load()} aria-label={t('common.refresh')} className="sc-me-reload" />
        </div>
        <div className="sc-me-counts" data-testid="my-counts" data-done={c.done} data-total={c.total}>
          <Count n={todo} label={t('screen.todo')} tone={todo ? 'blue' : 'green'} />
          <Count n={c.done} total={c.total} label={t('screen.done')} tone="green" testId="my-done" />
          <Count n={c.overdue + overdue.length} label={t('screen.overdue')} tone={c.overdue + overdue.length ? 'red' : 'muted'} />
          <Count n={yellow} label={t('task.card.yellow')} tone={yellow ? 'gold' : 'muted'} />
          <Count n={red} label={t('task.card.red')} tone={red ? 'red' : 'muted'} />
        </div>
      </div>
      {error !== null && <Alert type="warning" showIcon banner title={errorText(error, lang)} />}
      <OutboxBar />
      {!data.person && <Alert type="info" showIcon style={{ margin: 8 }} title={t('screen.noPerson')} action={isLeader(user?.role) ? <Link to="/station">{t('nav.station')}</Link> : undefined} />}

      <div className="sc-me-body">
        <div className="sc-me-col">
          {overdue.length > 0 && (
            <section className="sc-section is-alert" data-testid="my-overdue">
              <h3>{t('screen.overdueEarlier', { n: overdue.length })}</h3>
              {(showAllOverdue ? overdue : overdue.slice(0, OVERDUE_SHOWN)).map((x) => (
                <TaskCard key={x.id} task={x} now={now} onComplete={setCompleting} onExtend={setExtending} onDetail={openDetail} pending={pending.get(x.id)} />
              ))}
              {overdue.length > OVERDUE_SHOWN && (
                <Button block type="dashed" danger onClick={() => setShowAllOverdue((v) => !v)} data-testid="my-overdue-more">
                  {showAllOverdue ? t('screen.showFewer') : t('screen.showAllOverdue', { n: overdue.length - OVERDUE_SHOWN })}
                </Button>
              )}
            </section>
          )}
          <section className="sc-section" data-testid="my-checklist">
            <div className="sc-section-head">
              <h3>{t('screen.checklist')}</h3>
              <Segmented
                size="small"
                value={filter}
                onChange={(v) => setFilter(v as Filter)}
                options={[
                  { value: 'todo', label: `${t('screen.todo')} ${todo}` },
                  { value: 'done', label: `${t('screen.done')} ${c.done}` },
                  { value: 'all', label: `${t('screen.all')} ${c.total}` },
                ]}
                data-testid="my-filter"
              />
            </div>
            {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'todo' && c.total ? t('screen.allDone') : t('screen.noTasks')} />}
            {items.map((x) => (
              <TaskCard key={x.id} task={x} now={now} onComplete={setCompleting} onExtend={setExtending} onDetail={openDetail} pending={pending.get(x.id)} />
            ))}
          </section>
        </div>
        <div className="sc-me-col">
          <CasesScreenCard mine refreshKey={data} />
          <section className="sc-section" data-testid="my-indicators">
            <div className="sc-section-head">
              <h3>{t('screen.myIndicators')}</h3>
              {data.indicators && <span className="jw-muted">{t('screen.periodAt', { p: data.indicators.period, at: dayjs(data.indicators.computedAt).format('MM-DD HH:mm') })}</span>}
            </div>
            {data.indicators ? <IndicatorList values={data.indicators.values} /> : <div className="jw-muted">{t('ind.none')}</div>}
          </section>
          <section className="sc-section" data-testid="my-incidents">
            <div className="sc-section-head">
              <h3>{t('screen.myIncidents')}</h3>
              <span className="jw-muted">{t('screen.incidentCounts', { open: data.incidents.open, n: data.incidents.last24h })}</span>
            </div>
            {data.incidents.items.length === 0 && <div className="jw-muted">{data.areas.length ? t('screen.noIncidents') : t('screen.noAreas')}</div>}
            {data.incidents.items.slice(0, 20).map((i) => (
              <div className="sc-inc" key={i.id}>
                <span className="sc-inc-dot" style={{ background: PRIORITY_COLOR[i.priority as 1 | 2 | 3]?.hex ?? '#8c8c8c' }} />
                <span className="sc-inc-main">
                  <b>{label(INCIDENT_CATEGORY_LABELS, i.category as never)}</b> <span className="jw-muted">{i.address}</span>
                </span>
                <Tag color={INCIDENT_STATUS_COLOR[i.status as keyof typeof INCIDENT_STATUS_COLOR]?.tag}>{label(INCIDENT_STATUS_LABELS, i.status as never)}</Tag>
                <span className="jw-num jw-muted sc-inc-time">{dayjs(i.reportedAt).format('HH:mm')}</span>
              </div>
            ))}
          </section>
        </div>
      </div>
      <CompleteDrawer task={completing} onClose={() => setCompleting(null)} onDone={onCompleted} />
      <ExtensionModal task={extending} onClose={() => setExtending(null)} onDone={onExtended} />
      <TaskDetailDrawer taskId={detailId} onClose={() => setDetailId(null)} />
    </div>
  );
}

function Count({ n, total, label, tone, testId }: { n: number; total?: number; label: string; tone: 'blue' | 'green' | 'red' | 'gold' | 'muted'; testId?: string }) {
  return (
    <div className={`sc-count is-${tone}`} data-testid={testId}>
      <div className="sc-count-n jw-num">
        {n}
        {total !== undefined && <small>/{total}</small>}
      </div>
      <div className="sc-count-label">{label}</div>
    </div>
  );
}

