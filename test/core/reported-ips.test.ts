import { findingSentence, reportedIpsText, verdictSentence } from '../../src/core/reported-ips';
import { publicFinding, verdict } from './fixtures/domain';

describe('verdictSentence', () => {
  it('reads exactly as the original tool wrote it', () => {
    expect(verdictSentence(verdict())).toBe(
      'The IP 150.129.8.24 was reported 261 times within 90 days — Country: NL — Usage type: Data Center/Web Hosting/Transit — ISP: LiteServer Holding B.V. — Abuse confidence: 100%',
    );
  });

  it('says "1 time", "unknown" for missing parts, and flags Tor exit nodes', () => {
    expect(
      verdictSentence(
        verdict({
          ip: '2001:67c:2e8::1',
          totalReports: 1,
          maxAgeInDays: 1,
          countryCode: null,
          usageType: null,
          isp: ' ',
          abuseConfidenceScore: 7,
          isTor: true,
        }),
      ),
    ).toBe(
      'The IP 2001:67c:2e8::1 was reported 1 time within 1 day — Country: unknown — Usage type: unknown — ISP: unknown — Abuse confidence: 7% — Tor exit node',
    );
  });
});

describe('findingSentence', () => {
  it('explains a pending verdict', () => {
    expect(findingSentence({ ip: '150.129.8.24', range: 'public', pending: true })).toBe(
      'The IP 150.129.8.24 is waiting for an AbuseIPDB verdict (daily quota reached); it will be filled in by a later run.',
    );
  });

  it.each([
    ['10.0.0.5', 'private', 'The IP 10.0.0.5 is in a private range and was not looked up.'],
    [
      '100.64.0.1',
      'carrierGradeNat',
      'The IP 100.64.0.1 is in the carrier-grade NAT range and was not looked up.',
    ],
    ['fe80::1', 'linkLocal', 'The IP fe80::1 is in a link-local range and was not looked up.'],
    [
      '2001:db8::1',
      'documentation',
      'The IP 2001:db8::1 is in a documentation range and was not looked up.',
    ],
  ] as const)('names the range of %s', (ip, range, sentence) => {
    expect(findingSentence({ ip, range })).toBe(sentence);
  });

  it('says so when a public address has no verdict', () => {
    expect(findingSentence({ ip: '8.8.8.8', range: 'public' })).toBe(
      'The IP 8.8.8.8 has no AbuseIPDB verdict.',
    );
  });
});

describe('reportedIpsText', () => {
  it('is one sentence per address, newline-separated, and empty without addresses', () => {
    expect(reportedIpsText([])).toBe('');
    const text = reportedIpsText([publicFinding(), { ip: '10.0.0.5', range: 'private' }]);
    expect(text.split('\n')).toEqual([
      verdictSentence(verdict()),
      'The IP 10.0.0.5 is in a private range and was not looked up.',
    ]);
  });
});

describe('reportedIpsText for an alert with very many addresses', () => {
  it('keeps the field under Jira’s limit by summing up past the first 50', () => {
    const findings = Array.from({ length: 400 }, (_, index) => ({
      ip: `10.0.${Math.floor(index / 250)}.${index % 250}`,
      range: 'private' as const,
    }));
    const text = reportedIpsText(findings);
    expect(text.split('\n')).toHaveLength(51);
    expect(text).toContain('…and 350 more IP addresses');
    expect(text.length).toBeLessThan(32_767);
  });
});
