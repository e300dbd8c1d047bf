// 日报: the daily report of a plan (GET /api/patrol/plans/:id/report): totals, per team (points visited / missed, risk
// covered, km, hours, check-ins by method) and the 见警率 measure per two-hour window as a bar chart.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Spin, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { PatrolReport } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatRate } from '../../lib/dispatch';
import { rateColor } from '../../lib/compliance';
import { EChart, type ChartOption } from '../../components/EChart';
import { clock, formatRisk, riskShare } from './helpers';

type TeamRow = PatrolReport['teams'][number];

export function ReportPanel({ planId, nonce }: { planId: number; nonce: number }) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const [report, setReport] = useState<PatrolReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => setReport(null), [planId]);
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    api
      .patrolReport(planId, ac.signal)
      .then((r) => {
        if (ac.signal.aborted) return;
        setReport(r);
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [planId, nonce, reload]);

  const option = useMemo<ChartOption>(() => {
    const v = report?.visibility ?? [];
    return {
      animation: false,
      grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: { dataIndex: number }[]) => {
          const w = v[p[0]?.dataIndex ?? 0];
          if (!w) return '';
          return `<b>${clock(w.from)}–${clock(w.to)}</b><br/>${t('preport.visibility')}: <b>${formatRate(w.share)}</b><br/>${t('preport.patrolledCells', { n: w.patrolled, total: w.highRiskCells })}`;
        },
      },
      xAxis: { type: 'category', data: v.map((w) => `${clock(w.from)}–${clock(w.to)}`), axisLabel: { color: '#5b6b82', fontSize: phone ? 10 : 12, interval: 0, rotate: phone && v.length > 4 ? 30 : 0 }, axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#5b6b82' }, splitLine: { lineStyle: { color: '#eef1f5' } } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 36,
          data: v.map((w) => ({ value: Math.round(w.share * 1000) / 10, itemStyle: { color: rateColor(w.highRiskCells ? w.share : null) } })),
          label: { show: true, position: 'top', formatter: (p: { value: number }) => `${p.value}%`, color: '#3a4b63', fontSize: 11 },
        },
      ],
    };
  }, [report, t, phone]);

  if (!report) {
    return (
      <div className="pt-report" data-testid="plan-report" data-loaded="0">
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : <Spin spinning={loading}><div style={{ height: 120 }} /></Spin>}
      </div>
    );
  }

  const tot = report.totals;
  const covered = riskShare(tot.riskCovered, tot.riskTotal);
  const num = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const columns = [
    { title: t('preport.team'), dataIndex: 'callsign', key: 'callsign', fixed: 'left' as const, width: 96, render: (v: string) => <b>{v}</b> },
    {
      title: t('preport.points'),
      key: 'points',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, r: TeamRow) => (
        <span className="jw-num">
          {r.pointsVisited}/{r.pointsPlanned}
        </span>
      ),
    },
    { title: t('preport.missed'), dataIndex: 'pointsMissed', key: 'missed', width: 64, align: 'right' as const, render: (v: number) => <span className={v ? 'pt-bad' : ''}>{v}</span> },
    {
      title: t('preport.riskCovered'),
      key: 'risk',
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: TeamRow) => (
        <span className="jw-num">
          {formatRisk(r.riskCovered)} / {formatRisk(r.riskPlanned)}
        </span>
      ),
    },
    { title: 'km', dataIndex: 'km', key: 'km', width: 64, align: 'right' as const, render: (v: number) => <span className="jw-num">{num(v)}</span> },
    { title: t('preport.hours'), dataIndex: 'hoursOnPatrol', key: 'h', width: 64, align: 'right' as const, render: (v: number) => <span className="jw-num">{num(v)}</span> },
    {
      title: t('preport.checkinsBy'),
      key: 'ck',
      width: 130,
      render: (_: unknown, r: TeamRow) => (
        <span className="jw-num" title={t('preport.checkinsHelp')}>
          {r.checkins.geofence} / {r.checkins.qr} / {r.checkins.manual}
        </span>
      ),
    },
    { title: t('preport.offRoute'), dataIndex: 'offRouteFlags', key: 'off', width: 70, align: 'right' as const, render: (v: number) => <span className={v ? 'pt-bad' : ''}>{v}</span> },
  ];

  return (
    <div className="pt-report" data-testid="plan-report" data-loaded="1">
      <div className="pt-section-head">
        <span className="jw-muted">
          {report.areaName} · {report.date} {report.shiftName} · {t('preport.until', { time: dayjs(report.until).format('MM-DD HH:mm') })}
        </span>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} loading={loading} aria-label={t('common.refresh')} />
      </div>
      <div className="pt-kpis">
        <div className="jw-kpi">
          <div className="jw-kpi-value">
            {tot.pointsVisited}/{tot.pointsPlanned}
          </div>
          <div className="jw-kpi-label">{t('preport.pointsVisited')}</div>
        </div>
        <div className="jw-kpi">
          <div className={`jw-kpi-value ${tot.pointsMissed ? 'pt-bad' : ''}`}>{tot.pointsMissed}</div>
          <div className="jw-kpi-label">{t('preport.pointsMissed')}</div>
        </div>
        <div className="jw-kpi">
          <div className="jw-kpi-value">{formatRate(covered)}</div>
          <div className="jw-kpi-label">{t('preport.riskCoveredShare')}</div>
        </div>
        <div className="jw-kpi">
          <div className="jw-kpi-value">{num(tot.km)}</div>
          <div className="jw-kpi-label">{t('preport.kmTotal')}</div>
        </div>
        <div className="jw-kpi">
          <div className="jw-kpi-value">{num(tot.hoursOnPatrol)}</div>
          <div className="jw-kpi-label">{t('preport.hoursTotal')}</div>
        </div>
        <div className="jw-kpi">
          <div className={`jw-kpi-value ${report.flags.off_route + report.flags.missed_point + report.flags.absent ? 'pt-bad' : ''}`}>
            {report.flags.off_route + report.flags.missed_point + report.flags.absent}
          </div>
          <div className="jw-kpi-label">{t('preport.flags')}</div>
        </div>
      </div>

      <div className="jw-card pt-report-chart">
        <div className="jw-card-title">{t('preport.visibilityTitle')}</div>
        {report.visibility.length ? (
          <EChart option={option} height={phone ? 200 : 230} testId="chart-visibility" label={t('preport.visibilityTitle')} />
        ) : (
          <div className="jw-report-empty">{t('report.empty')}</div>
        )}
        <Typography.Paragraph type="secondary" className="jw-report-note">
          {t('preport.visibilityNote')}
        </Typography.Paragraph>
      </div>

      <div className="jw-card">
        <div className="jw-card-title">{t('preport.byTeam')}</div>
        {phone ? (
          <div className="jw-mlist" data-testid="report-teams">
            {report.teams.map((r) => (
              <div key={r.unitId} className="jw-mcard">
                <div className="jw-mcard-row">
                  <b className="jw-mcard-title">{r.callsign}</b>
                  <span className="jw-mcard-right">
                    {t('preport.points')} {r.pointsVisited}/{r.pointsPlanned}
                    {r.pointsMissed > 0 && <span className="pt-bad"> · {t('preport.missed')} {r.pointsMissed}</span>}
                  </span>
                </div>
                <div className="jw-mcard-sub jw-num">
                  {t('preport.riskCovered')} {formatRisk(r.riskCovered)}/{formatRisk(r.riskPlanned)} · {num(r.km)} km · {num(r.hoursOnPatrol)} h
                </div>
                <div className="jw-mcard-sub">
                  {t('preport.checkinsBy')} {r.checkins.geofence} / {r.checkins.qr} / {r.checkins.manual} · {t('preport.offRoute')} {r.offRouteFlags}
                </div>
              </div>
            ))}
          </div>
        ) : (
          <Table<TeamRow>
            size="small"
            bordered
            rowKey="unitId"
            dataSource={report.teams}
            columns={columns}
            pagination={false}
            scroll={{ x: 700 }}
            data-testid="report-teams"
            locale={{ emptyText: t('report.empty') }}
          />
        )}
        <Typography.Paragraph type="secondary" className="jw-report-note">
          {t('preport.checkinsHelp')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
