/**
 * Turning an uploaded sheet into feed records, validated in the browser with the same shared schemas
 * the server applies, so bad rows are shown with their Chinese reasons before anything is sent.
 */
import Papa from 'papaparse';
import { feedRecordAt, type FeedType } from '../../shared/api/authority';
import { formatIssues } from '../../shared/api/errors';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES } from '../../shared/identity';
import { maskDocument } from '../../shared/mask';

/** Column names accepted, Chinese or the API's own. */
const COLUMNS: Record<string, string> = {
  证件类型: 'documentType',
  证件号码: 'documentNumber',
  时间: 'at',
  记录时间: 'at',
  最后接触日期: 'lastExposureDay',
  检测结果: 'result',
  采样时间: 'sampledAt',
};

const RESULTS: Record<string, string> = { 阳性: 'positive', 阴性: 'negative' };

export interface Row {
  line: number;
  record: Record<string, string>;
  masked: string;
  errors: string[];
}

function normaliseCell(field: string, value: string, now: Date): string {
  const v = value.trim();
  if (field === 'documentType') {
    const byLabel = DOCUMENT_TYPES.find((t) => DOCUMENT_TYPE_LABELS[t] === v);
    return byLabel ?? v;
  }
  if (field === 'result') return RESULTS[v] ?? v;
  // A bare day means that day's midnight in Asia/Shanghai; an empty time means "now".
  if (field === 'at' || field === 'sampledAt') {
    if (!v) return now.toISOString();
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00+08:00`;
  }
  return v;
}

/** Validates sheet rows (header → cell) as records of `type`. */
export function validateRows(type: FeedType, sheet: Record<string, unknown>[], now = new Date()): Row[] {
  const schema = feedRecordAt(type, now);
  return sheet.map((raw, i) => {
    const record: Record<string, string> = {};
    for (const [header, cell] of Object.entries(raw)) {
      const field = COLUMNS[header.trim()] ?? header.trim();
      if (!field) continue;
      record[field] = normaliseCell(field, cell instanceof Date ? cell.toISOString() : String(cell ?? ''), now);
    }
    if (!record.at) record.at = now.toISOString();
    if (type === 'test-result' && !record.sampledAt) record.sampledAt = record.at;
    const parsed = schema.safeParse(record);
    const masked = record.documentNumber ? maskDocument(record.documentType ?? 'resident-id', record.documentNumber) : '（空）';
    return { line: i + 2, record, masked, errors: parsed.success ? [] : formatIssues(parsed.error).map((e) => e.message) };
  });
}

/** Parses a CSV file (UTF-8, header row) in the browser. */
export function parseCsv(text: string): Record<string, unknown>[] {
  const out = Papa.parse<Record<string, unknown>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: 'greedy' });
  return out.data;
}

/** Parses the first sheet of an XLSX file in the browser. */
export async function parseXlsx(file: File): Promise<Record<string, unknown>[]> {
  const { readSheet } = await import('read-excel-file/browser');
  const rows = (await readSheet(file)) as unknown as unknown[][];
  const [header, ...body] = rows;
  if (!header) return [];
  return body
    .filter((r) => r.some((c) => c !== null && c !== ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [String(h ?? ''), r[i] ?? ''])));
}
