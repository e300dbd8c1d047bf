// 反诈统计: per station (community, grid) the warnings, outcomes, money lost and avoided, follow-ups and timeliness
// (GET /api/stats/fraud), a table and a bar chart of dissuaded vs money lost per area.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Spin, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { AREA_KIND_LABELS, type FraudStats } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatRate } from '../../lib/dispatch';
import { EChart, type ChartOption } from '../../components/EChart';
import { formatMoney, onTimeRate, statsTotals } from './helpers';

type Level = 'station' | 'community' | 'grid';
const LEVELS: Level[] = ['station', 'community', 'grid'];
const LEVEL_KEY = 'jw.fraud.level';
const C_DISSUADED = '#389e0d';
const C_LOST = '#cf1322';

function initialLevel(): Level {
  try {
    const v = localStorage.getItem(LEVEL_KEY);
    if (v && (LEVELS as string[]).includes(v)) return v as Level;
  } catch {
    /* ignore */
  }
  return 'station';
}

type Row = FraudStats['rows'][number] & { key: string };

export function StatsPanel({ phone }: { phone: boolean }) {
  const { t, label, lang } = useI18n();
  const [level, setLevelState] = useState<Level>(initialLevel);
  const [period, setPeriod] = useState(() => ({ from: dayjs().subtract(30, 'day').toISOString(), to: dayjs().toISOString() }));
  const [stats, setStats] = useState<FraudStats | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);

  const setLevel = (l: Level) => {
    setLevelState(l);
    try {
      localStorage.setItem(LEVEL_KEY, l);
    } catch {
      /* ignore */
    }
  };

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    api
      .fraudStats({ level, from: period.from, to: period.to }, ac.signal)
      .then((s) => !ac.signal.aborted && setStats(s))
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [level, period, nonce]);

  const rows = useMemo<Row[]>(() => (stats?.rows ?? []).map((r) => ({ ...r, key: String(r.areaId) })), [stats]);
  const totals = useMemo(() => statsTotals(stats?.rows ?? []), [stats]);

  const presets = useMemo(() => {
    const now = dayjs();
    return [
      { label: t('report.today'), value: [now.startOf('day'), now] as [Dayjs, Dayjs] },
      { label: t('report.last7'), value: [now.subtract(7, 'day'), now] as [Dayjs, Dayjs] },
      { label: t('report.last30'), value: [now.subtract(30, 'day'), now] as [Dayjs, Dayjs] },
      { label: t('report.thisMonth'), value: [now.startOf('month'), now] as [Dayjs, Dayjs] },
    ];
  }, [t]);
  const onRange = (v: [Dayjs | null, Dayjs | null] | null) => {
    if (!v || !v[0] || !v[1]) return;
    const now = dayjs();
    const preset = presets.find((p) => p.value[0].isSame(v[0]!) && p.value[1].isSame(v[1]!));
    const from = preset ? v[0] : v[0].startOf('day');
    let to = preset ? v[1] : v[1].endOf('day').add(1, 'millisecond');
    if (to.isAfter(now)) to = now;
    if (!from.isBefore(to)) return;
    setPeriod({ from: from.toISOString(), to: to.toISOString() });
  };

  // ---- chart: dissuaded vs money lost per area (areas with an outcome of either kind)
  const barRows = useMemo(() => rows.filter((r) => r.dissuaded + r.moneyLost > 0).sort((a, b) => a.dissuaded + a.moneyLost - (b.dissuaded + b.moneyLost)), [rows]);
  const barHeight = Math.max(phone ? 200 : 260, Math.min(900, barRows.length * 34 + 60));
  const dissuadedName = t('fraud.stats.dissuaded');
  const lostName = t('fraud.stats.moneyLost');
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 40, top: 30, bottom: 20, containLabel: true },
      legend: { top: 0, data: [dissuadedName, lostName] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: { dataIndex: number }[]) => {
          const r = barRows[p[0]?.dataIndex ?? 0];
          if (!r) return '';
          return `<b>${r.areaName}</b><br/>${dissuadedName}: <b>${r.dissuaded}</b> · ${t('fraud.stats.lossAvoided')} ${formatMoney(r.lossAvoided)}<br/>${lostName}: <b>${r.moneyLost}</b> · ${t('fraud.stats.lossAmount')} ${formatMoney(r.lossAmount)}`;
        },
      },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#5b6b82' }, splitLine: { lineStyle: { color: '#eef1f5' } } },
      yAxis: { type: 'category', data: barRows.map((r) => r.areaName), axisLabel: { color: '#1f2d3d', width: phone ? 90 : 160, overflow: 'truncate' }, axisTick: { show: false } },
      series: [
        { name: dissuadedName, type: 'bar', barMaxWidth: 14, data: barRows.map((r) => r.dissuaded), itemStyle: { color: C_DISSUADED }, label: { show: true, position: 'right', fontSize: 11, color: '#3a4b63' } },
        { name: lostName, type: 'bar', barMaxWidth: 14, data: barRows.map((r) => r.moneyLost), itemStyle: { color: C_LOST }, label: { show: true, position: 'right', fontSize: 11, color: '#3a4b63' } },
      ],
    }),
    [barRows, phone, t, dissuadedName, lostName],
  );

  const n = (a: number, b: number) => a - b;
  const right = 'right' as const;
  const money = (v: number) => <span className="jw-num">{formatMoney(v)}</span>;
  const columns = [
    { title: t('fraud.stats.area'), dataIndex: 'areaName', key: 'name', fixed: 'left' as const, width: 160, ellipsis: true, render: (v: string) => <b>{v}</b> },
    { title: t('fraud.stats.warnings'), dataIndex: 'warnings', key: 'warnings', align: right, width: 70, sorter: (a: Row, b: Row) => n(a.warnings, b.warnings) },
    { title: t('fraud.stats.rejected'), dataIndex: 'rejected', key: 'rejected', align: right, width: 64 },
    { title: t('fraud.stats.open'), dataIndex: 'open', key: 'open', align: right, width: 70 },
    {
      title: t('fraud.stats.overdue'),
      dataIndex: 'overdue',
      key: 'overdue',
      align: right,
      width: 64,
      sorter: (a: Row, b: Row) => n(a.overdue, b.overdue),
      render: (v: number) => <span className={v > 0 ? 'pt-bad' : ''}>{v}</span>,
    },
    { title: t('fraud.stats.dissuaded'), dataIndex: 'dissuaded', key: 'dissuaded', align: right, width: 80, sorter: (a: Row, b: Row) => n(a.dissuaded, b.dissuaded) },
    { title: t('fraud.stats.moneyLost'), dataIndex: 'moneyLost', key: 'moneyLost', align: right, width: 64, sorter: (a: Row, b: Row) => n(a.moneyLost, b.moneyLost) },
    { title: t('fraud.stats.unreachable'), dataIndex: 'unreachable', key: 'unreachable', align: right, width: 80 },
    { title: t('fraud.stats.lossAmount'), dataIndex: 'lossAmount', key: 'lossAmount', align: right, width: 110, render: money, sorter: (a: Row, b: Row) => n(a.lossAmount, b.lossAmount) },
    { title: t('fraud.stats.lossAvoided'), dataIndex: 'lossAvoided', key: 'lossAvoided', align: right, width: 110, render: money, sorter: (a: Row, b: Row) => n(a.lossAvoided, b.lossAvoided) },
    { title: t('fraud.stats.followedUp'), dataIndex: 'followedUp', key: 'followedUp', align: right, width: 70 },
    {
      title: t('fraud.stats.median'),
      dataIndex: 'medianMinutesToOutcome',
      key: 'median',
      align: right,
      width: 110,
      render: (v: number | null) => <span className="jw-num">{v === null ? '—' : t('fraud.stats.minutes', { n: v })}</span>,
      sorter: (a: Row, b: Row) => (a.medianMinutesToOutcome ?? Infinity) - (b.medianMinutesToOutcome ?? Infinity),
    },
    {
      title: t('fraud.stats.onTime'),
      dataIndex: 'onTime',
      key: 'onTime',
      align: right,
      width: 100,
      render: (v: number, r: Row) => (
        <span className="jw-num">
          {v} <span className="jw-muted">({formatRate(onTimeRate(r))})</span>
        </span>
      ),
    },
  ];

  const kpis: [string, string, string?][] = [
    [t('fraud.stats.warnings'), String(totals.warnings)],
    [t('fraud.stats.open'), String(totals.open)],
    [t('fraud.stats.overdue'), String(totals.overdue), totals.overdue ? C_LOST : undefined],
    [t('fraud.stats.dissuaded'), String(totals.dissuaded), C_DISSUADED],
    [t('fraud.stats.moneyLost'), String(totals.moneyLost), totals.moneyLost ? C_LOST : undefined],
    [t('fraud.stats.lossAvoided'), formatMoney(totals.lossAvoided)],
    [t('fraud.stats.lossAmount'), formatMoney(totals.lossAmount)],
    [t('fraud.stats.onTime'), formatRate(onTimeRate(totals))],
  ];

  return (
    <div className="fr-stats" data-testid="fraud-stats" data-loaded={stats && !loading ? '1' : '0'}>
      <Space wrap size={8} className="fr-stats-tools">
        <Select<Level>
          value={level}
          onChange={setLevel}
          style={{ width: 150 }}
          aria-label={t('fraud.stats.level')}
          data-testid="fraud-stats-level"
          options={LEVELS.map((l) => ({ value: l, label: label(AREA_KIND_LABELS, l) }))}
        />
        <DatePicker.RangePicker
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(v) => onRange(v as [Dayjs | null, Dayjs | null] | null)}
          presets={presets}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          format="YYYY-MM-DD"
          style={{ width: phone ? '100%' : 260 }}
          aria-label={t('fraud.stats.period')}
        />
        <Button icon={<ReloadOutlined />} onClick={() => setNonce((x) => x + 1)} loading={loading}>
          {!phone && t('common.refresh')}
        </Button>
      </Space>
      {!!error && <Alert type="error" showIcon title={errorText(error, lang)} style={{ margin: '8px 0' }} />}
      <Spin spinning={loading && !stats}>
        <div className="jw-report-kpis fr-kpis" data-testid="fraud-stats-totals">
          {kpis.map(([k, v, c]) => (
            <div key={k} className="jw-kpi">
              <div className="jw-kpi-value" style={c ? { color: c } : undefined}>
                {v}
              </div>
              <div className="jw-kpi-label">{k}</div>
            </div>
          ))}
        </div>
        <div className="jw-card fr-chart">
          <div className="jw-card-title">
            {t('fraud.stats.chart')} · {label(AREA_KIND_LABELS, level)}
          </div>
          {barRows.length ? (
            <div className="jw-report-bars" style={{ maxHeight: 460 }}>
              <EChart option={option} height={barHeight} testId="fraud-chart" label={t('fraud.stats.chart')} />
            </div>
          ) : (
            <div className="jw-report-empty">{t('fraud.stats.empty')}</div>
          )}
        </div>
        <div className="jw-card">
          {phone ? (
            <div className="jw-mlist" data-testid="fraud-stats-table">
              {rows.length === 0 && <div className="jw-report-empty">{t('fraud.stats.empty')}</div>}
              {rows.map((r) => (
                <div key={r.key} className="jw-mcard">
                  <div className="jw-mcard-row">
                    <b className="jw-mcard-title">{r.areaName}</b>
                    <span className="jw-mcard-right">
                      {t('fraud.stats.warnings')} {r.warnings}
                    </span>
                  </div>
                  <div className="jw-mcard-sub">
                    {t('fraud.stats.open')} {r.open} · <span className={r.overdue ? 'pt-bad' : ''}>{t('fraud.stats.overdue')} {r.overdue}</span> · {t('fraud.stats.rejected')} {r.rejected}
                  </div>
                  <div className="jw-mcard-sub">
                    <span style={{ color: C_DISSUADED }}>{t('fraud.stats.dissuaded')} {r.dissuaded}</span> · <span style={{ color: C_LOST }}>{t('fraud.stats.moneyLost')} {r.moneyLost}</span> ·{' '}
                    {t('fraud.stats.unreachable')} {r.unreachable} · {t('fraud.stats.followedUp')} {r.followedUp}
                  </div>
                  <div className="jw-mcard-sub jw-num">
                    {t('fraud.stats.lossAvoided')} {formatMoney(r.lossAvoided)} · {t('fraud.stats.lossAmount')} {formatMoney(r.lossAmount)}
                  </div>
                  <div className="jw-mcard-sub jw-num">
                    {t('fraud.stats.medianShort')} {r.medianMinutesToOutcome === null ? '—' : t('fraud.stats.minutes', { n: r.medianMinutesToOutcome })} · {t('fraud.stats.onTime')} {r.onTime} (
                    {formatRate(onTimeRate(r))})
                  </div>
                </div>
              ))}
            </div>
          ) : (
            <Table<Row>
              size="small"
              bordered
              rowKey="key"
              dataSource={rows}
              columns={columns as never}
              pagination={false}
              scroll={{ x: 1250 }}
              sticky
              locale={{ emptyText: t('fraud.stats.empty') }}
              data-testid="fraud-stats-table"
              summary={() =>
                rows.length > 1 ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row className="jw-report-sum">
                      <Table.Summary.Cell index={0}>
                        <b>{t('fraud.stats.total')}</b>
                      </Table.Summary.Cell>
                      {[totals.warnings, totals.rejected, totals.open, totals.overdue, totals.dissuaded, totals.moneyLost, totals.unreachable].map((v, i) => (
                        <Table.Summary.Cell key={i} index={i + 1} align="right">
                          {v}
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={8} align="right">
                        {money(totals.lossAmount)}
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={9} align="right">
                        {money(totals.lossAvoided)}
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={10} align="right">
                        {totals.followedUp}
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={11} align="center">
                        <span className="jw-muted">—</span>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={12} align="right">
                        <span className="jw-num">
                          {totals.onTime} <span className="jw-muted">({formatRate(onTimeRate(totals))})</span>
                        </span>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          )}
          <Typography.Paragraph type="secondary" className="jw-report-note">
            {t('fraud.stats.note')}
          </Typography.Paragraph>
        </div>
      </Spin>
    </div>
  );
}
