/**
 * Generated history for reports: issues as the app would have created them over the last days,
 * across the Monday tenants, with the `mcas.alert` and `mcas.enrichment` properties the app
 * writes, and resolutions spread the way a team works them (most within a day, a long tail over
 * weeks, some never). Written straight into the sandbox Jira (`importIssue`), deterministic per
 * seed, so a report's numbers can be checked against the sandbox Jira's own counts.
 */
import type { JiraSim } from '../sim';
import { seededRandom } from './large';
import { MONDAY_TENANTS } from './monday';

export interface ReportHistoryOptions {
  projectKey: string;
  issues: number;
  days: number;
  now: number;
  seed: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Title, severity and NIST category, in rough proportion to what MCAS raises. */
const KINDS: [title: string, severity: string, category: string | undefined, weight: number][] = [
  ['Impossible travel activity', 'medium', 'compromised-user', 20],
  ['Activity from infrequent country', 'low', 'compromised-user', 16],
  ['Multiple failed login attempts', 'low', 'information-gathering', 14],
  ['Activity from a Tor IP address', 'high', 'compromised-user', 8],
  ['Mass download by a single user', 'medium', 'data-exfiltration', 8],
  ['Suspicious inbox forwarding', 'high', 'compromised-user', 6],
  ['Leaked credentials', 'high', 'compromised-user', 5],
  ['Unusual file share activity', 'medium', 'data-exfiltration', 5],
  ['Ransomware activity', 'high', 'malware', 2],
  ['Misleading OAuth app name', 'medium', 'compromised-app', 3],
  ['Unusual administrative activity', 'informational', undefined, 7],
  ['Multiple delete VM activities', 'medium', 'compromised-server', 3],
  ['Risky sign-in: anonymous IP address', 'medium', undefined, 3],
];
const WEIGHT = KINDS.reduce((sum, kind) => sum + kind[3], 0);
const USERS = [
  'megan',
  'alex',
  'adele',
  'diego',
  'grady',
  'isaiah',
  'johanna',
  'lee',
  'lidia',
  'nestor',
  'patti',
  'pradeep',
];
const OUTCOMES: [string, number][] = [
  ['Done', 70],
  ["Won't Do", 18],
  ['Duplicate', 12],
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(
  random: () => number,
  items: readonly (readonly [T, number])[],
  total: number,
): T {
  let left = random() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

/** Imports the history; answers the issue keys in creation order. */
export function seedReportHistory(jira: JiraSim, options: ReportHistoryOptions): string[] {
  const random = seededRandom(options.seed);
  const ipPool = Array.from(
    { length: 60 },
    (_, i) => `${[45, 89, 103, 185, 194][i % 5]}.${(i * 37) % 250}.${(i * 11) % 250}.${10 + i}`,
  );
  const scoreOf = new Map(
    ipPool.map((ip, i) => [ip, i % 4 === 0 ? 100 : Math.floor((i * 29) % 90)]),
  );
  const start = options.now - options.days * DAY;
  const times = Array.from({ length: options.issues }, () =>
    Math.floor(start + random() * (options.now - start - HOUR)),
  ).sort((a, b) => a - b);
  const keys: string[] = [];
  for (const created of times) {
    const [title, severity, category] = weighted(
      random,
      KINDS.map((kind) => [kind, kind[3]] as const),
      WEIGHT,
    );
    const tenant = pick(random, MONDAY_TENANTS);
    const user = `${pick(random, USERS)}@${tenant.id}.example`;
    const ips = random() < 0.85 ? [pick(random, ipPool)] : [];
    const scores = ips.map((ip) => scoreOf.get(ip) ?? 0);
    const alertId = `hist-${created.toString(36)}-${keys.length}`;
    const key = jira.importIssue({
      projectKey: options.projectKey,
      created,
      fields: {
        summary: title,
        labels: ['mcas', `mcas-tenant-${tenant.id}`, `mcas-severity-${severity}`],
      },
      properties: {
        'mcas.alert': {
          alertId,
          tenantId: tenant.id,
          severity,
          timestamp: created - 5 * 60_000,
          ...(category !== undefined ? { category } : {}),
          users: [user],
          ...(ips.length > 0 ? { ips, maxAbuseScore: Math.max(...scores) } : {}),
          alertTime: new Date(created - 5 * 60_000).toISOString(),
        },
        'mcas.enrichment': {
          tenantName: tenant.name,
          users: [user],
          findings: ips.map((ip) => ({
            ip,
            range: 'public',
            verdict: {
              ip,
              abuseConfidenceScore: scoreOf.get(ip) ?? 0,
              totalReports: 3,
              numDistinctUsers: 2,
              countryCode: 'NL',
              usageType: 'Data Center/Web Hosting/Transit',
              isp: 'Sandbox Hosting',
              domain: 'sandbox.example',
              isTor: false,
              isWhitelisted: false,
              lastReportedAt: null,
              maxAgeInDays: 90,
              fetchedAt: created,
            },
          })),
        },
      },
    });
    keys.push(key);
    // Most alerts are triaged within hours, a tail over weeks; about one in ten stays open.
    if (random() < 0.9) {
      const hours = Math.exp(random() * Math.log(24 * 21));
      const resolved = created + Math.floor(hours * HOUR);
      if (resolved < options.now) {
        jira.resolveIssue(key, weighted(random, OUTCOMES, 100), resolved);
      }
    }
  }
  return keys;
}
