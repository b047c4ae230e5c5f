/**
 * A large, deterministic scenario for the benchmark and the paging tests: many tenants, thousands
 * of alerts, a fixed pool of public addresses (so the AbuseIPDB floor is known), and alerts that
 * share one timestamp across every 100-alert page boundary of each tenant (MCAS `date.gte` paging
 * must handle them all).
 */
import ipaddr from 'ipaddr.js';
import type { RawMcasAlert } from '../sim';
import type { AlertUser } from './alert-shape';
import { AZURE, EXCHANGE, OFFICE_365, ONEDRIVE, mcasAlert } from './alert-shape';
import type { Scenario } from './seed';

export interface LargeScenarioOptions {
  alerts: number;
  tenants: number;
  distinctPublicIps: number;
  seed: number;
  /** Alerts end one hour before this time and spread over the week before. Default: a fixed date. */
  now?: number;
}

const PAGE = 100;
const HOUR = 3_600_000;
const TITLES = [
  'Impossible travel activity',
  'Activity from a Tor IP address',
  'Leaked credentials',
  'Multiple failed login attempts',
  'Suspicious inbox forwarding',
  'Risky sign-in: anonymous IP address',
  'Mass download',
  'Activity from infrequent country',
  'Ransomware activity',
  'Unusual file share',
  'Misleading OAuth app name',
  'Multiple delete VM activities',
  'Suspicious inbox manipulation rule',
  'Unusual administrative activity',
  'Malware detected',
];
const SERVICES = [OFFICE_365, AZURE, EXCHANGE, ONEDRIVE];
const PRIVATE_IPS = ['10.0.4.17', '192.168.10.5', '172.16.8.30', '100.64.3.9'];

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function publicIpPool(size: number, random: () => number): string[] {
  const pool = new Set<string>();
  while (pool.size < size) {
    const octets = Array.from({ length: 4 }, () => Math.floor(random() * 256));
    const ip = octets.join('.');
    if (ipaddr.parse(ip).range() === 'unicast') pool.add(ip);
  }
  return [...pool];
}

/** Sorted timestamps with the alerts around each page boundary sharing one timestamp. */
function tenantTimestamps(
  count: number,
  start: number,
  end: number,
  random: () => number,
): number[] {
  const times = Array.from({ length: count }, () =>
    Math.floor(start + random() * (end - start)),
  ).sort((a, b) => a - b);
  for (let boundary = PAGE; boundary < count; boundary += PAGE) {
    const shared = times[boundary - 2];
    if (shared === undefined) continue;
    for (let i = boundary - 2; i <= Math.min(boundary + 1, count - 1); i += 1) times[i] = shared;
  }
  return times;
}

export function largeScenario(options: LargeScenarioOptions): Scenario {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const end = (options.now ?? Date.UTC(2026, 10, 30, 8, 0, 0)) - HOUR;
  const start = end - 7 * 24 * HOUR;
  const pool = publicIpPool(options.distinctPublicIps, random);
  const tenants = Array.from({ length: options.tenants }, (_, i) => {
    const number = String(i + 1).padStart(2, '0');
    return { id: `tenant-${number}`, name: `Tenant ${number}`, token: `tenant-${number}-token` };
  });
  const alertsByTenant: Record<string, RawMcasAlert[]> = {};
  let alertIndex = 0;
  tenants.forEach((tenant, tenantIndex) => {
    const count =
      Math.floor(options.alerts / options.tenants) +
      (tenantIndex < options.alerts % options.tenants ? 1 : 0);
    const users: AlertUser[] = Array.from({ length: 12 }, (_, u) => ({
      name: `User ${u + 1}`,
      email: `user${u + 1}@${tenant.id}.example.com`,
    }));
    alertsByTenant[tenant.id] = tenantTimestamps(count, start, end, random).map((timestamp) => {
      // Every pool address is used at least once, then addresses repeat across alerts and tenants.
      const ips = [pool[alertIndex % pool.length] ?? pick(pool)];
      if (random() < 0.4) ips.push(pick(pool));
      if (random() < 0.2) ips.push(pick(PRIVATE_IPS));
      const title = pick(TITLES);
      const user = pick(users);
      alertIndex += 1;
      return mcasAlert({
        tenantId: tenant.id,
        timestamp,
        title,
        severity: Math.floor(random() * 3),
        users: [user],
        ips: [...new Set(ips)],
        service: pick(SERVICES),
        groupTags: random() < 0.1 ? ['Staff'] : [],
        description: `<p>${title} for <b>${user.name}</b> from ${ips.join(', ')}.</p>`,
        salt: `${tenant.id}:${alertIndex}`,
      });
    });
  });
  // No overrides: every address gets the simulator's derived, deterministic verdict.
  return { tenants, alertsByTenant, verdicts: {} };
}
