import { buildReport } from '../../../src/core/reports/aggregate';
import { csvCell, reportCsv } from '../../../src/core/reports/csv';

describe('csvCell', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-tenant')).toBe("'-tenant");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('contoso')).toBe('contoso');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});

describe('reportCsv', () => {
  it('writes one row per bucket with the chosen stack as columns', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const report = buildReport(
      [
        {
          key: 'SEC-1',
          created: now - 3_600_000,
          resolution: 'Done',
          resolved: now,
          title: 't',
          tenantId: '=cmd',
          users: [],
          ips: [],
        },
      ],
      { projectKey: 'SEC', period: 'day', buckets: 2, now, maliciousThreshold: 75 },
    );
    expect(reportCsv(report, 'tenant').split('\r\n')).toEqual([
      'bucket start (UTC),created,still open,resolved,median hours to resolve,p90 hours to resolve,tenant: =cmd',
      '2026-11-29,0,0,0,,,0',
      '2026-11-30,1,0,1,1,1,1',
      '',
    ]);
  });
});
