/** What the CLI prints: one block per alert, like the tool it replaces, then a summary table. */
import type { RunSummary } from '../../src/core/model';
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
  ['fetched', (s) => s.fetched],
  ['created', (s) => s.created],
  ['duplicates', (s) => s.duplicates],
  ['grouped', (s) => s.grouped],
  ['suppressed', (s) => s.suppressed],
  ['failed', (s) => s.failed + s.rejected + s.malformed],
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
    suppressed: total((s) => s.suppressed),
    failed: total((s) => s.failed + s.rejected + s.malformed),
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
      failed: s.failed + s.rejected + s.malformed,
      errors: s.errors.map((error) =>
        error.alertId ? `alert ${error.alertId}: ${error.message}` : error.message,
      ),
    })),
  };
}

/** 0 when every alert became an issue (or was a duplicate/suppressed), 1 otherwise. */
export function exitCodeFor(summaries: RunSummary[]): number {
  return summaries.some((s) => s.status === 'error' || s.failed + s.rejected + s.malformed > 0)
    ? 1
    : 0;
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
