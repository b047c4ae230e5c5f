/**
 * The report maths, pure: issues in, buckets, stacks, open vs resolved, time to resolve, top
 * lists and the malicious share out, each number with the JQL that finds the same issues.
 */
import {
  UNRESOLVED,
  and,
  createdBetween,
  equalsOrEmpty,
  jqlString,
  projectClause,
  resolutionClause,
  resolvedBetween,
  titleClause,
} from './jql';
import type { Report, ReportBucket, ReportIssue, Segment, StackDimension, TopRow } from './model';
import { SEVERITY_ORDER, STACK_DIMENSIONS } from './model';
import { bucketIndexOf, reportBuckets } from './period';
import type { ReportPeriod } from './period';
import { median, percentile } from './stats';

export interface ReportOptions {
  projectKey: string;
  period: ReportPeriod;
  buckets: number;
  now: number;
  /** An alert is "malicious" when one of its IPs scored at least this (AbuseIPDB 0–100). */
  maliciousThreshold: number;
  /** Rows in each top list. */
  topSize?: number;
}

/** Stands for "not set" in a stack (no category, an issue made before the alias existed). */
export const NONE = '(none)';

const STACK_FIELD: Record<Exclude<StackDimension, 'outcome'>, string> = {
  severity: 'mcasSeverity',
  tenant: 'mcasTenant',
  category: 'mcasCategory',
};

function stackValue(issue: ReportIssue, dimension: StackDimension): string {
  switch (dimension) {
    case 'severity':
      return issue.severity ?? NONE;
    case 'tenant':
      return issue.tenantId ?? NONE;
    case 'category':
      return issue.category ?? NONE;
    case 'outcome':
      return issue.resolution ?? UNRESOLVED;
  }
}

function stackClause(dimension: StackDimension, value: string): string {
  if (dimension === 'outcome') return resolutionClause(value);
  return equalsOrEmpty(STACK_FIELD[dimension], value === NONE ? undefined : value);
}

/** Keys by count, most first; severities in their own order, high first. */
function orderedKeys(dimension: StackDimension, counts: Map<string, number>): string[] {
  const keys = [...counts.keys()];
  if (dimension === 'severity') {
    const rank = (key: string) => {
      const at = SEVERITY_ORDER.indexOf(key);
      return at === -1 ? SEVERITY_ORDER.length : at;
    };
    return keys.sort((a, b) => rank(a) - rank(b));
  }
  return keys.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b));
}

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function topRows(
  counts: Map<string, { count: number; score?: number }>,
  size: number,
  clause: (key: string) => string,
  base: string,
  byScore: boolean,
): TopRow[] {
  return [...counts.entries()]
    .sort(
      ([keyA, a], [keyB, b]) =>
        (byScore ? (b.score ?? 0) - (a.score ?? 0) : 0) ||
        b.count - a.count ||
        keyA.localeCompare(keyB),
    )
    .slice(0, size)
    .map(([key, { count, score }]) => ({
      key,
      count,
      ...(score !== undefined ? { score } : {}),
      jql: and(base, clause(key)),
    }));
}

