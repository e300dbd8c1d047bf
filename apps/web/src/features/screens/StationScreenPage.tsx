// 所屏 (/station), for leaders: the station's tasks today per officer, supervision (督办: overdue, reminders, yellow
// and red cards, extension requests to approve or reject), open incidents, the station's indicators and the officers'
// ranking this month; issuing a task from the catalogue. A district lead or admin picks the station (?stationId=).
// The day shown is picked too (?date=YYYY-MM-DD, default today): the officers' tasks of that day next to their
// backlog now (tasks of any day still overdue or carrying a card); an officer's name opens that day's checklist
// (OfficerDayDrawer) and every task opens its detail with the evidence (TaskDetailDrawer).
import { useCallback, useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, DatePicker, Empty, Input, Modal, Result, Select, Spin, Table, Tabs, Tag, Tooltip } from 'antd';
import { LeftOutlined, PlusOutlined, QuestionCircleOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { INCIDENT_CATEGORY_LABELS, INCIDENT_STATUS_LABELS, type Area, type StationScreen, type TaskInstance } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useNow } from '../../app/live';
import { INCIDENT_STATUS_COLOR, PRIORITY_COLOR } from '../../app/colors';
import { api, tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { TaskStatusTags } from '../tasks/TaskCard';
import { IndicatorList } from '../tasks/IndicatorList';
import { AssignModal } from '../tasks/AssignModal';
import { withParams } from '../../lib/useUrlMirror';
import { OfficerDayDrawer } from '../tasks/OfficerDayDrawer';
import { CasesScreenCard } from '../cases/CasesScreenCard';
import { TaskDetailDrawer } from '../tasks/TaskDetailDrawer';
import { completionRate, dueClock, dueRemaining, formatNumber, isLeader, localDay, parseLocalDate, progressText, shiftDay } from '../tasks/helpers';
import '../tasks/tasks.css';
import './screens.css';

const REFRESH_MS = 60_000;

type Decision = { task: TaskInstance; approve: boolean };

export default function StationScreenPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const now = useNow(30_000);
  const [params, setParams] = useSearchParams();
  const stationId = Number(params.get('stationId')) || undefined;
  const dateParam = parseLocalDate(params.get('date'));
  /** Change some search parameters, keeping the others (station and date travel together). */
  const setParam = useCallback(
    (changes: Record<string, string | null>) => setParams((p) => withParams(p, changes), { replace: true }),
    [setParams],
  );
  const [stations, setStations] = useState<Area[]>([]);
  const [data, setData] = useState<StationScreen | null>(null);
  const [ext, setExt] = useState<TaskInstance[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [officer, setOfficer] = useState<{ id: number; name: string } | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  /** The server's local day (its clock and time zone decide what "today" is), learnt from a load without ?date=. */
  const [serverToday, setServerToday] = useState<string | null>(null);
  const seq = useRef(0);
  const ownStation = user?.role === 'station_lead';

  useEffect(() => {
    if (ownStation) return;
    api
      .areas({ kind: 'station' })
      .then((l) => {
        setStations(l);
        if (!stationId && l[0]) setParam({ stationId: String(l[0].id) });
      })
      .catch((e: unknown) => setError(e));
    // once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ownStation]);

  const load = useCallback(async () => {
    if (!ownStation && !stationId) return;
    const n = ++seq.current;
    setLoading(true);
    try {
      const d = await tasksApi.stationScreen({ stationId, ...(dateParam ? { date: dateParam } : {}) });
      const e = await tasksApi.supervision({ filter: 'extensions', areaId: d.station.id, limit: 100 });
      if (n !== seq.current) return;
      setData(d);
      if (!dateParam) setServerToday(d.date);
      setExt(e.items);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [stationId, ownStation, dateParam]);

  useEffect(() => {
    void load();
    const id = setInterval(() => document.visibilityState !== 'hidden' && void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [load]);

  if (!isLeader(user?.role)) return <Result status="403" title={t('screen.leadersOnly')} />;
  if (!data && error) return <Result status="warning" title={errorText(error, lang)} extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  if (!data)
    return (
      <div className="jw-center">
        <Spin size="large" />
      </div>
    );

  const rate = completionRate(data.today);
  const sup = data.supervision;
  const today = serverToday ?? localDay(now);
  const isToday = data.date === today;
  const pickDay = (d: string) => setParam({ date: d === today ? null : d });
  const supRow = (x: TaskInstance) =>
    ({
      onClick: () => setDetailId(x.id),
      onKeyDown: (e) => {
        if (e.key === 'Enter') setDetailId(x.id);
      },
      tabIndex: 0,
      className: 'sc-row-click',
      title: t('screen.rowHint'),
      'data-testid': `station-sup-${x.id}`,
    }) as HTMLAttributes<HTMLElement>;
  const red = (n: number) => (n > 0 ? { color: '#cf1322', fontWeight: 600 } : { color: '#8c8c8c' });
  const taskCols = [
    // the panel is a third of the page at 1440 px: narrow fixed columns, the task name gets the rest (never below
    // 140 px: the table scrolls sideways instead of setting the name one character a line)
    { title: t('screen.colOfficer'), key: 'p', render: (_: unknown, x: TaskInstance) => <span className="sc-nowrap">{x.person.name}</span>, width: 76 },
    {
      title: t('screen.colTask'),
      key: 'n',
      minWidth: 140,
      render: (_: unknown, x: TaskInstance) => (
        <span>
          {x.template.name} <span className="jw-muted jw-num">{progressText(x)}</span>
        </span>
      ),
    },
    {
      title: t('screen.colDue'),
      key: 'd',
      width: 112,
      render: (_: unknown, x: TaskInstance) => (
        <span>
          {dueClock(x.dueAt, now, lang)}
          <div className="jw-muted" style={{ fontSize: 12 }}>
            {dueRemaining(x, now, lang)}
          </div>
        </span>
      ),
    },
    { title: t('screen.colStatus'), key: 's', width: 104, render: (_: unknown, x: TaskInstance) => <TaskStatusTags task={x} now={now} /> },
  ];

  return (
    <div className="sc-st" data-testid="station-screen">
      <div className="sc-st-head">
        {ownStation ? (
          <h2>{data.station.name}</h2>
        ) : (
          <Select
            value={data.station.id}
            style={{ minWidth: 220 }}
            onChange={(v) => setParam({ stationId: String(v) })}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="station-select"
          />
        )}
        <span className="sc-st-date" data-testid="station-date-bar" data-date={data.date}>
          <Tooltip title={t('screen.prevDay')}>
            <Button icon={<LeftOutlined />} onClick={() => pickDay(shiftDay(data.date, -1))} aria-label={t('screen.prevDay')} data-testid="station-date-prev" />
          </Tooltip>
          <DatePicker
            value={dayjs(dateParam ?? data.date)}
            onChange={(d) => d && pickDay(d.format('YYYY-MM-DD'))}
            allowClear={false}
            format="YYYY-MM-DD"
            aria-label={t('screen.pickDate')}
            data-testid="station-date"
            className="sc-st-picker"
          />
          <Tooltip title={t('screen.nextDay')}>
            <Button icon={<RightOutlined />} onClick={() => pickDay(shiftDay(data.date, 1))} aria-label={t('screen.nextDay')} data-testid="station-date-next" />
          </Tooltip>
          <Button onClick={() => pickDay(today)} disabled={isToday && !dateParam} data-testid="station-date-today">
            {t('screen.today')}
          </Button>
          <span className={isToday ? 'jw-muted' : 'sc-st-date-label is-other'}>{dayjs(data.date).format(lang === 'zh' ? 'YYYY年M月D日 dddd' : 'ddd, MMM D YYYY')}</span>
        </span>
        <span style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined spin={loading} />} onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)} data-testid="station-assign">
          {t('assign.title')}
        </Button>
      </div>
      {error !== null && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={errorText(error, lang)} />}

      <div className="sc-st-kpis">
        <Kpi n={rate === null ? '—' : `${formatNumber(rate, 0)}%`} label={t(isToday ? 'screen.kpiRate' : 'screen.kpiRateOn', { done: data.today.done, due: data.today.due })} color="#389e0d" />
        <Kpi n={data.today.due - data.today.done} label={t('screen.todo')} color="#1456c8" />
        <Kpi n={sup.counts.overdue} label={t('screen.overdueAll')} color={sup.counts.overdue ? '#cf1322' : '#8c8c8c'} />
        <Kpi n={sup.counts.yellow} label={t('task.card.yellow')} color={sup.counts.yellow ? '#d48806' : '#8c8c8c'} />
        <Kpi n={sup.counts.red} label={t('task.card.red')} color={sup.counts.red ? '#cf1322' : '#8c8c8c'} />
        <Kpi n={`${data.incidents.open} / ${data.incidents.today}`} label={t('screen.kpiIncidents')} color="#d46b08" />
      </div>
      {/* cases in hand of the station (issue 17) */}
      <div style={{ marginBottom: 12 }}>
        <CasesScreenCard mine={false} refreshKey={data} />
      </div>

      <div className="sc-st-grid">
        <div>
          <section className="sc-panel" data-testid="station-officers">
            <div className="sc-panel-head">
              <h3>{isToday ? t('screen.officersToday') : t('screen.officersOn', { date: dayjs(data.date).format(lang === 'zh' ? 'M月D日' : 'MMM D') })}</h3>
              <span className="jw-muted sc-hint">{t('screen.officerHint')}</span>
            </div>
            <Table
              size="small"
              rowKey={(r) => r.person.id}
              pagination={false}
              dataSource={data.officers}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: isToday ? t('screen.noTasks') : t('screen.noTasksOn') }}
              columns={[
                {
                  title: t('screen.colOfficer'),
                  key: 'n',
                  fixed: 'left',
                  render: (_, r) => (
                    <Button type="link" size="small" className="sc-officer-link" onClick={() => setOfficer(r.person)} data-testid={`station-officer-${r.person.id}`}>
                      {r.person.name}
                    </Button>
                  ),
                },
                {
                  title: isToday ? t('screen.dayGroup') : dayjs(data.date).format('MM-DD'),
                  key: 'day',
                  children: [
                    { title: t('screen.colDue'), key: 'due', align: 'right', render: (_, r) => <span className="jw-num">{r.today.due}</span> },
                    {
                      title: t('screen.done'),
                      key: 'done',
                      align: 'right',
                      render: (_, r) => {
                        const x = completionRate(r.today);
                        const late = r.today.done - r.today.onTime;
                        return (
                          <span className="jw-num sc-nowrap" data-testid={`station-officer-done-${r.person.id}`} data-done={r.today.done} data-due={r.today.due} data-late={late}>
                            {r.today.done}
                            {x !== null && <span className="jw-muted"> ({formatNumber(x, 0)}%)</span>}
                            {late > 0 && <div className="sc-late">{t('screen.lateN', { n: late })}</div>}
                          </span>
                        );
                      },
                    },
                    { title: t('screen.overdue'), key: 'o', align: 'right', render: (_, r) => <span className="jw-num" style={{ color: r.today.overdue ? '#cf1322' : undefined }}>{r.today.overdue}</span> },
                    {
                      title: t('screen.cards'),
                      key: 'c',
                      render: (_, r) => (
                        <span className="sc-nowrap">
                          {r.today.yellow > 0 && <Tag color="gold">{t('screen.yellowN', { n: r.today.yellow })}</Tag>}
                          {r.today.red > 0 && <Tag color="red">{t('screen.redN', { n: r.today.red })}</Tag>}
                        </span>
                      ),
                    },
                  ],
                },
                {
                  title: (
                    <Tooltip title={t('screen.backlogHint')}>
                      <span>
                        {t('screen.backlogGroup')} <QuestionCircleOutlined className="jw-muted" />
                      </span>
                    </Tooltip>
                  ),
                  key: 'backlog',
                  className: 'sc-col-backlog',
                  children: [
                    {
                      title: t('screen.overdue'),
                      key: 'bo',
                      align: 'right',
                      className: 'sc-col-backlog',
                      render: (_, r) => (
                        <span className="jw-num" style={red(r.backlog.overdue)} data-testid={`station-officer-backlog-${r.person.id}`} data-overdue={r.backlog.overdue} data-yellow={r.backlog.yellow} data-red={r.backlog.red}>
                          {r.backlog.overdue}
                        </span>
                      ),
                    },
                    { title: t('task.card.yellow'), key: 'by', align: 'right', className: 'sc-col-backlog', render: (_, r) => <span className="jw-num" style={red(r.backlog.yellow)}>{r.backlog.yellow}</span> },
                    { title: t('task.card.red'), key: 'br', align: 'right', className: 'sc-col-backlog', render: (_, r) => <span className="jw-num" style={red(r.backlog.red)}>{r.backlog.red}</span> },
                  ],
                },
                { title: t('screen.monthScore'), key: 's', align: 'right', render: (_, r) => (r.total === null ? <span className="jw-muted">{t('ind.na')}</span> : formatNumber(r.total)) },
                { title: t('screen.rank'), key: 'r', align: 'right', render: (_, r) => r.rank ?? '—' },
              ]}
            />
          </section>
          <section className="sc-panel" data-testid="station-indicators">
            <h3>{t('screen.stationIndicators', { p: data.indicators?.period ?? '' })}</h3>
            {data.indicators ? <IndicatorList values={data.indicators.values} compact /> : <div className="jw-muted">{t('ind.none')}</div>}
          </section>
        </div>

        <section className="sc-panel" data-testid="station-supervision">
          <h3>{t('screen.supervision')}</h3>
          <Tabs
            size="small"
            items={[
              {
                key: 'overdue',
                label: `${t('screen.overdueAll')} ${sup.counts.overdue}`,
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={{ pageSize: 12, hideOnSinglePage: true }}
                    dataSource={sup.items}
                    columns={taskCols}
                    scroll={{ x: 432 }}
                    onRow={supRow}
                    locale={{ emptyText: t('screen.noOverdue') }}
                  />
                ),
              },
              {
                key: 'ext',
                label: (
                  <span data-testid="station-tab-ext">
                    {t('screen.extensions')} {ext.length}
                  </span>
                ),
                children: ext.length ? (
                  ext.map((x) => (
                    <div className="tk-card" key={x.id} data-testid={`ext-${x.id}`}>
                      <div className="tk-card-head">
                        <b>{x.person.name}</b>
                        <TaskStatusTags task={x} now={now} />
                      </div>
                      <div className="tk-name">{x.template.name}</div>
                      <div className="tk-meta">
                        {t('screen.extAsk', { from: dueClock(x.dueAt, now, lang), to: x.pendingExtension ? dueClock(x.pendingExtension.until, now, lang) : '—' })}
                      </div>
                      {x.pendingExtension && <div style={{ margin: '4px 0' }}>{x.pendingExtension.reason}</div>}
                      <div className="tk-foot">
                        <Button size="small" type="link" onClick={() => setDetailId(x.id)} data-testid={`ext-detail-${x.id}`} className="tk-detail-link">
                          {t('task.detailOpen')}
                        </Button>
                        <span className="tk-actions">
                          <Button size="small" danger onClick={() => setDeciding({ task: x, approve: false })} data-testid={`ext-reject-${x.id}`}>
                            {t('screen.reject')}
                          </Button>
                          <Button size="small" type="primary" onClick={() => setDeciding({ task: x, approve: true })} data-testid={`ext-approve-${x.id}`}>
                            {t('screen.approve')}
                          </Button>
                        </span>
                      </div>
                    </div>
                  ))
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('screen.noExtensions')} />
                ),
              },
            ]}
          />
          <div className="jw-muted" style={{ fontSize: 12 }}>
            {t('screen.supCounts', { r: sup.counts.reminder, y: sup.counts.yellow, red: sup.counts.red })}
          </div>
        </section>

        <section className="sc-panel" data-testid="station-incidents">
          <h3>{t('screen.openIncidents', { open: data.incidents.open, today: data.incidents.today })}</h3>
          {data.incidents.items.length === 0 && <div className="jw-muted">{t('screen.noIncidents')}</div>}
          {data.incidents.items.slice(0, 30).map((i) => (
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

      <AssignModal
        open={assigning}
        onClose={() => setAssigning(false)}
        role={user?.role}
        station={data.station}
        onDone={(n) => {
          setAssigning(false);
          void message.success(t('assign.done', { n }));
          void load();
        }}
      />
      <OfficerDayDrawer person={officer} date={data.date} onClose={() => setOfficer(null)} />
      <TaskDetailDrawer taskId={detailId} onClose={() => setDetailId(null)} />
      <DecisionModal
        decision={deciding}
        onClose={() => setDeciding(null)}
        onDone={(approved) => {
          setDeciding(null);
          void message.success(t(approved ? 'screen.approved' : 'screen.rejected'));
          void load();
        }}
      />
    </div>
  );
}

function Kpi({ n, label, color }: { n: number | string; label: string; color: string }) {
  return (
    <div className="sc-kpi">
      <div className="sc-kpi-n jw-num" style={{ color }}>
        {n}
      </div>
      <div className="sc-kpi-label">{label}</div>
    </div>
  );
}

function DecisionModal({ decision, onClose, onDone }: { decision: Decision | null; onClose: () => void; onDone: (approved: boolean) => void }) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    setNote('');
    setErr(null);
  }, [decision]);
  const submit = async () => {
    if (!decision) return;
    setBusy(true);
    setErr(null);
    try {
      const body = { version: decision.task.version, ...(note.trim() ? { note: note.trim() } : {}) };
      if (decision.approve) await tasksApi.approveExtension(decision.task.id, body);
      else await tasksApi.rejectExtension(decision.task.id, body);
      onDone(decision.approve);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!decision}
      title={decision ? t(decision.approve ? 'screen.approveTitle' : 'screen.rejectTitle', { name: decision.task.template.name }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: busy, danger: decision ? !decision.approve : false, 'data-testid': 'decision-submit' } as never}
      okText={decision?.approve ? t('screen.approve') : t('screen.reject')}
      destroyOnHidden
    >
      {err !== null && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errorText(err, lang)} />}
      <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('screen.decisionNote')} maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
    </Modal>
  );
}
