// Schemas of forecasts in the product, analysis reports (日提醒 / 周研判 / 月分析) and notifications. See
// docs/forecast.md and docs/reports.md. Forecasts score places (cells of the grid) and times (shifts), never people.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, lit } from './api';
import { DateS } from './patrol';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// ---------------------------------------------------------------- forecasts
export const ForecastRunBody = Type.Object(
  {
    districtId: Id,
    /** The local date the forecast is for (default: today). Fitted on the incidents before that day. */
    date: Type.Optional(DateS),
    /**
     * An incident category of the dictionary (INCIDENT_CATEGORIES): forecast that category alone, borrowing
     * strength from every incident (docs/forecast.md). Absent: all incidents together.
     */
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ForecastRunBody = Static<typeof ForecastRunBody>;

export const ForecastRunS = Type.Object({
  id: Id,
  districtId: Id,
  districtName: Type.String(),
  date: DateS,
  /** The incident category forecast; null = all incidents together. */
  category: Nullable(Type.String()),
  trigger: lit(['schedule', 'demand'] as const),
  /** The model chosen on the last 28 days of the training data (best mean PAI at 5 %). */
  model: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  /** Every candidate's validation PAI at 5 % (null: not enough data to validate), and why a fallback was used. */
  validation: Type.Object({
    pai5: Type.Record(Type.String(), Nullable(Type.Number())),
    note: Nullable(Type.String()),
    periods: Type.Integer(),
    /** The day the model was chosen and tuned; nightly runs keep that choice for up to 7 days and refit it. */
    tunedOn: DateS,
  }),
  cellM: Type.Integer(),
  trainFrom: IsoTime,
  trainUntil: IsoTime,
  events: Type.Integer(),
  /** Cells of the district (the study area the 1 / 2 / 5 / 10 % bands are shares of). */
  cells: Type.Integer(),
  durationMs: Type.Integer(),
  createdAt: IsoTime,
  createdBy: Type.String(),
});
export type ForecastRun = Static<typeof ForecastRunS>;

export const ForecastLayerQuery = Type.Object(
  {
    /** A district, or an area inside one (station, community, grid...): cells whose centre is in it. */
    areaId: Id,
    date: Type.Optional(DateS),
    /** A patrol shift; absent = the whole day. */
    shiftId: Type.Optional(Id),
    /** An incident category of the dictionary; absent = all incidents together. */
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const ForecastCellS = Type.Object({
  /** "c:<ix>:<iy>": the same id as a patrol plan's risk cell. */
  id: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  /** Corners of the square, closed ring [lon, lat][]. */
  ring: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  score: Type.Number(),
  /** Part of the district's forecast total in this cell (0..1). */
  share: Type.Number(),
  rank: Type.Integer(),
  /** Smallest of 1, 2, 5, 10 (% of the district's area) whose top cells include this one. */
  band: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(5), Type.Literal(10)]),
  /** Incidents of the training data in the cell. */
  history: Type.Integer(),
});
export type ForecastCell = Static<typeof ForecastCellS>;

export const ForecastLayerS = Type.Object({
  run: ForecastRunS,
  shiftId: Nullable(Id),
  shiftName: Nullable(Type.String()),
  /** True when the shift had too few incidents of its own hours and the whole day's were used. */
  shiftFallback: Type.Boolean(),
  cells: Type.Array(ForecastCellS),
});
export type ForecastLayer = Static<typeof ForecastLayerS>;

// ---------------------------------------------------------------- reports
export const REPORT_KINDS = ['daily', 'weekly', 'monthly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const ReportKindS = lit(REPORT_KINDS);

/** A chart as data; web and PDF both draw it with ECharts through `reportChartOption`. */
export const ReportChartS = Type.Object({
  kind: lit(['bar', 'line'] as const),
  categories: Type.Array(Type.String()),
  series: Type.Array(Type.Object({ name: Type.String(), data: Type.Array(Nullable(Type.Number())) })),
  unit: Type.Optional(Type.String()),
});
export type ReportChart = Static<typeof ReportChartS>;

const Cell = Nullable(Type.Union([Type.String(), Type.Number()]));
export const ReportSectionS = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** Sentences above the section's table or chart. */
  text: Type.Array(Type.String()),
  table: Nullable(
    Type.Object({
      columns: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), unit: Type.Optional(Type.String()) })),
      rows: Type.Array(Type.Record(Type.String(), Cell)),
    }),
  ),
  chart: Nullable(ReportChartS),
  /** Why a part is empty or not available (e.g. no forecast yet, a module not in use). */
  note: Nullable(Type.String()),
});
export type ReportSection = Static<typeof ReportSectionS>;

export const ReportContentS = Type.Object({
  title: Type.String(),
  areaName: Type.String(),
  /** Key findings, one sentence each. */
  summary: Type.Array(Type.String()),
  sections: Type.Array(ReportSectionS),
  /** Who it is pushed to, as a rule ("grid-level patrol teams and community officers of the station"). */
  audience: Type.String(),
});
export type ReportContent = Static<typeof ReportContentS>;

export const ReportSummaryS = Type.Object({
  id: Id,
  kind: ReportKindS,
  areaId: Id,
  areaName: Type.String(),
  periodStart: DateS,
  periodEnd: DateS,
  trigger: lit(['schedule', 'demand'] as const),
  version: Type.Integer(),
  generatedAt: IsoTime,
  generatedBy: Type.String(),
  pushedAt: Nullable(IsoTime),
  pushedTo: Type.Integer(),
});
export type ReportSummary = Static<typeof ReportSummaryS>;

export const ReportS = Type.Intersect([ReportSummaryS, Type.Object({ content: ReportContentS })]);
export type Report = Static<typeof ReportS>;

export const ReportListQuery = Type.Object(
  { kind: Type.Optional(ReportKindS), areaId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export const GenerateReportBody = Type.Object(
  {
    kind: ReportKindS,
    /** daily and weekly: a station (派出所); monthly: a district (片区). */
    areaId: Id,
    /** Any day of the period (default: the last complete period: yesterday, last week, last month). */
    date: Type.Optional(DateS),
    /** Also notify the report's audience. Default true. */
    push: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GenerateReportBody = Static<typeof GenerateReportBody>;

// ---------------------------------------------------------------- notifications
export const NotificationS = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  refType: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  createdAt: IsoTime,
  readAt: Nullable(IsoTime),
});
export type Notification = Static<typeof NotificationS>;
export const NotificationListS = Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationS) });
export const NotificationListQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- charts
const PALETTE = ['#1f6feb', '#d4380d', '#389e0d', '#d48806', '#722ed1', '#08979c', '#c41d7f'];

/**
 * The ECharts option for a report chart (plain data, no ECharts import): the web renders it in the page and the
 * server renders the same option to SVG for the PDF, so both show the same chart.
 */
export function reportChartOption(c: ReportChart, opts: { title?: string; animation?: boolean } = {}): Record<string, unknown> {
  return {
    animation: opts.animation ?? false,
    color: PALETTE,
    title: opts.title ? { text: opts.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: c.series.map((s) => s.name) },
    // slanted labels (more than 8 categories) need room above the legend
    grid: { left: 48, right: 16, top: opts.title ? 36 : 16, bottom: c.categories.length > 8 ? 72 : 48 },
    xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: c.unit ?? '', minInterval: 1 },
    series: c.series.map((s) => ({ name: s.name, type: c.kind, data: s.data, smooth: false, barMaxWidth: 28 })),
  };
}
