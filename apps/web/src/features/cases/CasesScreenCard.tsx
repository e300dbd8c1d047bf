// The cases-in-hand card of 作战小屏 (mine) and 所屏 (the station's): counts and the nearest deadlines, each a link
// to the case. The counts come from /api/cases/screen (the same rules as the list: reasons overdue / due soon).
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Tag, Typography } from 'antd';
import { CASE_STATUS_LABELS } from '@jingwang/core';
import type { CaseScreenT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { casesApi } from './api';
import { countdown, LADDER_COLOR } from './helpers';
import './cases.css';

export function CasesScreenCard({ mine, refreshKey }: { mine: boolean; refreshKey?: unknown }) {
  const { t, label, lang } = useI18n();
  const now = useNow(30_000);
  const [d, setD] = useState<CaseScreenT | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    casesApi
      .screen(mine, ac.signal)
      .then((x) => !ac.signal.aborted && setD(x))
      .catch(() => undefined);
    return () => ac.abort();
  }, [mine, refreshKey]);
  if (!d) return null;
  return (
    <Card size="small" className="cs-screen-card" data-testid="cases-screen-card" title={t('cases.screenTitle')} extra={<Link to="/cases">{t('cases.screenMore')}</Link>}>
      <div className="cs-counts">
        <span data-testid="cases-screen-open">
          {t('cases.screenOpen')} <b>{d.open}</b>
        </span>
        <span data-testid="cases-screen-overdue" data-value={d.overdue}>
          {t('cases.screenOverdue')} <b style={{ color: d.overdue ? '#f5222d' : undefined }}>{d.overdue}</b>
        </span>
        <span>
          {t('cases.screenDueSoon')} <b>{d.dueSoon}</b>
        </span>
      </div>
      {d.next.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noDeadline')} />
      ) : (
        d.next.map((c) => {
          const left = countdown(c.deadline!.dueAt, now, lang);
          return (
            <div key={c.id} className="cs-item" data-testid="cases-screen-item" data-id={c.id} data-overdue={left.overdue}>
              <Link to={`/cases?id=${c.id}`}>{c.title}</Link> <Tag>{label(CASE_STATUS_LABELS, c.status)}</Tag>
              <Typography.Text type={left.overdue ? 'danger' : 'secondary'}>{left.text}</Typography.Text>
              {c.ladder !== 'none' && c.ladder !== 'due_soon' && <Tag color={LADDER_COLOR[c.ladder]}>{t(`cases.ladder.${c.ladder}` as 'cases.ladder.red')}</Tag>}
            </div>
          );
        })
      )}
    </Card>
  );
}
