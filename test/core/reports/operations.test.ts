import { newRunSummary } from '../../../src/core/model';
import type { RunSummary } from '../../../src/core/model';
import { createdOnDayJql, operationsByDay, quotaUsed } from '../../../src/core/reports/operations';

const at = (iso: string) => Date.parse(iso);

function run(tenantId: string, startedAt: number, counts: Partial<RunSummary>): RunSummary {
  return {
    ...newRunSummary({
      runId: `${tenantId}-${startedAt}`,
      projectId: '10000',
      projectKey: 'SEC',
      tenantId,
      tenantName: tenantId.toUpperCase(),
      trigger: 'schedule',
      startedAt,
    }),
    ...counts,
  };
}

describe('operationsByDay', () => {
  it('adds up created, failed, suppressed and grouped per UTC day and tenant, and look-ups per day', () => {
    const days = operationsByDay(
      [
        run('contoso', at('2026-11-30T00:05:00Z'), { created: 3, ipLookups: 4 }),
        run('contoso', at('2026-11-30T10:05:00Z'), { created: 2, failed: 1, ipLookups: 1 }),
        run('fabrikam', at('2026-11-30T10:05:00Z'), { suppressed: 5, grouped: 2 }),
        run('contoso', at('2026-11-29T23:55:00Z'), { created: 7 }),
        run('contoso', at('2026-11-01T00:00:00Z'), { created: 99 }),
      ],
      { days: 2, now: at('2026-11-30T12:00:00Z') },
    );
    expect(days).toEqual([
      {
        day: '2026-11-29',
        tenants: [
          {
            tenantId: 'contoso',
            tenantName: 'CONTOSO',
            created: 7,
            failed: 0,
            suppressed: 0,
            grouped: 0,
          },
        ],
        ipLookups: 0,
      },
      {
        day: '2026-11-30',
        tenants: [
          {
            tenantId: 'contoso',
            tenantName: 'CONTOSO',
            created: 5,
            failed: 1,
            suppressed: 0,
            grouped: 0,
          },
          {
            tenantId: 'fabrikam',
            tenantName: 'FABRIKAM',
            created: 0,
            failed: 0,
            suppressed: 5,
            grouped: 2,
          },
        ],
        ipLookups: 5,
      },
    ]);
  });
});

describe('quotaUsed', () => {
  it('is the share of the daily limit, unknown without a limit', () => {
    expect(quotaUsed(250, 1000)).toBe(0.25);
    expect(quotaUsed(2000, 1000)).toBe(1);
    expect(quotaUsed(5, null)).toBeUndefined();
  });
});

describe('createdOnDayJql', () => {
  it("searches the issues created that UTC day, for the project or one tenant's alias", () => {
    expect(createdOnDayJql('SEC', '2026-11-30')).toBe(
      'project = "SEC" AND created >= "2026-11-30 00:00" AND created < "2026-12-01 00:00"',
    );
    expect(createdOnDayJql('SEC', '2026-11-30', 'contoso')).toBe(
      'project = "SEC" AND mcasTenant = "contoso" AND created >= "2026-11-30 00:00" AND created < "2026-12-01 00:00"',
    );
  });
});
