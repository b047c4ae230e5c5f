import { bucketIndexOf, bucketStart, reportBuckets } from '../../../src/core/reports/period';

const at = (iso: string) => Date.parse(iso);

describe('reportBuckets', () => {
  it('ends with the day holding now and goes back one day a bucket', () => {
    const buckets = reportBuckets('day', 3, at('2026-11-30T15:20:00Z'));
    expect(buckets.map((b) => b.label)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(buckets[2]).toMatchObject({
      start: at('2026-11-30T00:00:00Z'),
      end: at('2026-12-01T00:00:00Z'),
    });
  });

  it('starts weeks on Monday (ISO 8601), in UTC', () => {
    // 2026-11-29 is a Sunday: it belongs to the week of Monday 2026-11-23.
    expect(bucketStart('week', at('2026-11-29T23:59:59Z'))).toBe(at('2026-11-23T00:00:00Z'));
    const buckets = reportBuckets('week', 2, at('2026-11-30T01:00:00Z'));
    expect(buckets.map((b) => b.label)).toEqual(['2026-11-23', '2026-11-30']);
    expect(buckets[1]?.end).toBe(at('2026-12-07T00:00:00Z'));
  });

  it('makes calendar months of their own length across a year boundary', () => {
    const buckets = reportBuckets('month', 12, at('2026-02-10T00:00:00Z'));
    expect(buckets[0]?.label).toBe('2025-03');
    expect(buckets.map((b) => b.label).slice(-3)).toEqual(['2025-12', '2026-01', '2026-02']);
    const february = buckets[11];
    expect(february && (february.end - february.start) / 86_400_000).toBe(28);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]?.start).toBe(buckets[i - 1]?.end);
  });

  it('refuses ranges outside 1…the maximum', () => {
    expect(() => reportBuckets('day', 0, 0)).toThrow(RangeError);
    expect(() => reportBuckets('month', 25, 0)).toThrow(RangeError);
  });
});

describe('bucketIndexOf', () => {
  const buckets = reportBuckets('month', 3, at('2026-11-15T00:00:00Z'));
  it('finds the bucket by its inclusive start and exclusive end', () => {
    expect(bucketIndexOf(buckets, at('2026-09-01T00:00:00Z'))).toBe(0);
    expect(bucketIndexOf(buckets, at('2026-09-30T23:59:59.999Z'))).toBe(0);
    expect(bucketIndexOf(buckets, at('2026-10-01T00:00:00Z'))).toBe(1);
    expect(bucketIndexOf(buckets, at('2026-11-30T23:59:59Z'))).toBe(2);
  });
  it('answers -1 outside the range', () => {
    expect(bucketIndexOf(buckets, at('2026-08-31T23:59:59Z'))).toBe(-1);
    expect(bucketIndexOf(buckets, at('2026-12-01T00:00:00Z'))).toBe(-1);
  });
});
