import { ProjectId } from '../../src/core/config';
import type { RunSummary } from '../../src/core/model';
import { newRunSummary } from '../../src/core/model';
import {
  RUN_ERRORS_LIMIT,
  RUN_HISTORY_LIMIT,
  listRuns,
  recordRun,
} from '../../src/sync/repository';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';

const SEC = ProjectId.parse('10000');

function aRun(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    ...newRunSummary({
      runId: 'r',
      projectId: SEC,
      projectKey: 'SEC',
      tenantId: 'contoso',
      tenantName: 'Contoso EU',
      trigger: 'schedule',
      startedAt: Date.UTC(2026, 10, 28),
    }),
    ...overrides,
  };
}

describe('run history', () => {
  it('keeps the newest 50 runs, newest first', async () => {
    const store = createMemoryStore();
    for (let minute = 0; minute < RUN_HISTORY_LIMIT + 5; minute += 1) {
      await recordRun(
        store,
        aRun({ runId: `run-${minute}`, startedAt: Date.UTC(2026, 10, 28, 8, minute) }),
      );
    }
    const runs = await listRuns(store, SEC);
    expect(runs).toHaveLength(RUN_HISTORY_LIMIT);
    expect(runs[0]?.runId).toBe(`run-${RUN_HISTORY_LIMIT + 4}`);
    expect(runs.at(-1)?.runId).toBe('run-5');
  });

  it('keeps the first errors of a run with thousands and says how many more there were', async () => {
    const store = createMemoryStore();
    const errors = Array.from({ length: 3000 }, (_, index) => ({
      alertId: `alert-${index}`,
      message: `SEC-${index} was created without field customfield_10056, which Jira refused: Option id 'x' is not valid.`,
    }));
    await recordRun(store, aRun({ status: 'partial', errors }));
    const [run] = await listRuns(store, SEC);
    expect(run?.errors).toHaveLength(RUN_ERRORS_LIMIT + 1);
    expect(run?.errors.at(-1)?.message).toContain('…and 2950 more errors');
  });
});