export function buildReport(issues: readonly ReportIssue[], options: ReportOptions): Report {
  const buckets = reportBuckets(options.period, options.buckets, options.now);
  const project = projectClause(options.projectKey);
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) throw new RangeError('A report has at least one bucket.');
  const rangeBase = and(project, createdBetween(first.start, last.end));
  const topSize = options.topSize ?? 10;

  const created = buckets.map(() => 0);
  const open = buckets.map(() => 0);
  const resolved = buckets.map(() => 0);
  const ttr: number[][] = buckets.map(() => []);
  const stacks = STACK_DIMENSIONS.map(() => buckets.map(() => new Map<string, number>()));
  const totals = STACK_DIMENSIONS.map(() => new Map<string, number>());
  const users = new Map<string, { count: number }>();
  const titles = new Map<string, { count: number }>();
  const ips = new Map<string, { count: number; score: number }>();
  let total = 0;
  let malicious = 0;

  for (const issue of issues) {
    const resolvedAt = issue.resolution !== undefined ? issue.resolved : undefined;
    const resolvedIndex = resolvedAt === undefined ? -1 : bucketIndexOf(buckets, resolvedAt);
    if (resolvedIndex !== -1 && resolvedAt !== undefined) {
      resolved[resolvedIndex] = (resolved[resolvedIndex] ?? 0) + 1;
      ttr[resolvedIndex]?.push(Math.max(0, resolvedAt - issue.created));
    }
    const index = bucketIndexOf(buckets, issue.created);
    if (index === -1) continue;
    total += 1;
    created[index] = (created[index] ?? 0) + 1;
    if (issue.resolution === undefined) open[index] = (open[index] ?? 0) + 1;
    STACK_DIMENSIONS.forEach((dimension, d) => {
      const value = stackValue(issue, dimension);
      const perBucket = stacks[d]?.[index];
      if (perBucket) increment(perBucket, value);
      const all = totals[d];
      if (all) increment(all, value);
    });
    for (const user of new Set(issue.users)) {
      const row = users.get(user) ?? { count: 0 };
      row.count += 1;
      users.set(user, row);
    }
    const title = issue.title.trim();
    if (title !== '') {
      const row = titles.get(title) ?? { count: 0 };
      row.count += 1;
      titles.set(title, row);
    }
    const seen = new Set<string>();
    for (const { ip, score } of issue.ips) {
      if (seen.has(ip)) continue;
      seen.add(ip);
      const row = ips.get(ip) ?? { count: 0, score };
      row.count += 1;
      row.score = Math.max(row.score, score);
      ips.set(ip, row);
    }
    // The indexed alias alone decides, so the number equals what `mcasAbuseScore >= N` finds.
    if ((issue.maxAbuseScore ?? -1) >= options.maliciousThreshold) malicious += 1;
  }

  const stackKeys = Object.fromEntries(
    STACK_DIMENSIONS.map((dimension, d) => [
      dimension,
      orderedKeys(dimension, totals[d] ?? new Map<string, number>()),
    ]),
  ) as Record<StackDimension, string[]>;

  const reportBucketsOut: ReportBucket[] = buckets.map((bucket, i) => {
    const inBucket = and(project, createdBetween(bucket.start, bucket.end));
    const segment = (count: number, jql: string): Segment => ({ key: bucket.label, count, jql });
    const bucketStacks = Object.fromEntries(
      STACK_DIMENSIONS.map((dimension, d) => {
        const counts = stacks[d]?.[i] ?? new Map<string, number>();
        return [
          dimension,
          stackKeys[dimension]
            .filter((key) => (counts.get(key) ?? 0) > 0)
            .map((key) => ({
              key,
              count: counts.get(key) ?? 0,
              jql: and(inBucket, stackClause(dimension, key)),
            })),
        ];
      }),
    ) as Record<StackDimension, Segment[]>;
    return {
      start: bucket.start,
      end: bucket.end,
      label: bucket.label,
      created: segment(created[i] ?? 0, inBucket),
      open: segment(open[i] ?? 0, and(inBucket, resolutionClause(UNRESOLVED))),
      resolved: segment(resolved[i] ?? 0, and(project, resolvedBetween(bucket.start, bucket.end))),
      stacks: bucketStacks,
      ttrMedianMs: median(ttr[i] ?? []) ?? null,
      ttrP90Ms: percentile(ttr[i] ?? [], 90) ?? null,
    };
  });

  return {
    projectKey: options.projectKey,
    period: options.period,
    buckets: reportBucketsOut,
    total: { key: 'total', count: total, jql: rangeBase },
    malicious: {
      threshold: options.maliciousThreshold,
      count: malicious,
      share: total === 0 ? 0 : malicious / total,
      jql: and(rangeBase, `mcasAbuseScore >= ${options.maliciousThreshold}`),
    },
    top: {
      users: topRows(users, topSize, (user) => `mcasUser = ${jqlString(user)}`, rangeBase, false),
      titles: topRows(titles, topSize, titleClause, rangeBase, false),
      ips: topRows(ips, topSize, (ip) => `mcasIp = ${jqlString(ip)}`, rangeBase, true),
    },
    stackKeys,
  };
}
