// One officer's day, for the station lead (所长 / 副所长) checking what was done, done late or forgotten: the
// checklist of that local day as the officer sees it (GET /api/tasks/checklist), its counts, and the backlog of other
// days (tasks still overdue or carrying a yellow / red card, now). Each task opens TaskDetailDrawer (evidence,
// photos, supervision history, extensions).
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Drawer, Empty, Skeleton } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { MyTasks, TaskInstance } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone, useNow } from '../../app/live';
import { tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { TaskCard } from './TaskCard';
import { TaskDetailDrawer } from './TaskDetailDrawer';
import { checklistCounts, sortChecklist } from './helpers';
import './tasks.css';

export function OfficerDayDrawer({ person, date, onClose }: { person: { id: number; name: string } | null; date: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const now = useNow(30_000);
  const [day, setDay] = useState<MyTasks | null>(null);
  const [backlog, setBacklog] = useState<TaskInstance[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [detailId, setDetailId] = useState<number | null>(null);
  const personId = person?.id ?? null;

  useEffect(() => {
    setDay(null);
    setBacklog([]);
    setError(null);
    setDetailId(null);
    if (personId === null) return;
    const ac = new AbortController();
    Promise.all([
      tasksApi.personTasks(personId, date || undefined, ac.signal),
      // the backlog now: overdue tasks, and open ones carrying a yellow or red card
      tasksApi.supervision({ filter: 'overdue', personId, limit: 200 }, ac.signal),
      tasksApi.supervision({ filter: 'yellow', personId, limit: 200 }, ac.signal),
    ])
      .then(([d, o, y]) => {
        setDay(d);
        const seen = new Set(d.items.map((x) => x.id));
        const more = new Map<number, TaskInstance>();
        for (const x of [...o.items, ...y.items]) if (!seen.has(x.id)) more.set(x.id, x);
        setBacklog([...more.values()]);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e);
      });
    return () => ac.abort();
  }, [personId, date, attempt]);

  const items = useMemo(() => (day ? sortChecklist(day.items, now) : []), [day, now]);
  const earlier = useMemo(() => sortChecklist(backlog, now), [backlog, now]);
  const c = useMemo(() => checklistCounts(items, now), [items, now]);
  const shownDate = day?.date ?? date;

  const row = (x: TaskInstance) => (
    <div
      key={x.id}
      className="tk-row-click"
      role="button"
      tabIndex={0}
      data-testid={`officer-day-task-${x.id}`}
      data-status={x.status}
      onClick={() => setDetailId(x.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          setDetailId(x.id);
        }
      }}
    >
      <TaskCard task={x} now={now} showPerson={false} />
    </div>
  );

  return (
    <Drawer
      open={person !== null}
      onClose={onClose}
      placement="right"
      size={phone ? '100%' : 560}
      title={person ? t('day.title', { name: person.name, date: shownDate ? dayjs(shownDate).format(lang === 'zh' ? 'M月D日 dddd' : 'ddd, MMM D') : '' }) : ''}
      destroyOnHidden
      extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => setAttempt((n) => n + 1)} aria-label={t('common.refresh')} />}
    >
      <div className="tk-day" data-testid="officer-day" data-person={personId ?? ''} data-date={shownDate} data-state={day ? 'ready' : error ? 'error' : 'loading'}>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error, lang)}
            action={
              <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
                {t('common.retry')}
              </Button>
            }
          />
        )}
        {!day && error === null && <Skeleton active paragraph={{ rows: 6 }} />}
        {day && (
          <>
            <div className="tk-day-counts" data-testid="officer-day-counts" data-total={c.total} data-done={c.done} data-overdue={c.overdue}>
              <DayCount n={c.total} label={t('day.total')} />
              <DayCount n={c.done} label={t('day.done')} tone="green" sub={c.late ? t('screen.lateN', { n: c.late }) : undefined} />
              <DayCount n={c.open} label={t('day.open')} tone="blue" />
              <DayCount n={c.overdue} label={t('day.overdue')} tone={c.overdue ? 'red' : undefined} />
              <DayCount n={c.yellow} label={t('task.card.yellow')} tone={c.yellow ? 'gold' : undefined} />
              <DayCount n={c.red} label={t('task.card.red')} tone={c.red ? 'red' : undefined} />
            </div>
            <div className="jw-muted tk-small tk-day-hint">{t('day.hint')}</div>
            <h4 className="tk-detail-h">{t('day.tasks', { n: items.length })}</h4>
            {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('day.none')} />}
            {items.map(row)}
            {earlier.length > 0 && (
              <section data-testid="officer-day-backlog">
                <h4 className="tk-detail-h is-alert">{t('day.backlog', { n: earlier.length })}</h4>
                <div className="jw-muted tk-small tk-day-hint">{t('day.backlogHint')}</div>
                {earlier.map(row)}
              </section>
            )}
          </>
        )}
      </div>
      <TaskDetailDrawer taskId={detailId} onClose={() => setDetailId(null)} />
    </Drawer>
  );
}

function DayCount({ n, label, tone, sub }: { n: number; label: string; tone?: 'green' | 'blue' | 'red' | 'gold'; sub?: string }) {
  return (
    <div className={`tk-day-count${tone ? ` is-${tone}` : ''}`}>
      <div className="tk-day-count-n jw-num">{n}</div>
      <div className="tk-day-count-label">
        {label}
        {sub && <div className="tk-day-count-sub">{sub}</div>}
      </div>
    </div>
  );
}
