// 考核 (/assessment), for leaders: a plan's scores for a month (officers, stations or districts): rank, total, coverage,
// each indicator's score (not available = excluded, its weight shared out among the others), and the four stars
// proposed (服务之星 / 防范之星 / 调解之星 / 破案之星) for people to confirm.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Empty, Result, Segmented, Select, Spin, Table, Tag, Tooltip } from 'antd';
import { ReloadOutlined, StarFilled } from '@ant-design/icons';
import type { Assessment, IndicatorDefT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatNumber, isLeader, monthOf, previousMonth, renormalisation, scoreHex } from '../tasks/helpers';
import './assessment.css';

const STAR_TAG = { proposed: 'gold', confirmed: 'green', rejected: 'default' } as const;

type Plan = 'officer_monthly' | 'station_monthly' | 'district_monthly';
type Row = Assessment['subjects'][number];

export default function AssessmentPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [plan, setPlan] = useState<Plan>('officer_monthly');
  const thisMonth = monthOf(Date.now());
  const [period, setPeriod] = useState(thisMonth);
  const [data, setData] = useState<Assessment | null>(null);
  const [defs, setDefs] = useState<IndicatorDefT[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (fresh = false) => {
      setLoading(true);
      try {
        setData(await tasksApi.assessment({ plan, period, ...(fresh ? { fresh: true } : {}) }));
        setError(null);
      } catch (e) {
        setError(e);
        setData(null);
      } finally {
        setLoading(false);
      }
    },
    [plan, period],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    tasksApi
      .indicatorDefs()
      .then(setDefs)
      .catch(() => setDefs([]));
  }, []);

  const names = useMemo(() => new Map(defs.map((d) => [d.code, lang === 'en' && d.nameEn ? d.nameEn : d.name])), [defs, lang]);
  const units = useMemo(() => new Map(defs.map((d) => [d.code, d.unit])), [defs]);
  const codes = data?.subjects[0]?.items.map((i) => i.indicator) ?? [];
  // the renormalisation in one line, from the plan's items as most subjects have them
  const renorm = useMemo(() => {
    const first = data?.subjects.find((s) => s.total !== null) ?? data?.subjects[0];
    return first ? renormalisation(first.items) : null;
  }, [data]);

  if (!isLeader(user?.role)) return <Result status="403" title={t('screen.leadersOnly')} />;

  const columns = [
    { title: t('assess.rank'), key: 'rank', width: 60, fixed: 'left' as const, render: (_: unknown, r: Row) => (r.rank === null ? <span className="jw-muted">—</span> : <b>{r.rank}</b>) },
    { title: t('assess.subject'), key: 'subject', width: 150, fixed: 'left' as const, render: (_: unknown, r: Row) => r.subject.name },
    ...(plan === 'officer_monthly' ? [{ title: t('assess.station'), key: 'station', width: 150, render: (_: unknown, r: Row) => r.station?.name ?? '—' }] : []),
    {
      title: t('assess.total'),
      key: 'total',
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: Row) =>
        r.total === null ? (
          <Tooltip title={r.note === 'insufficient_data' ? t('assess.insufficientHelp', { c: Math.round(r.coverage * 100) }) : r.note}>
            <Tag>{t('assess.unranked')}</Tag>
          </Tooltip>
        ) : (
          <b className="jw-num" style={{ color: scoreHex(r.total) }}>
            {formatNumber(r.total)}
          </b>
        ),
    },
    {
      title: t('assess.coverage'),
      key: 'coverage',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, r: Row) => <span className="jw-num">{Math.round(r.coverage * 100)}%</span>,
    },
    ...codes.map((code) => ({
      title: (
        <Tooltip title={names.get(code) ?? code}>
          <span className="as-col">{names.get(code) ?? code}</span>
        </Tooltip>
      ),
      key: code,
      width: 96,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const it = r.items.find((i) => i.indicator === code);
        if (!it || !it.available || it.score === null)
          return (
            <Tooltip title={t('assess.excludedHelp', { w: it ? formatNumber(it.weight) : '' })}>
              <span className="as-excluded">{t('assess.excluded')}</span>
            </Tooltip>
          );
        const unit = units.get(code) ?? '';
        return (
          <Tooltip title={t('assess.cellHelp', { v: it.value === null ? '—' : `${formatNumber(it.value)}${unit}`, w: formatNumber(it.weight), ew: formatNumber(it.effectiveWeight) })}>
            <span className="jw-num" style={{ color: scoreHex(it.score) }}>
              {formatNumber(it.score, 0)}
            </span>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <div className="jw-page as-page" data-testid="assessment-page">
      <div className="jw-page-head">
        <h2 className="jw-page-title">{data?.plan.name ?? t('nav.assessment')}</h2>
        <div className="as-tools">
          <Segmented
            value={plan}
            onChange={(v) => setPlan(v as Plan)}
            options={[
              { value: 'officer_monthly', label: t('assess.officers') },
              { value: 'station_monthly', label: t('assess.stations') },
              { value: 'district_monthly', label: t('assess.districts') },
            ]}
          />
          <Select
            value={period}
            onChange={setPeriod}
            style={{ width: 170 }}
            options={[thisMonth, previousMonth(thisMonth), previousMonth(previousMonth(thisMonth))].map((p) => ({ value: p, label: p === thisMonth ? t('assess.thisMonth', { p }) : p }))}
          />
          <Button icon={<ReloadOutlined spin={loading} />} onClick={() => void load(true)}>
            {t('assess.recompute')}
          </Button>
        </div>
      </div>
      {error !== null && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={errorText(error, lang)} />}
      {!data && loading && (
        <div className="jw-center">
          <Spin />
        </div>
      )}
      {data && (
        <>
          <div className="as-stars" data-testid="assessment-stars">
            {data.stars.map((s) => (
              <div className={`as-star is-${s.reason}`} key={s.star}>
                <div className="as-star-title">
                  <StarFilled /> {t(`assess.star.${s.star}`)}
                </div>
                {s.subjects.length ? (
                  <div className="as-star-who">
                    {s.subjects.map((x) => {
                      const d = x.decision ?? { status: 'proposed' as const, version: 0, history: [] };
                      const last = d.history[d.history.length - 1];
                      const decide = async (decision: 'confirmed' | 'rejected') => {
                        try {
                          await tasksApi.decideStar({ plan, period: data.period, star: s.star, subjectId: x.subject.id, decision, version: d.version });
                          await load();
                        } catch (e) {
                          setError(e);
                        }
                      };
                      return (
                        <div className="as-star-row" key={x.subject.id} data-testid={`star-${s.star}-${x.subject.id}`} data-status={d.status}>
                          <span>
                            {x.subject.name}（{formatNumber(x.score)}）
                          </span>
                          <Tooltip title={last ? t('assess.starBy', { by: last.by, at: new Date(last.at).toLocaleString(), note: last.note ?? '' }) : undefined}>
                            <Tag color={STAR_TAG[d.status]}>{t(`assess.starStatus.${d.status}`)}</Tag>
                          </Tooltip>
                          {isLeader(user?.role) && d.status !== 'confirmed' && (
                            <Button size="small" type="link" onClick={() => void decide('confirmed')}>
                              {t('assess.starConfirm')}
                            </Button>
                          )}
                          {isLeader(user?.role) && d.status !== 'rejected' && (
                            <Button size="small" type="link" danger onClick={() => void decide('rejected')}>
                              {t('assess.starReject')}
                            </Button>
                          )}
                        </div>
                      );
                    })}
                  </div>
                ) : (
                  <div className="as-star-none">{s.reason === 'no_data' ? t('assess.starNoData') : t('assess.starBelow', { best: s.bestScore === null ? '—' : formatNumber(s.bestScore) })}</div>
                )}
              </div>
            ))}
          </div>
          <div className="as-note" data-testid="assessment-note">
            {t('assess.renorm')}
            {renorm && renorm.excludedWeight > 0 && renorm.factor !== null && ` ${t('assess.renormNow', { x: formatNumber(renorm.excludedWeight), total: formatNumber(renorm.totalWeight), f: formatNumber(renorm.factor, 2) })}`}
            {' '}
            {t('assess.starsNote')}
          </div>
          {data.subjects.length === 0 ? (
            <Empty description={t('assess.empty')} />
          ) : (
            <Table
              size="small"
              rowKey={(r) => r.subject.id}
              dataSource={[...data.subjects].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.coverage - a.coverage) || a.subject.name.localeCompare(b.subject.name, 'zh'))}
              columns={columns}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="assessment-table"
            />
          )}
          <div className="jw-muted" style={{ marginTop: 6, fontSize: 12 }}>
            {t('assess.computedAt', { at: new Date(data.computedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}
          </div>
        </>
      )}
    </div>
  );
}
