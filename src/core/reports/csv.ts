/**
 * The bucket table as CSV (RFC 4180). Cells a spreadsheet would read as a formula (starting
 * with =, +, -, @, tab or carriage return: OWASP "CSV injection") get a leading apostrophe,
 * because tenant ids, users and titles come from outside.
 */
import type { Report, StackDimension } from './model';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 10) / 10);

/** One row per bucket: created, open, resolved, time to resolve, then the chosen stack. */
export function reportCsv(report: Report, stack: StackDimension): string {
  const stackKeys = report.stackKeys[stack];
  const header = [
    'bucket start (UTC)',
    'created',
    'still open',
    'resolved',
    'median hours to resolve',
    'p90 hours to resolve',
    ...stackKeys.map((key) => `${stack}: ${key}`),
  ];
  const rows = report.buckets.map((bucket) => [
    bucket.label,
    bucket.created.count,
    bucket.open.count,
    bucket.resolved.count,
    hours(bucket.ttrMedianMs),
    hours(bucket.ttrP90Ms),
    ...stackKeys.map((key) => bucket.stacks[stack].find((s) => s.key === key)?.count ?? 0),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
