// One analysis report, drawn from its content as data (ReportContent): title, key findings, then each section with
// its sentences, table (antd Table, scrolls sideways on a phone) and chart (ECharts from reportChartOption, the same
// option the PDF uses), and the note when a part is empty. Exports are plain links with the session cookie.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Empty, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileExcelOutlined, FilePdfOutlined, InfoCircleOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { reportChartOption, type Report, type ReportSection } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import type { DictKey } from '../../app/dict';
import { analysisApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { EChart, type ChartOption } from '../../components/EChart';
import { columnTitle, formatCell, numericColumn, periodText, REPORT_KIND_TAG, sectionIsEmpty, tableRows } from './helpers';

export function ReportKindTag({ kind }: { kind: Report['kind'] }) {
  const { t } = useI18n();
  return (
    <Tag color={REPORT_KIND_TAG[kind]} className="jw-tag">
      {t(`reports.kind.${kind}` as DictKey)}
    </Tag>
  );
}

function SectionTable({ table, phone }: { table: NonNullable<ReportSection['table']>; phone: boolean }) {
  const { lang } = useI18n();
  const rows = useMemo(() => tableRows(table), [table]);
  const columns = useMemo(
    () =>
      table.columns.map((c, i) => {
        const numeric = numericColumn(table, c.key);
        return {
          key: c.key,
          dataIndex: c.key,
          title: columnTitle(c.title, c.unit, lang),
          align: numeric ? ('right' as const) : undefined,
          fixed: i === 0 && table.columns.length > 3 ? ('left' as const) : undefined,
          render: (v: string | number | null) => (numeric ? <span className="jw-num">{formatCell(v)}</span> : formatCell(v)),
          onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
        };
      }),
    [table, lang],
  );
  return (
    <Table
      size="small"
      rowKey="__key"
      className="rp-table"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      bordered={!phone}
    />
  );
}

function SectionChart({ section, phone }: { section: ReportSection; phone: boolean }) {
  const chart = section.chart!;
  const many = chart.categories.length > 8;
  const option = useMemo(() => {
    // the shared option (the PDF draws the same); on screen, room for slanted labels under the axis, and a legend that
    // scrolls rather than wraps onto the chart on a phone
    const o = reportChartOption(chart) as Record<string, unknown> & { grid: Record<string, unknown>; legend: Record<string, unknown> };
    return {
      ...o,
      grid: { ...o.grid, bottom: many ? 76 : 48, left: phone ? 40 : 48 },
      legend: phone ? { ...o.legend, type: 'scroll' } : o.legend,
    } as ChartOption;
  }, [chart, many, phone]);
  return (
    <div className="rp-chart">
      <EChart option={option} height={phone ? (many ? 260 : 220) : many ? 320 : 280} label={section.title} testId={`report-chart-${section.id}`} />
    </div>
  );
}

export function ReportBody({ report, phone }: { report: Report; phone: boolean }) {
  const { t } = useI18n();
  const c = report.content;
  return (
    <article className="rp-doc" data-testid="report-doc">
      {c.summary.length > 0 && (
        <section className="rp-summary" data-testid="report-summary">
          <div className="rp-summary-title">{t('reports.summary')}</div>
          <ul>
            {c.summary.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </section>
      )}
      {c.sections.map((s, i) => (
        <section key={s.id} className="rp-section" data-testid={`report-section-${s.id}`}>
          <h3 className="rp-section-title">
            <span className="rp-section-no">{i + 1}</span>
            {s.title}
          </h3>
          {s.text.map((p, j) => (
            <p key={j} className="rp-text">
              {p}
            </p>
          ))}
          {s.note && (
            <div className="rp-note">
              <InfoCircleOutlined /> {s.note}
            </div>
          )}
          {s.chart && s.chart.categories.length > 0 && <SectionChart section={s} phone={phone} />}
          {s.table && s.table.rows.length > 0 && <SectionTable table={s.table} phone={phone} />}
          {sectionIsEmpty(s) && <div className="jw-muted">{t('reports.sectionEmpty')}</div>}
        </section>
      ))}
      {c.audience && (
        <p className="rp-audience">
          <SendOutlined /> {t('reports.audience', { who: c.audience })}
        </p>
      )}
    </article>
  );
}

/** A report by id with its header (kind, area, period, when, pushed to) and the export links. */
export function ReportView({ id, phone, onBack, nonce }: { id: number; phone: boolean; onBack?: () => void; nonce?: number }) {
  const { t, lang } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    analysisApi
      .report(id, ac.signal)
      .then((r) => !ac.signal.aborted && setReport(r))
      .catch((e) => {
        if (ac.signal.aborted) return;
        setError(e);
        setReport(null);
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [id, nonce, again]);

  const back = onBack && (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="report-back">
      {t('reports.back')}
    </Button>
  );

  if (error)
    return (
      <div className="rp-view">
        {back}
        <Alert
          type="error"
          showIcon
          title={errorText(error, lang)}
          style={{ marginTop: 8 }}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => setAgain((n) => n + 1)}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  if (!report || report.id !== id)
    return (
      <div className="rp-view rp-loading">
        {loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </div>
    );

  const c = report.content;
  return (
    <div className="rp-view" data-testid="report-view" data-report={report.id}>
      <header className="rp-head">
        {back && <div className="rp-back">{back}</div>}
        <Typography.Title level={phone ? 4 : 3} className="rp-title" data-testid="report-title">
          {c.title}
        </Typography.Title>
        <div className="rp-meta">
          <ReportKindTag kind={report.kind} />
          <span className="rp-meta-item">
            <b>{c.areaName || report.areaName}</b>
          </span>
          <span className="rp-meta-item jw-num">{periodText(report.periodStart, report.periodEnd, lang)}</span>
          {report.version > 1 && <Tag className="jw-tag">{t('reports.version', { n: report.version })}</Tag>}
        </div>
        <div className="rp-meta rp-meta-sub">
          <span className="rp-meta-item">
            {t('reports.generated', {
              at: dayjs(report.generatedAt).format('YYYY-MM-DD HH:mm'),
              by: report.trigger === 'schedule' ? t('reports.bySchedule') : report.generatedBy,
            })}
          </span>
          <span className="rp-meta-item">
            {report.pushedAt ? t('reports.pushedTo', { n: report.pushedTo, at: dayjs(report.pushedAt).format('MM-DD HH:mm') }) : t('reports.notPushed')}
          </span>
        </div>
        <div className="rp-actions">
          <Button icon={<FilePdfOutlined />} href={analysisApi.reportExportUrl(report.id, 'pdf')} download data-testid="report-pdf">
            {t('reports.exportPdf')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={analysisApi.reportExportUrl(report.id, 'xlsx')} download data-testid="report-xlsx">
            {t('reports.exportXlsx')}
          </Button>
        </div>
      </header>
      <ReportBody report={report} phone={phone} />
    </div>
  );
}
