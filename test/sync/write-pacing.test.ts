/** The storage-pacing arithmetic (docs/architecture.md, "Forge KVS budget"). */
import {
  KVS_REQUESTS_PER_SECOND,
  KVS_WRITES_PER_MINUTE,
  SYNC_REQUESTS_PER_SECOND,
  SYNC_WRITES_PER_MINUTE,
  WRITES_PER_PAGE,
  paceFrom,
  pacedUntil,
  requestShare,
  startSpreadSeconds,
  writeShare,
} from '../../src/sync/write-pacing';

describe('storage pacing', () => {
  it('leaves headroom under the documented limits for everything but syncs', () => {
    expect(SYNC_WRITES_PER_MINUTE).toBeLessThan(KVS_WRITES_PER_MINUTE);
    expect(SYNC_REQUESTS_PER_SECOND).toBeLessThan(KVS_REQUESTS_PER_SECOND);
  });

  it('gives tenants synced together shares that add up to at most the syncs’ budget', () => {
    for (const tenants of [1, 3, 7, 50, 400]) {
      expect(writeShare(tenants) * tenants).toBeLessThanOrEqual(SYNC_WRITES_PER_MINUTE);
      if (tenants <= SYNC_REQUESTS_PER_SECOND) {
        expect(requestShare(tenants) * tenants).toBeLessThanOrEqual(SYNC_REQUESTS_PER_SECOND);
      }
    }
    expect(writeShare(50)).toBe(72);
    expect(requestShare(50)).toBe(18);
  });

  it('spreads first pages so that they fit the budget, never in less than a minute', () => {
    expect(startSpreadSeconds(3)).toBe(60);
    const spread = startSpreadSeconds(50);
    // 50 first pages, at most 3,600 writes a minute.
    expect((50 * WRITES_PER_PAGE) / (spread / 60)).toBeLessThanOrEqual(SYNC_WRITES_PER_MINUTE);
  });

  it('pays for a run in whole page slots of its reads or writes, whichever is larger', () => {
    const pace = { share: WRITES_PER_PAGE, from: 1_000_000 };
    // One slot is one minute at a share of one page a minute.
    expect(pacedUntil(pace, 1, 0)).toBe(1_060_000);
    expect(pacedUntil(pace, WRITES_PER_PAGE, 3)).toBe(1_060_000);
    expect(pacedUntil(pace, WRITES_PER_PAGE + 1, 0)).toBe(1_120_000);
    // Reads count against their own, equal share.
    expect(pacedUntil(pace, 10, 2 * WRITES_PER_PAGE + 1)).toBe(1_180_000);
    expect(pacedUntil(pace, 0, 0)).toBe(1_000_000);
  });

  it('keeps a chain on its pace when a follow-up comes a little late, not when it comes much later', () => {
    expect(paceFrom(undefined, 5_000)).toBe(5_000);
    // Early (delivered before its pace): counted from its pace.
    expect(paceFrom(9_000, 5_000)).toBe(9_000);
    // A second late (whole-second delays): still the chain's pace, so lateness does not add up.
    expect(paceFrom(9_000, 10_000)).toBe(9_000);
    // A minute late: from now, with no credit for the time it waited.
    expect(paceFrom(9_000, 69_000)).toBe(67_000);
  });
});
