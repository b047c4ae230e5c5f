/** A run's counts add up: every fetched alert has exactly one outcome. */
import { newRunSummary } from '../../src/core/model';
import { accountedFor, runCountsProblem, withoutIssue } from '../../src/core/run-counts';

const run = (counts: Partial<ReturnType<typeof newRunSummary>>) => ({
  ...newRunSummary({
    runId: 'r',
    projectId: '10000',
    projectKey: 'SEC',
    tenantId: 'contoso',
    tenantName: 'Contoso',
    trigger: 'cli',
    startedAt: 0,
  }),
  ...counts,
});

describe('runCountsProblem', () => {
  it('accepts fetched = created + had issue + filtered + suppressed + failed + waiting', () => {
    const counts = run({
      fetched: 16,
      created: 4,
      duplicates: 3,
      filtered: 1,
      suppressed: 2,
      rejected: 1,
      failed: 1,
      malformed: 1,
      waiting: 3,
    });
    expect(accountedFor(counts)).toBe(16);
    expect(runCountsProblem(counts)).toBeUndefined();
    expect(withoutIssue(counts)).toBe(3);
  });

  it('names every count when an alert is missing, e.g. an informational alert in no count', () => {
    expect(runCountsProblem(run({ fetched: 10, created: 9 }))).toBe(
      'fetched 10 ≠ created 9 + duplicates 0 + filtered 0 + suppressed 0 + grouped 0 + rejected 0 + failed 0 + malformed 0 + waiting 0 = 9',
    );
  });

  it('catches an alert counted twice', () => {
    expect(runCountsProblem(run({ fetched: 1, created: 1, waiting: 1 }))).toMatch(/= 2$/);
  });
});
