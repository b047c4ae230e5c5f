import ipaddr from 'ipaddr.js';
import { largeScenario } from '../../sandbox/scenarios/large';
import { TOR_EXIT_IP, IPV6_IN_TEXT, mondayScenario } from '../../sandbox/scenarios/monday';
import { SANDBOX_ABUSEIPDB_KEY, seedSandbox } from '../../sandbox/scenarios/seed';
import type { RawMcasAlert } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const HOUR = 3_600_000;

function entityIps(alert: RawMcasAlert): string[] {
  const entities = (alert.entities ?? []) as { type: string; id: unknown }[];
  return entities.filter((entity) => entity.type === 'ip').map((entity) => String(entity.id));
}

describe('Monday scenario', () => {
  const scenario = mondayScenario(NOW);
  const alerts = Object.values(scenario.alertsByTenant).flat();

  it('has 15 weekend alerts across three tenants, with realistic MCAS shapes', () => {
    expect(scenario.tenants.map((tenant) => tenant.name)).toEqual([
      'Contoso EU',
      'Fabrikam US',
      'Northwind Traders',
    ]);
    expect(alerts).toHaveLength(15);
    expect(new Set(alerts.map((alert) => alert.title)).size).toBe(15);
    for (const alert of alerts) {
      expect(alert._id).toMatch(/^[0-9a-f]{24}$/);
      expect(alert.timestamp).toBeGreaterThanOrEqual(NOW - 60 * HOUR);
      expect(alert.timestamp).toBeLessThanOrEqual(NOW - 2 * HOUR);
    }
    const withUrl = alerts.filter((alert) => typeof alert.URL === 'string');
    expect(withUrl).toHaveLength(14);
    for (const [tenantId, list] of Object.entries(scenario.alertsByTenant)) {
      for (const alert of list.filter((a) => a.URL))
        expect(alert.URL).toBe(
          `https://${tenantId}.portal.cloudappsecurity.com/#/alerts/${alert._id}`,
        );
    }
    expect(new Set(alerts.map((alert) => alert.severityValue))).toEqual(new Set([0, 1, 2]));
  });

  it('mixes shared public, private, CGNAT, text-only and IPv6 addresses', () => {
    const ips = alerts.flatMap(entityIps);
    const counts = new Map<string, number>();
    for (const ip of ips) counts.set(ip, (counts.get(ip) ?? 0) + 1);
    expect(counts.get(TOR_EXIT_IP)).toBe(3);
    expect(counts.get('45.155.205.233')).toBe(2);
    const ranges = new Set(ips.map((ip) => ipaddr.parse(ip).range()));
    expect(ranges).toEqual(new Set(['unicast', 'private', 'carrierGradeNat']));
    const texts = alerts
      .map((alert) => (typeof alert.description === 'string' ? alert.description : ''))
      .join(' ');
    expect(texts).toContain(IPV6_IN_TEXT);
    expect(ips).not.toContain('194.165.16.11');
    expect(texts).toContain('194.165.16.11');
    const leaked = alerts.find((alert) => alert.title === 'Leaked credentials');
    expect(JSON.stringify(leaked?.entities)).toContain('"label":"Staff"');
    expect(scenario.verdicts[TOR_EXIT_IP]).toMatchObject({
      totalReports: 261,
      isTor: true,
      abuseConfidenceScore: 100,
    });
  });

  it('seeds the simulators so tenants answer over HTTP with their own token', async () => {
    const sandbox = await startSandbox({ now: () => NOW });
    try {
      const seeded = seedSandbox(sandbox, scenario);
      expect(seeded.alertCount).toBe(15);
      const contoso = seeded.tenants.find((tenant) => tenant.id === 'contoso');
      const response = await fetch(`${contoso?.url ?? ''}/api/v1/alerts/`, {
        method: 'POST',
        headers: { Authorization: `Token ${contoso?.token ?? ''}` },
        body: JSON.stringify({ filters: { date: { gte: NOW - 72 * HOUR } } }),
      });
      expect(((await response.json()) as { total: number }).total).toBe(5);
      const verdict = await fetch(`${sandbox.abuseipdb.url}/check?ipAddress=${TOR_EXIT_IP}`, {
        headers: { Key: SANDBOX_ABUSEIPDB_KEY, Accept: 'application/json' },
      });
      expect(((await verdict.json()) as { data: { isp: string } }).data.isp).toBe(
        'LiteServer Holding B.V.',
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe('large scenario', () => {
  const options = { alerts: 2000, tenants: 10, distinctPublicIps: 300, seed: 42, now: NOW };
  const scenario = largeScenario(options);

  it('is deterministic for a seed and has the asked sizes', () => {
    expect(largeScenario(options)).toEqual(scenario);
    expect(largeScenario({ ...options, seed: 43 })).not.toEqual(scenario);
    const alerts = Object.values(scenario.alertsByTenant).flat();
    expect(alerts).toHaveLength(2000);
    expect(scenario.tenants).toHaveLength(10);
    expect(new Set(alerts.map((alert) => alert._id)).size).toBe(2000);
    const publicIps = new Set(
      alerts.flatMap(entityIps).filter((ip) => ipaddr.parse(ip).range() === 'unicast'),
    );
    expect(publicIps.size).toBe(300);
  });

  it('puts alerts sharing one timestamp across each 100-alert page boundary', () => {
    for (const alerts of Object.values(scenario.alertsByTenant)) {
      const times = alerts.map((alert) => alert.timestamp).sort((a, b) => a - b);
      expect(times[99]).toBe(times[100]);
      expect(times[98]).toBe(times[101]);
    }
  });
});
