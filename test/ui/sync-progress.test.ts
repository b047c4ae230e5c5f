/** What "Sync now" reports while it runs and when it ends (issue 14, finding 7). */
import { newRunSummary } from '../../src/core/model';
import type { RunSummary } from '../../src/core/model';
import { describeOutcome, syncProgress } from '../../static/settings/src/runs/sync-progress';

const AT = Date.UTC(2026, 10, 30, 9);
const TENANTS = [
  { tenantId: 'contoso', tenantName: 'Contoso EU' },
  { tenantId: 'fabrikam', tenantName: 'Fabrikam US' },
];

function run(tenantId: string, startedAt: number, counts: Partial<RunSummary> = {}): RunSummary {
  return {
    ...newRunSummary({
      runId: `${tenantId}-${startedAt}`,
      projectId: '10000',
      projectKey: 'SEC',
      tenantId,
      tenantName: tenantId,
      trigger: 'manual',
      startedAt,
    }),
    ...counts,
  };
}

it('counts a tenant done only when its latest run since the request did not continue', () => {
  const progress = syncProgress(
    TENANTS,
    [
      run('contoso', AT - 1, { created: 99 }), // before the request: not this sync's
      run('contoso', AT + 1, { created: 10, continued: true }),
      run('fabrikam', AT + 2, { created: 1, suppressed: 2 }),
    ],
    AT,
  );
  expect(progress.phases).toEqual({ contoso: 'running', fabrikam: 'done' });
  expect(progress.done).toBe(1);
  expect(progress.fraction).toBe(0.75);
  expect(progress.counts).toMatchObject({ created: 11, suppressed: 2 });
});

it('says what a finished sync did, in words', () => {
  const none = { fetched: 0, created: 0, duplicates: 0, suppressed: 0, failed: 0, waiting: 0 };
  expect(describeOutcome(none)).toBe('No new alerts: nothing to create.');
  expect(describeOutcome({ ...none, fetched: 6, created: 1, suppressed: 3, failed: 2 })).toBe(
    '1 issue created, 3 suppressed by rules, 2 failed (see Failed alerts).',
  );
  expect(describeOutcome({ ...none, fetched: 2, created: 1, waiting: 1 })).toBe(
    "1 issue created, 1 waiting for Jira's answer to be settled.",
  );
});
