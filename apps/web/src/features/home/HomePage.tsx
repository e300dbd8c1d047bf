// The officer's home (/ for officers; 390 px first): what matters now, in order: the live dispatch, instructions,
// today's checklist (作战小屏), the patrol route and check-ins.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Skeleton, Typography } from 'antd';
import { CompassOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { FieldView, MyScreen } from '@jingwang/contracts';
import { api, tasksApi } from '../../api/endpoints';
import { useI18n } from '../../app/i18n';
import { countStops } from '../patrol/helpers';
import { MdtCard } from '../field/MdtCard';
import { useMdt } from '../field/MdtProvider';
import { OutboxBar } from '../field/OutboxBar';
import { MyInstructions } from '../instructions/MyInstructions';
import '../field/mdt.css';

export default function HomePage() {
  const { t } = useI18n();
  const { assignments, loaded } = useMdt();
  const [screen, setScreen] = useState<MyScreen | null | undefined>(undefined);
  const [field, setField] = useState<FieldView | null | undefined>(undefined);

  useEffect(() => {
    const ctl = new AbortController();
    tasksApi.myScreen({}, ctl.signal).then(setScreen, () => setScreen(null));
    api.patrolField(undefined, ctl.signal).then(setField, () => setField(null));
    return () => ctl.abort();
  }, []);

  const tasks = screen?.tasks.counts;
  const stops = field?.route ? countStops(field.route.stops) : null;
  return (
    <div className="jw-home" data-testid="officer-home">
      <OutboxBar />
      <section data-testid="home-dispatch">
        <Typography.Title level={5}>{t('mdt.title')}</Typography.Title>
        {!loaded ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : assignments.length === 0 ? (
          <Card size="small">
            <Typography.Text type="secondary" data-testid="mdt-none">
              {t('mdt.none')}
            </Typography.Text>
          </Card>
        ) : (
          assignments.map((a) => <MdtCard key={a.id} assignment={a} />)
        )}
      </section>
      <MyInstructions />
      <Card
        size="small"
        title={<><UnorderedListOutlined /> {t('home.checklist')}</>}
        extra={<Link to="/me">{t('home.openChecklist')}</Link>}
        data-testid="home-checklist"
      >
        {screen === undefined ? <Skeleton active paragraph={{ rows: 1 }} /> : tasks ? t('home.checklistSummary', { done: tasks.done, total: tasks.total, overdue: tasks.overdue }) : '—'}
      </Card>
      <Card size="small" title={<><CompassOutlined /> {t('home.patrol')}</>} data-testid="home-patrol">
        {field === undefined ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : (
          <div className="jw-mdt-row">
            <span>{field?.plan && stops ? t('home.patrolSummary', { shift: field.plan.shiftName, done: stops.done, total: stops.total }) : t('home.noPatrol')}</span>
            <Link to="/field">
              <Button type="primary" ghost>
                {t('home.openPatrol')}
              </Button>
            </Link>
          </div>
        )}
      </Card>
    </div>
  );
}
