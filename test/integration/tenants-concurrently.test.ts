/**
 * The CLI syncs a project's tenants at the same time, as Forge's queue runs one event per tenant
 * in parallel: with every MCAS answer delayed, requests of different tenants are in flight at once.
 */
import type { Http } from '../../src/ports';
import { startHarness, total } from './harness';

describe('project sync', () => {
  it('syncs the tenants concurrently, each exactly once', async () => {
    const harness = await startHarness({ sandbox: { faults: { mcas: { latencyMs: 100 } } } });
    try {
      const http = harness.deps.http;
      const inFlight = new Map<string, number>();
      let mostTenantsAtOnce = 0;
      const tracking: Http = async (url, init) => {
        const tenant = /\/t\/([^/]+)\/api\//.exec(url)?.[1];
        if (tenant === undefined) return http(url, init);
        inFlight.set(tenant, (inFlight.get(tenant) ?? 0) + 1);
        mostTenantsAtOnce = Math.max(
          mostTenantsAtOnce,
          [...inFlight.values()].filter((count) => count > 0).length,
        );
        try {
          return await http(url, init);
        } finally {
          inFlight.set(tenant, (inFlight.get(tenant) ?? 1) - 1);
        }
      };
      harness.deps.http = tracking;
      const summaries = await harness.sync();
      expect(summaries.map((summary) => summary.status)).toEqual(['ok', 'ok', 'ok']);
      expect(total(summaries, (summary) => summary.created)).toBe(15);
      expect(mostTenantsAtOnce).toBe(3);
    } finally {
      await harness.close();
    }
  });
});
