// 响应考核: response times and compliance with the 1/3/5-minute targets per area (GET /api/stats/response), with the
// compliance per area (bar) and per day (line, by=day) and the table of counts and medians.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { AREA_KIND_LABELS, COMPLIANCE_LEVELS, type Compliance, type ComplianceLevel } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { formatRate, formatSeconds } from '../../lib/dispatch';
import { dailySeries, lastDays, rateColor, toCsv, totalsOf } from '../../lib/compliance';
import { EChart, type ChartOption } from '../../components/EChart';

const LEVEL_KEY = 'jw.response.level';

function initialLevel(): ComplianceLevel {
  try {
    const v = localStorage.getItem(LEVEL_KEY);
    if (v && (COMPLIANCE_LEVELS as readonly string[]).includes(v)) return v as ComplianceLevel;
  } catch {
    /* ignore */
  }
  return 'station';
}

interface Period {
  from: string;
  to: string;
}

export default function ResponsePage() {
  const { t, label, lang } = useI18n();
  const phone = useIsPhone();
  const [level, setLevelState] = useState<ComplianceLevel>(initialLevel);
  const [period, setPeriod] = useState<Period>(() => lastDays(7, Date.now()));
  const [byArea, setByArea] = useState<Compliance | null>(null);
  const [byDay, setByDay] = useState<Compliance | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nonce, setNonce] = useState(0);

  const setLevel = (l: ComplianceLevel) => {
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
    Promise.all([
      api.responseStats({ level, from: period.from, to: period.to }, ac.signal),
      api.responseStats({ level, from: period.from, to: period.to, by: ['day'] }, ac.signal),
    ])
      .then(([a, d]) => {
        if (ac.signal.aborted) return;
        setByArea(a);
        setByDay(d);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [level, period, nonce]);

  const unnamed = t('report.unnamed');
  const rows = useMemo(() => (byArea?.rows ?? []).map((r) => ({ ...r, key: String(r.areaId), name: r.areaName ?? unnamed })), [byArea, unnamed]);
  const totals = useMemo(() => totalsOf(byArea?.rows ?? []), [byArea]);
  const daily = useMemo(() => (byDay ? dailySeries(byDay.rows, byDay.from, byDay.to, unnamed) : null), [byDay, unnamed]);

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
    // a preset is taken as it is; picked days run from the start of the first to the end of the last (or now)
    const preset = presets.find((p) => p.value[0].isSame(v[0]!) && p.value[1].isSame(v[1]!));
    const from = preset ? v[0] : v[0].startOf('day');
    let to = preset ? v[1] : v[1].endOf('day').add(1, 'millisecond');
    if (to.isAfter(now)) to = now;
    if (!from.isBefore(to)) return;
    setPeriod({ from: from.toISOString(), to: to.toISOString() });
  };

  const exportCsv = useCallback(() => {
    const head = [
      t('report.area'),
      t('report.incidents'),
      t('report.dispatched'),
      t('report.arrived'),
      t('report.met'),
      t('report.compliance'),
      `${t('report.medianC2D')} (s)`,
      `${t('report.medianD2A')} (s)`,
      `${t('report.p90D2A')} (s)`,
      `${t('report.medianTotal')} (s)`,
      t('report.withinShort', { m: 1 }),
      t('report.withinShort', { m: 3 }),
      t('report.withinShort', { m: 5 }),
    ];
    const body = rows.map((r) => [
      r.name,
      r.incidents,
      r.dispatched,
      r.arrived,
      r.met,
      r.complianceRate,
      r.medianCallToDispatchS,
      r.medianDispatchToArrivalS,
      r.p90DispatchToArrivalS,
      r.medianTotalS,
      r.within1,
      r.within3,
      r.within5,
    ]);
    const blob = new Blob([toCsv([head, ...body])], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `response-${level}-${dayjs(period.from).format('YYYYMMDD')}-${dayjs(period.to).format('YYYYMMDD')}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, [rows, t, level, period]);

  // ---- charts
  const barRows = useMemo(() => [...rows].filter((r) => r.arrived > 0).sort((a, b) => (a.complianceRate ?? 0) - (b.complianceRate ?? 0)), [rows]);
  const barHeight = Math.max(phone ? 200 : 300, Math.min(900, barRows.length * 26 + 50));
  const barOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: { dataIndex: number }[]) => {
          const r = barRows[p[0]?.dataIndex ?? 0];
          if (!r) return '';
          return `<b>${r.name}</b><br/>${t('report.compliance')}: <b>${formatRate(r.complianceRate)}</b><br/>${t('report.met')} ${r.met} / ${t('report.arrived')} ${r.arrived}<br/>${t('report.medianD2A')}: ${formatSeconds(r.medianDispatchToArrivalS)}`;
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#5b6b82' }, splitLine: { lineStyle: { color: '#eef1f5' } } },
      yAxis: {
        type: 'category',
        data: barRows.map((r) => r.name),
        axisLabel: { color: '#1f2d3d', width: phone ? 90 : 160, overflow: 'truncate' },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: barRows.map((r) => ({ value: r.complianceRate === null ? 0 : Math.round(r.complianceRate * 1000) / 10, itemStyle: { color: rateColor(r.complianceRate) } })),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value}%`, color: '#3a4b63', fontSize: 12 },
          markLine:
            totals.complianceRate !== null
              ? {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: '#1456c8', type: 'dashed' },
                  label: { show: false },
                  data: [{ xAxis: Math.round(totals.complianceRate * 1000) / 10 }],
                }
              : undefined,
        },
      ],
    }),
    [barRows, t, phone, totals.complianceRate],
  );

  const lineOption = useMemo<ChartOption>(() => {
    if (!daily) return {};
    const areaLines = daily.byArea.length > 1 && daily.byArea.length <= 12 ? daily.byArea : [];
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    const overallName = t('report.overall');
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 36, bottom: 24, containLabel: true },
      legend: {
        type: 'scroll',
        top: 0,
        data: [overallName, t('report.incidentsAxis'), ...areaLines.map((a) => a.name)],
        selected: Object.fromEntries(areaLines.map((a) => [a.name, false])),
      },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : '—'),
      },
      xAxis: { type: 'category', data: daily.days.map((d) => d.slice(5)), axisLabel: { color: '#5b6b82' }, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#5b6b82' }, splitLine: { lineStyle: { color: '#eef1f5' } } },
        { type: 'value', axisLabel: { color: '#8091a7' }, splitLine: { show: false }, minInterval: 1 },
      ],
      series: [
        {
          name: t('report.incidentsAxis'),
          type: 'bar',
          yAxisIndex: 1,
          data: daily.incidents,
          itemStyle: { color: '#c9d8f0' },
          barMaxWidth: 22,
        },
        {
          name: overallName,
          type: 'line',
          data: daily.overall.map(pct),
          connectNulls: false,
          symbolSize: 7,
          lineStyle: { width: 3, color: '#1456c8' },
          itemStyle: { color: '#1456c8' },
          areaStyle: { color: 'rgba(20,86,200,0.08)' },
          label: { show: daily.days.length <= 14, formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}%`), fontSize: 11, color: '#1456c8' },
        },
        ...areaLines.map((a) => ({ name: a.name, type: 'line' as const, data: a.rates.map(pct), symbolSize: 4, lineStyle: { width: 1.5 } })),
      ],
    } as ChartOption;
  }, [daily, t]);

  // ---- table
  const sec = (v: number | null) => <span className="jw-num">{formatSeconds(v)}</span>;
  const num = (a: number, b: number) => a - b;
  const nullable = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);
  type Row = (typeof rows)[number];
  const columns = [
    { title: t('report.area'), dataIndex: 'name', key: 'name', fixed: 'left' as const, width: 170, ellipsis: true, render: (v: string) => <b>{v}</b> },
    { title: t('report.incidents'), dataIndex: 'incidents', key: 'incidents', align: 'right' as const, width: 70, sorter: (a: Row, b: Row) => num(a.incidents, b.incidents) },
    { title: t('report.dispatched'), dataIndex: 'dispatched', key: 'dispatched', align: 'right' as const, width: 72 },
    { title: t('report.arrived'), dataIndex: 'arrived', key: 'arrived', align: 'right' as const, width: 72, sorter: (a: Row, b: Row) => num(a.arrived, b.arrived) },
    { title: t('report.met'), dataIndex: 'met', key: 'met', align: 'right' as const, width: 60 },
    {
      title: t('report.compliance'),
      dataIndex: 'complianceRate',
      key: 'rate',
      align: 'right' as const,
      width: 96,
      defaultSortOrder: undefined,
      sorter: (a: Row, b: Row) => nullable(a.complianceRate, b.complianceRate),
      render: (v: number | null) => (
        <span className="jw-rate" style={{ color: rateColor(v) }} data-testid="rate">
          <b className="jw-num">{formatRate(v)}</b>
        </span>
      ),
    },
    {
      title: t('report.medians'),
      key: 'medians',
      children: [
        { title: t('report.medianC2D'), dataIndex: 'medianCallToDispatchS', key: 'c2d', align: 'right' as const, width: 96, render: sec, sorter: (a: Row, b: Row) => nullable(a.medianCallToDispatchS, b.medianCallToDispatchS) },
        { title: t('report.medianD2A'), dataIndex: 'medianDispatchToArrivalS', key: 'd2a', align: 'right' as const, width: 96, render: sec, sorter: (a: Row, b: Row) => nullable(a.medianDispatchToArrivalS, b.medianDispatchToArrivalS) },
        { title: t('report.p90D2A'), dataIndex: 'p90DispatchToArrivalS', key: 'p90', align: 'right' as const, width: 110, render: sec },
        { title: t('report.medianTotal'), dataIndex: 'medianTotalS', key: 'total', align: 'right' as const, width: 86, render: sec },
      ],
    },
    ...([1, 3, 5] as const).map((m) => ({
      title: t('report.withinShort', { m }),
      dataIndex: `within${m}`,
      key: `w${m}`,
      align: 'right' as const,
      width: 70,
    })),
  ];

  const head = (
    <div className="jw-page-head">
      <Typography.Title level={4} className="jw-page-title">
        {t('report.title')}
      </Typography.Title>
      <Space wrap size={8} className="jw-report-tools">
        <Select<ComplianceLevel>
          value={level}
          onChange={setLevel}
          style={{ width: 130 }}
          aria-label={t('report.level')}
          data-testid="report-level"
          options={COMPLIANCE_LEVELS.map((l) => ({ value: l, label: label(AREA_KIND_LABELS, l) }))}
        />
        <DatePicker.RangePicker
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(v) => onRange(v as [Dayjs | null, Dayjs | null] | null)}
          presets={presets}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          format="YYYY-MM-DD"
          style={{ width: phone ? '100%' : 260 }}
          aria-label={t('report.period')}
          data-testid="report-period"
        />
        <Button icon={<ReloadOutlined />} onClick={() => setNonce((n) => n + 1)} loading={loading}>
          {!phone && t('common.refresh')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!rows.length}>
          {!phone && t('report.exportCsv')}
        </Button>
      </Space>
    </div>
  );

  const kpis = (
    <div className="jw-report-kpis" data-testid="report-totals">
      {(
        [
          ['report.incidents', String(totals.incidents)],
          ['report.arrived', String(totals.arrived)],
          ['report.met', String(totals.met)],
        ] as const
      ).map(([k, v]) => (
        <div key={k} className="jw-kpi">
          <div className="jw-kpi-value">{v}</div>
          <div className="jw-kpi-label">{t(k)}</div>
        </div>
      ))}
      <div className="jw-kpi">
        <div className="jw-kpi-value" style={{ color: rateColor(totals.complianceRate) }} data-testid="report-rate">
          {formatRate(totals.complianceRate)}
        </div>
        <div className="jw-kpi-label">{t('report.compliance')}</div>
      </div>
      {([1, 3, 5] as const).map((m) => (
        <div key={m} className="jw-kpi">
          <div className="jw-kpi-value">{totals[`within${m}`]}</div>
          <div className="jw-kpi-label">{t('report.within', { m })}</div>
        </div>
      ))}
    </div>
  );

  return (
    <div className="jw-page jw-report" data-testid="response-page" data-loaded={byArea && !loading ? '1' : '0'}>
      {head}
      {!!error && <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 8 }} />}
      <Spin spinning={loading && !byArea}>
        {kpis}
        <div className="jw-report-charts">
          <div className="jw-card">
            <div className="jw-card-title">
              {t('report.byArea')} <Tag className="jw-tag">{label(AREA_KIND_LABELS, level)}</Tag>
              {totals.complianceRate !== null && (
                <span className="jw-report-avg">
                  <span className="jw-report-avg-line" /> {t('report.overall')} {formatRate(totals.complianceRate)}
                </span>
              )}
            </div>
            {barRows.length ? (
              <div className="jw-report-bars" style={{ maxHeight: 420 }}>
                <EChart option={barOption} height={barHeight} testId="chart-by-area" label={t('report.byArea')} />
              </div>
            ) : (
              <div className="jw-report-empty">{t('report.empty')}</div>
            )}
          </div>
          <div className="jw-card">
            <div className="jw-card-title">{t('report.byDay')}</div>
            {daily && daily.days.length ? (
              <EChart option={lineOption} height={phone ? 240 : Math.min(420, barHeight)} testId="chart-by-day" label={t('report.byDay')} />
            ) : (
              <div className="jw-report-empty">{t('report.empty')}</div>
            )}
          </div>
        </div>
        <div className="jw-card">
          {phone ? (
            <div className="jw-mlist" data-testid="report-table">
              {rows.length === 0 && <div className="jw-report-empty">{t('report.empty')}</div>}
              {rows.map((r) => (
                <div key={r.key} className="jw-mcard">
                  <div className="jw-mcard-row">
                    <b className="jw-mcard-title">{r.name}</b>
                    <span className="jw-mcard-right" style={{ color: rateColor(r.complianceRate), fontWeight: 700 }}>
                      {formatRate(r.complianceRate)}
                    </span>
                  </div>
                  <div className="jw-mcard-sub">
                    {t('report.incidents')} {r.incidents} · {t('report.arrived')} {r.arrived} · {t('report.met')} {r.met}
                  </div>
                  <div className="jw-mcard-sub jw-num">
                    {t('report.medianC2D')} {formatSeconds(r.medianCallToDispatchS)} · {t('report.medianD2A')} {formatSeconds(r.medianDispatchToArrivalS)} ·{' '}
                    {t('report.medianTotal')} {formatSeconds(r.medianTotalS)}
                  </div>
                  <div className="jw-mcard-sub">
                    {([1, 3, 5] as const).map((m) => `${t('report.withinShort', { m })} ${r[`within${m}`]}`).join(' · ')}
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
              scroll={{ x: 1200 }}
              sticky
              locale={{ emptyText: t('report.empty') }}
              data-testid="report-table"
              summary={() =>
                rows.length > 1 ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row className="jw-report-sum">
                      <Table.Summary.Cell index={0}>
                        <b>{t('report.total')}</b>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">{totals.incidents}</Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">{totals.dispatched}</Table.Summary.Cell>
                      <Table.Summary.Cell index={3} align="right">{totals.arrived}</Table.Summary.Cell>
                      <Table.Summary.Cell index={4} align="right">{totals.met}</Table.Summary.Cell>
                      <Table.Summary.Cell index={5} align="right">
                        <b style={{ color: rateColor(totals.complianceRate) }}>{formatRate(totals.complianceRate)}</b>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={6} colSpan={4} align="center">
                        <span className="jw-muted">—</span>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={10} align="right">{totals.within1}</Table.Summary.Cell>
                      <Table.Summary.Cell index={11} align="right">{totals.within3}</Table.Summary.Cell>
                      <Table.Summary.Cell index={12} align="right">{totals.within5}</Table.Summary.Cell>
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          )}
          <Typography.Paragraph type="secondary" className="jw-report-note">
            {t('report.note')}
          </Typography.Paragraph>
        </div>
      </Spin>
    </div>
  );
}

