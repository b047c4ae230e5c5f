/** The write-pacing arithmetic and the write meter (docs/architecture.md, "Forge KVS budget"). */
import { z } from 'zod';
import {
  KVS_WRITES_PER_MINUTE,
  SYNC_WRITES_PER_MINUTE,
  WRITES_PER_PAGE,
  meteredStore,
  pacedDelaySeconds,
  startSpreadSeconds,
  writeShare,
} from '../../src/sync/write-pacing';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';

describe('write pacing', () => {
  it('leaves headroom under the documented 4,000 writes a minute for everything but syncs', () => {
    expect(SYNC_WRITES_PER_MINUTE).toBeLessThan(KVS_WRITES_PER_MINUTE);
  });

  it('gives tenants synced together shares that add up to at most the syncs’ budget', () => {
    for (const tenants of [1, 3, 7, 50, 400]) {
      expect(writeShare(tenants) * tenants).toBeLessThanOrEqual(SYNC_WRITES_PER_MINUTE);
    }
    expect(writeShare(50)).toBe(72);
  });

  it('spreads first pages so that they fit the budget, never in less than a minute', () => {
    expect(startSpreadSeconds(3)).toBe(60);
    const spread = startSpreadSeconds(50);
    // 50 first pages of ≈ 115 writes, at most 3,600 a minute.
    expect((50 * WRITES_PER_PAGE) / (spread / 60)).toBeLessThanOrEqual(SYNC_WRITES_PER_MINUTE);
  });

  it('delays the next invocation until the writes made average the share', () => {
    expect(pacedDelaySeconds(144, 72, 0)).toBe(120);
    expect(pacedDelaySeconds(144, 72, 30_000)).toBe(90);
    expect(pacedDelaySeconds(10, 72, 60_000)).toBe(0);
  });

  it('counts write requests as Forge does: a batch write of up to 20 keys is one', async () => {
    const meter = meteredStore(createMemoryStore());
    await meter.store.set('a', 1);
    await meter.store.setIfAbsent('b', 1);
    await meter.store.setMany(
      Array.from({ length: 41 }, (_, index) => ({ key: `k${index}`, value: index })),
    );
    await meter.store.delete('a');
    await meter.store.get('b', z.unknown());
    expect(meter.writes()).toBe(1 + 1 + 3 + 1);
  });
});
