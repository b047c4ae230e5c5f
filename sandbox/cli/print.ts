/** What the CLI prints: one block per alert, like the tool it replaces, then a summary table. */
import type { RunSummary } from '../../src/core/model';
import { withoutIssue } from '../../src/core/run-counts';
import { findingSentence } from '../../src/core/reported-ips';
import type { AlertReport } from '../../src/sync/index';

export function formatAlertBlock(report: AlertReport, ordinal: number): string {
  const { alert } = report;
  const lines = [
    `[*] Alert ${ordinal} — ${report.tenantName}`,
    `Date:   ${new Date(alert.timestamp)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')}`,
    `Title:  ${alert.title}`,
    `URL:    ${alert.url ?? '(none)'}`,
    `User:   ${alert.users.length > 0 ? alert.users.join(', ') : '(none)'}`,
    `IPs:    ${alert.ips.length > 0 ? alert.ips.join(', ') : '(none)'}`,
    ...report.findings.map((finding) => `        ${findingSentence(finding)}`),
    `Issue:  ${issueLine(report)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function issueLine(report: AlertReport): string {
  switch (report.outcome) {
    case 'created':
      return `${report.issueKey ?? '?'} created`;
    case 'grouped':
      return `${report.issueKey ?? '?'} — a repeat, added as a comment (no new issue)`;
    case 'duplicate':
      return `${report.issueKey ?? 'none'} (already handled, skipped)`;
    case 'suppressed':
      return `none — ${report.message ?? 'suppressed'}`;
    case 'in-progress':
      return 'none yet — another run holds this alert';
    default:
      return `none — ${report.message ?? report.outcome}`;
  }
}

const COLUMNS: Array<[string, (summary: RunSummary) => string | number]> = [
  ['tenant', (s) => s.tenantName],
  ['status', (s) => s.status],
  // fetched = created + had issue + filtered + grouped + suppressed + failed + waiting
  ['fetched', (s) => s.fetched],
  ['created', (s) => s.created],
  ['had issue', (s) => s.duplicates],
  ['filtered', (s) => s.filtered],
  ['grouped', (s) => s.grouped],
  ['suppressed', (s) => s.suppressed],
  ['failed', (s) => withoutIssue(s)],
  ['waiting', (s) => s.waiting],
  ['IP look-ups', (s) => s.ipLookups],
  ['cache hits', (s) => s.cacheHits],
  ['private IPs', (s) => s.privateSkipped],
  ['pending', (s) => s.pendingVerdicts],
  ['ms', (s) => s.durationMs],
];

export function formatSummaryTable(summaries: RunSummary[]): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...summaries.map((s) => COLUMNS.map(([, get]) => String(get(s)))),
  ];
  const widths = COLUMNS.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [
    render(rows[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(render),
  ];
  const totals = summaries.reduce((sum, s) => sum + s.created, 0);
  const grouped = summaries.reduce((sum, s) => sum + s.grouped, 0);
  lines.push(
    '',
    `${totals} issue(s) created.` +
      (grouped > 0 ? ` ${grouped} repeat alert(s) grouped into open issues.` : ''),
  );
  const waiting = summaries.reduce((sum, s) => sum + s.waiting, 0);
  if (waiting > 0) {
    const until = Math.max(...summaries.map((s) => s.waitingUntil ?? 0));
    lines.push(
      `${waiting} alert(s) waiting: run again after ${new Date(until).toISOString()} to settle them (exit code 3).`,
    );
  }
  for (const summary of summaries) {
    for (const error of summary.errors) {
      lines.push(
        `! ${summary.tenantName}${error.alertId ? ` (alert ${error.alertId})` : ''}: ${error.message}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `--json`: the run summary a cron wrapper or a dashboard reads. */
export function jsonSummary(summaries: RunSummary[]) {
  const total = (pick: (s: RunSummary) => number) => summaries.reduce((sum, s) => sum + pick(s), 0);
  return {
    fetched: total((s) => s.fetched),
    created: total((s) => s.created),
    grouped: total((s) => s.grouped),
    skippedDuplicates: total((s) => s.duplicates),
    filtered: total((s) => s.filtered),
    suppressed: total((s) => s.suppressed),
    failed: total((s) => withoutIssue(s)),
    waiting: total((s) => s.waiting),
    ipLookups: total((s) => s.ipLookups),
    cacheHits: total((s) => s.cacheHits),
    skippedPrivateIps: total((s) => s.privateSkipped),
    pendingVerdicts: total((s) => s.pendingVerdicts),
    tenants: summaries.map((s) => ({
      id: s.tenantId,
      name: s.tenantName,
      status: s.status,
      fetched: s.fetched,
      created: s.created,
      grouped: s.grouped,
      skippedDuplicates: s.duplicates,
      filtered: s.filtered,
      suppressed: s.suppressed,
      failed: withoutIssue(s),
      waiting: s.waiting,
      ...(s.waitingUntil !== undefined
        ? { waitingUntil: new Date(s.waitingUntil).toISOString() }
        : {}),
      errors: s.errors.map((error) =>
        error.alertId ? `alert ${error.alertId}: ${error.message}` : error.message,
      ),
    })),
  };
}

/** The CLI's exit codes (README): 2, a bad config, is decided before any sync. */
export const EXIT = { ok: 0, failed: 1, config: 2, waiting: 3 } as const;

/**
 * 0 when every alert has its outcome (an issue, already one, filtered or suppressed); 1 when an
 * alert has no issue or a tenant failed; 3 when nothing failed but alerts are waiting for the
 * outcome of their create (a later run after `waitingUntil` settles them, none twice).
 */
export function exitCodeFor(summaries: RunSummary[]): number {
  if (summaries.some((s) => s.status === 'error' || withoutIssue(s) > 0)) return EXIT.failed;
  if (summaries.some((s) => s.waiting > 0)) return EXIT.waiting;
  return EXIT.ok;
}

/** A sandbox tenant as a newcomer types it into "Add tenant". */
export interface SandboxTenantCredentials {
  name: string;
  id: string;
  url: string;
  /** MCAS API token tenants. */
  token?: string;
  /** Entra app tenants (Graph). */
  entraTenantId?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * What a newcomer needs to add the sandbox's tenants and key on the settings page. Every value
 * here is a simulator credential defined in `sandbox/scenarios` (it opens nothing but the local
 * simulators); nothing read from the environment or a config file is ever passed in.
 */
export function formatSandboxCredentials(
  tenants: readonly SandboxTenantCredentials[],
  abuseIpdbKey: string,
): string {
  const lines = [
    'Sandbox credentials (simulator values, not secrets; for Add tenant and AbuseIPDB):',
  ];
  for (const tenant of tenants) {
    lines.push(`  ${tenant.name} (id ${tenant.id})`, `    URL:            ${tenant.url}`);
    if (tenant.token !== undefined) lines.push(`    API token:      ${tenant.token}`);
    if (tenant.clientId !== undefined) {
      lines.push(
        `    Entra tenant:   ${tenant.entraTenantId ?? ''}`,
        `    Client id:      ${tenant.clientId}`,
        `    Client secret:  ${tenant.clientSecret ?? ''}`,
      );
    }
  }
  lines.push(`  AbuseIPDB key:    ${abuseIpdbKey}`);
  return `${lines.join('\n')}\n`;
}
