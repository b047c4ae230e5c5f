/** The CLI's summary: each count, the waiting alerts with when they settle, and the exit code. */
import { newRunSummary } from '../../src/core/model';
import type { RunSummary } from '../../src/core/model';
import { EXIT, exitCodeFor, formatSummaryTable, jsonSummary } from '../../sandbox/cli/print';

const summary = (counts: Partial<RunSummary>): RunSummary => ({
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

const WAITING = summary({
  fetched: 6,
  created: 3,
  duplicates: 1,
  filtered: 1,
  waiting: 1,
  waitingUntil: Date.UTC(2026, 10, 30, 5, 16),
  status: 'partial',
});

describe('CLI summary', () => {
  it('shows every count of the sum, and when the waiting alerts settle', () => {
    const table = formatSummaryTable([WAITING]);
    const [head, , row] = table.split('\n');
    expect(head?.split(/\s{2,}/).slice(2, 10)).toEqual([
      'fetched',
      'created',
      'had issue',
      'filtered',
      'grouped',
      'suppressed',
      'failed',
      'waiting',
    ]);
    expect(row?.split(/\s{2,}/).slice(2, 10)).toEqual(['6', '3', '1', '1', '0', '0', '0', '1']);
    expect(table).toContain(
      '1 alert(s) waiting: run again after 2026-11-30T05:16:00.000Z to settle them (exit code 3).',
    );
    expect(jsonSummary([WAITING]).tenants[0]).toMatchObject({
      filtered: 1,
      waiting: 1,
      waitingUntil: '2026-11-30T05:16:00.000Z',
    });
  });

  it('exits 3 when alerts wait and nothing failed, 1 when an alert has no issue, else 0', () => {
    expect(exitCodeFor([WAITING])).toBe(EXIT.waiting);
    expect(exitCodeFor([WAITING, summary({ fetched: 1, rejected: 1 })])).toBe(EXIT.failed);
    expect(exitCodeFor([summary({ fetched: 2, created: 1, filtered: 1 })])).toBe(EXIT.ok);
  });
});
