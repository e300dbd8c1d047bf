// Spreadsheets in and out, shared by the imports (fraud warnings, addresses, the Excel exchange of issue 12 part 4):
// CSV text in UTF-8 (with or without BOM) or GBK, the cells of an .xlsx or CSV file as strings (Excel dates as
// local wall-clock text), Excel serial dates, and .xlsx / CSV files written from rows.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError } from './errors';

/** The text of a CSV file: UTF-8 when the bytes are valid UTF-8 (a BOM dropped), else GBK (read as GB18030, its superset). */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * As decodeCsv, but a file that is neither valid UTF-8 nor valid GBK/GB18030 is refused (400 IMPORT_ENCODING)
 * instead of being read with replacement characters: garbage is never accepted silently.
 */
export function decodeCsvStrict(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  let text: string;
  let encoding: 'utf-8' | 'gbk' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      encoding = 'gbk';
    } catch {
      throw new AppError('IMPORT_ENCODING');
    }
  }
  if (text.includes('\uFFFD')) throw new AppError('IMPORT_ENCODING');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** A date cell of Excel (a Date whose UTC fields are the wall clock written) as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]'. */
export function excelDateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${p2(h)}:${p2(m)}${s ? `:${p2(s)}` : ''}`;
}

/**
 * An Excel serial date (days since 1899-12-30, the fraction the time of day: 46188 is 2026-06-15, 46188.375 is
 * 09:00 that day) as the same text as a date cell; null when the text is not a serial in 1950..2100.
 */
export function excelSerialText(v: string): string | null {
  if (!/^\d{5}(\.\d+)?$/.test(v.trim())) return null;
  const x = Number(v);
  if (x < 18264 || x > 73051) return null;
  const ms = Math.round((x - 25569) * 86_400_000 / 1000) * 1000;
  return excelDateText(new Date(ms));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return excelDateText(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(v);
}

/** A row of a file: its cells, trimmed, and its line in the sheet as Excel or an editor numbers it (1 = the first). */
export interface TableRow {
  cells: string[];
  line: number;
}

/** The rows of the file's first sheet (Excel .xlsx by its name) or of the CSV text; empty rows left out. */
export async function readTable(filename: string, bytes: Buffer, opts: { strict?: boolean } = {}): Promise<TableRow[]> {
  if (/\.xlsx$/i.test(filename)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (e) {
      throw new AppError('INVALID_IMPORT', `The Excel file cannot be read: ${(e as Error).message}`);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new AppError('INVALID_IMPORT', 'The Excel file has no sheet');
    const out: TableRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value).trim());
      if (cells.some((x) => x !== '')) out.push({ cells, line: row.number });
    });
    return out;
  }
  if (/\.xls$/i.test(filename)) throw new AppError('INVALID_IMPORT', 'The old Excel format (.xls) is not read: save the file as .xlsx or CSV');
  const text = opts.strict ? decodeCsvStrict(bytes).text : decodeCsv(bytes);
  try {
    const records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, info: true }) as { record: string[]; info: { lines: number } }[];
    // info.lines is the line a record ends on: a record with a line break inside a quoted cell starts earlier
    return records.map(({ record, info }) => ({ cells: record, line: info.lines - (record.join('').match(/\n/g)?.length ?? 0) }));
  } catch (e) {
    throw new AppError('INVALID_IMPORT', `The CSV file is not valid: ${(e as Error).message}`);
  }
}

export interface SheetSpec {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
  widths?: number[];
}

/** An .xlsx file of sheets (the first row bold and frozen; every cell text, so codes keep their leading zeros). */
export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jingwang';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((x) => (x === null ? '' : x)));
    s.header.forEach((h, i) => {
      ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.max(10, h.length * 2 + 4);
      ws.getColumn(i + 1).numFmt = '@';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text (UTF-8 with a BOM, so Excel opens Chinese right). */
export function writeCsv(header: string[], rows: (string | number | null)[][]): Buffer {
  const q = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return Buffer.from('\uFEFF' + [header, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n', 'utf-8');
}
