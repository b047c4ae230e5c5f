import { describeVerdictChanges } from '../../src/core/verdict-diff';
import { verdict } from './fixtures/domain';

describe('describeVerdictChanges', () => {
  it('names score and report changes', () => {
    expect(
      describeVerdictChanges(
        verdict({ abuseConfidenceScore: 12, totalReports: 3 }),
        verdict({ abuseConfidenceScore: 87, totalReports: 261 }),
      ),
    ).toBe('150.129.8.24: score 12 → 87, reports 3 → 261');
  });

  it('names Tor and country changes', () => {
    expect(
      describeVerdictChanges(
        verdict({ countryCode: null }),
        verdict({ isTor: true, countryCode: 'DE' }),
      ),
    ).toBe('150.129.8.24: now a Tor exit node, country unknown → DE');
    expect(describeVerdictChanges(verdict({ isTor: true }), verdict())).toBe(
      '150.129.8.24: no longer a Tor exit node',
    );
  });

  it('is undefined when only details that do not matter changed', () => {
    expect(
      describeVerdictChanges(
        verdict(),
        verdict({ isp: 'Other ISP', domain: null, fetchedAt: 1700000000000, numDistinctUsers: 3 }),
      ),
    ).toBeUndefined();
  });

  it('describes a first verdict', () => {
    expect(describeVerdictChanges(undefined, verdict({ isTor: true }))).toBe(
      '150.129.8.24: first verdict — score 100, reports 261, Tor exit node',
    );
  });
});
