import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import type { RunSummary } from '../../../../src/contract/domain';
import { formatDuration, formatTime, plural } from '../../../shared/format';

const STATUS_APPEARANCE = { ok: 'success', partial: 'moved', error: 'removed' } as const;

/** What started a run, in the words of the page's buttons. */
export const TRIGGER_LABELS: Record<RunSummary['trigger'], string> = {
  schedule: 'Schedule',
  manual: 'Sync now',
  cli: 'Command line',
  retry: 'Retry',
};

/**
 * One row per tenant run. Its counts add up: Fetched = Created + Repeats grouped + Had an issue +
 * Filtered out + Suppressed + Failed + Waiting (core/run-counts.ts).
 */
export function RunsTable({ runs }: { runs: RunSummary[] }) {
  return (
    <DynamicTable
      caption="Last 50 runs"
      head={{
        cells: [
          { key: 'time', content: 'Time' },
          { key: 'tenant', content: 'Tenant' },
          { key: 'trigger', content: 'Trigger' },
          { key: 'status', content: 'Status' },
          { key: 'fetched', content: 'Fetched' },
          { key: 'created', content: 'Created' },
          { key: 'grouped', content: 'Repeats grouped' },
          { key: 'duplicates', content: 'Had an issue' },
          { key: 'filtered', content: 'Filtered out' },
          { key: 'suppressed', content: 'Suppressed' },
          { key: 'failed', content: 'Failed' },
          { key: 'waiting', content: 'Waiting' },
          { key: 'duration', content: 'Duration' },
          { key: 'errors', content: 'Errors' },
        ],
      }}
      rows={runs.map((run) => ({
        key: run.runId,
        testId: 'run-row',
        cells: [
          { key: 'time', content: formatTime(run.startedAt) },
          { key: 'tenant', content: run.tenantName },
          { key: 'trigger', content: TRIGGER_LABELS[run.trigger] },
          {
            key: 'status',
            content: <Lozenge appearance={STATUS_APPEARANCE[run.status]}>{run.status}</Lozenge>,
          },
          { key: 'fetched', content: run.fetched },
          { key: 'created', content: run.created },
          { key: 'grouped', content: run.grouped },
          { key: 'duplicates', content: run.duplicates },
          { key: 'filtered', content: run.filtered },
          { key: 'suppressed', content: run.suppressed },
          // Every alert without an issue, from its first refusal: refused this run (retried next
          // run), parked after its attempts, or unreadable.
          { key: 'failed', content: run.rejected + run.failed + run.malformed },
          {
            key: 'waiting',
            content:
              run.waiting > 0 && run.waitingUntil !== undefined
                ? `${run.waiting} (settled after ${formatTime(run.waitingUntil)})`
                : run.waiting,
          },
          { key: 'duration', content: formatDuration(run.durationMs) },
          {
            key: 'errors',
            content:
              run.errors.length === 0 ? (
                run.continued ? (
                  'continues in a follow-up run'
                ) : (
                  '—'
                )
              ) : (
                <details>
                  <summary>{plural(run.errors.length, 'error')}</summary>
                  <ul>
                    {run.errors.map((error, index) => (
                      <li key={index}>
                        {error.alertId !== undefined ? <code>{error.alertId}</code> : null}{' '}
                        {error.message}
                      </li>
                    ))}
                  </ul>
                </details>
              ),
          },
        ],
      }))}
    />
  );
}
