// Report exports. PDF: pdfkit with Noto Sans SC (the @fontsource package's simplified-Chinese WOFF, so no system
// font is needed), charts drawn by ECharts' server-side SVG renderer from the same option the web uses
// (reportChartOption) and placed with svg-to-pdfkit. Excel: exceljs, one sheet per table plus a summary sheet.
// See docs/adr/0006-report-exports.md for why these libraries.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import * as echarts from 'echarts';
import ExcelJS from 'exceljs';
import { reportChartOption, type Report, type ReportChart } from '@jingwang/contracts';

const require = createRequire(import.meta.url);
let fontPath: string | null = null;
function cjkFont(): string {
  fontPath ??= require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff');
  return fontPath;
}

const KIND_LABEL = { daily: '日提醒', weekly: '周研判', monthly: '月分析' } as const;

/** The chart as an SVG string (ECharts server-side rendering, no DOM). */
export function chartSvg(chart: ReportChart, width: number, height: number): string {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    c.setOption(reportChartOption(chart, { animation: false }) as echarts.EChartsOption);
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}

const cellText = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

/** `utcOffsetMinutes` prints times in the deployment's local time. */
export async function reportPdf(r: Report, utcOffsetMinutes = 0): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 48, bottom: 48, left: 44, right: 44 }, info: { Title: r.content.title, Creator: 'Jingwang 警网' } });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  doc.fontSize(18).fillColor('#000').text(r.content.title, { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(9).fillColor('#555').text(`${KIND_LABEL[r.kind]} · ${r.areaName} · ${r.periodStart}${r.periodEnd !== r.periodStart ? ` 至 ${r.periodEnd}` : ''} · 生成于 ${new Date(Date.parse(r.generatedAt) + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')} · 第 ${r.version} 版 · 推送：${r.content.audience}`, { align: 'center' });
  doc.moveDown(0.8);
  doc.fontSize(12).fillColor('#000').text('要点');
  doc.fontSize(10);
  for (const s of r.content.summary) doc.text(`• ${s}`, { indent: 8 });
  doc.moveDown(0.6);

  for (const s of r.content.sections) {
    ensure(60);
    doc.fontSize(13).fillColor('#0b3d91').text(s.title);
    doc.fillColor('#000').fontSize(10);
    for (const t of s.text) doc.text(t);
    if (s.note) doc.fillColor('#8c6d1f').text(s.note).fillColor('#000');
    if (s.chart && s.chart.categories.length) {
      const h = 220;
      ensure(h + 10);
      SVGtoPDF(doc, chartSvg(s.chart, Math.round(width), h), left, doc.y + 4, { width, height: h, fontCallback: () => 'cjk', assumePt: true });
      doc.y += h + 10;
      doc.x = left;
    }
    if (s.table && s.table.rows.length) {
      const cols = s.table.columns;
      const colW = width / cols.length;
      const rowH = 16;
      const header = () => {
        ensure(rowH * 2);
        const y = doc.y;
        doc.rect(left, y, width, rowH).fill('#eef2f7').fillColor('#000');
        doc.fontSize(8.5);
        cols.forEach((c, k) => doc.text(`${c.title}${c.unit ? `(${c.unit})` : ''}`, left + k * colW + 3, y + 4, { width: colW - 6, height: rowH - 2, ellipsis: true, lineBreak: false }));
        doc.y = y + rowH;
      };
      header();
      for (const row of s.table.rows) {
        if (doc.y + rowH > bottom()) {
          doc.addPage();
          header();
        }
        const y = doc.y;
        doc.moveTo(left, y + rowH).lineTo(left + width, y + rowH).lineWidth(0.3).strokeColor('#ccd').stroke();
        doc.fontSize(8.5).fillColor('#000');
        cols.forEach((c, k) => doc.text(cellText(row[c.key]), left + k * colW + 3, y + 4, { width: colW - 6, height: rowH - 2, ellipsis: true, lineBreak: false }));
        doc.y = y + rowH;
      }
      doc.x = left;
    }
    doc.moveDown(1);
  }
  doc.end();
  return done;
}

export async function reportXlsx(r: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jingwang 警网';
  wb.created = new Date(r.generatedAt);
  const sum = wb.addWorksheet('要点');
  sum.addRow([r.content.title]).font = { bold: true, size: 14 };
  sum.addRow([`${KIND_LABEL[r.kind]}`, r.areaName, r.periodStart, r.periodEnd, `第 ${r.version} 版`]);
  sum.addRow([]);
  for (const s of r.content.summary) sum.addRow([s]);
  for (const s of r.content.sections) {
    if (s.text.length || s.note) {
      sum.addRow([]);
      sum.addRow([s.title]).font = { bold: true };
      for (const t of s.text) sum.addRow([t]);
      if (s.note) sum.addRow([s.note]);
    }
  }
  sum.getColumn(1).width = 90;
  const used = new Set<string>();
  for (const s of r.content.sections) {
    if (!s.table && !s.chart) continue;
    // sheet names: at most 31 characters, unique, without []:*?/\
    let name = s.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28);
    for (let k = 2; used.has(name); k++) name = `${s.title.slice(0, 25)} ${k}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    if (s.table) {
      const head = ws.addRow(s.table.columns.map((c) => `${c.title}${c.unit ? `（${c.unit}）` : ''}`));
      head.font = { bold: true };
      for (const row of s.table.rows) ws.addRow(s.table.columns.map((c) => row[c.key] ?? null));
      s.table.columns.forEach((c, k) => (ws.getColumn(k + 1).width = Math.max(10, Math.min(40, c.title.length * 2 + 6))));
    }
    if (s.chart) {
      // the chart's data as a table (Excel users make their own charts from it)
      if (s.table) ws.addRow([]);
      ws.addRow(['', ...s.chart.categories]).font = { bold: true };
      for (const se of s.chart.series) ws.addRow([se.name, ...se.data]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
