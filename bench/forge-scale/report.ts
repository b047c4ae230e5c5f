/**
 * The Forge-scale scenario's figures as the bench prints them: what the first run cost, what the
 * whole simulated horizon cost, and each target of issue 10 beside the measured value with
 * PASS or MISS (OPEN where the horizon ended before the target's deadline).
 */
import type { ForgeScaleResult, Snapshot } from './scenario';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const per = (value: number, alerts: number) => (alerts > 0 ? (value / alerts).toFixed(2) : '-');

export function simulatedTime(ms: number): string {
  if (ms < 2 * 3_600_000) return `${(ms / MINUTE_MS).toFixed(1)} min`;
  if (ms < 2 * DAY_MS) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / DAY_MS).toFixed(2)} d`;
}

function costLines(label: string, snapshot: Snapshot, alerts: number): string[] {
  const { kvs, events, calls } = snapshot;
  return [
    `${label} (${simulatedTime(snapshot.atMs)} simulated)`,
    `  KVS: ${per(kvs.reads, alerts)} reads and ${per(kvs.writes, alerts)} writes per alert ` +
      `(${int(kvs.reads)} / ${int(kvs.writes)} 10 KB units); peak ${int(kvs.peakWritesPerMinute)} writes ` +
      `and ${int(kvs.peakReadsPerMinute)} reads per minute, ${int(kvs.peakRequestsPerSecond)} requests per second; ` +
      `${int(kvs.rejected)} answered 429`,
    `  events: ${int(events.events)} pushed, ${int(events.continuations)} continuations, ` +
      `${int(events.invocations)} worker invocations (${int(events.failedInvocations)} threw, ` +
      `${int(events.overLimit)} over 900 s, longest ${(events.longestInvocationMs / 1000).toFixed(1)} s), ` +
      `${int(events.refusedPushes)} pushes refused, peak ${int(events.peakEventsPerMinute)} events per minute`,
    `  calls: MCAS ${int(calls.mcas)}, AbuseIPDB ${int(calls.abuseipdb)}, Jira ${int(calls.jira)}; ` +
      `${int(snapshot.logLines)} log lines`,
  ];
}

interface Target {
  name: string;
  measured: string;
  verdict: 'PASS' | 'MISS' | 'OPEN';
}

export function forgeScaleTargets(result: ForgeScaleResult): Target[] {
  const { options } = result;
  const horizonMs = options.days * DAY_MS;
  const targets: Target[] = [];
  const issuesMs = result.allIssuesMs;
  targets.push({
    name: 'every issue within 20 simulated minutes',
    measured:
      issuesMs !== undefined
        ? simulatedTime(issuesMs)
        : `not within ${simulatedTime(horizonMs)} (${int(result.issues)} of ${int(result.alerts - result.suppressed)})`,
    verdict: issuesMs !== undefined && issuesMs <= 20 * MINUTE_MS ? 'PASS' : 'MISS',
  });
  targets.push({
    name: 'no KVS 429 at the documented limits',
    measured: `${int(result.end.kvs.rejected)} answered 429`,
    verdict: result.end.kvs.rejected === 0 ? 'PASS' : 'MISS',
  });
  targets.push({
    name: '0 duplicates, 0 lost',
    measured: `${int(result.duplicates)} duplicates, ${int(result.lost)} lost`,
    verdict: result.duplicates === 0 && result.lost === 0 ? 'PASS' : 'MISS',
  });
  const verdictsMs = result.allVerdictsMs;
  const ips = options.distinctPublicIps;
  const byDay8 = verdictsMs !== undefined && verdictsMs <= 8 * DAY_MS;
  targets.push({
    name: `all ${int(ips)} verdicts filled by day 8`,
    measured:
      verdictsMs !== undefined
        ? `day ${(verdictsMs / DAY_MS).toFixed(2)}`
        : `not within ${simulatedTime(horizonMs)}: ${int(result.issuesPending)} issues pending, ` +
          `${int(result.ipsLookedUp)} of ${int(ips)} IPs looked up`,
    verdict: byDay8
      ? 'PASS'
      : verdictsMs !== undefined || horizonMs >= 8 * DAY_MS
        ? 'MISS'
        : 'OPEN',
  });
  targets.push({
    name: 'at most one refused AbuseIPDB call per quota window',
    measured: `${int(result.abuseRefusals.worstWindow)} in the worst of ${result.abuseRefusals.windows} window(s), ${int(result.abuseRefusals.total)} in all`,
    verdict: result.abuseRefusals.worstWindow <= 1 ? 'PASS' : 'MISS',
  });
  targets.push({
    name: 'no consumer past 900 s, no push over 500 events/min',
    measured: `${int(result.end.events.overLimit)} over 900 s, ${int(result.end.events.refusedPushes)} pushes refused`,
    verdict:
      result.end.events.overLimit === 0 && result.end.events.refusedPushes === 0 ? 'PASS' : 'MISS',
  });
  return targets;
}

export function forgeScaleLines(result: ForgeScaleResult): string[] {
  const { options } = result;
  const lines = [
    `Forge-scale: ${options.tenants} tenants × ${int(options.alertsPerTenant)} alerts ` +
      `(${int(options.distinctPublicIps)} distinct public IPs), first run, on the Forge fakes in simulated time`,
    `  ${options.kvsLatencyMs} ms per KVS operation (4,000 reads and 4,000 writes a minute, 1,000 requests a second), ` +
      `${options.callLatencyMs} ms per MCAS/AbuseIPDB/Jira call, 500 events a minute, ` +
      `AbuseIPDB ${int(options.abuseIpdbDailyLimit)} checks a day; horizon ${options.days} d; ` +
      `wall ${(result.wallMs / 1000).toFixed(0)} s`,
    ...costLines('Until every issue exists', result.firstRun, result.alerts),
    ...costLines('Whole run', result.end, result.alerts),
    `  issues ${int(result.issues)}, suppressed ${int(result.suppressed)}, ` +
      `still pending a verdict ${int(result.issuesPending)}; ` +
      `time until every issue exists ${result.allIssuesMs !== undefined ? simulatedTime(result.allIssuesMs) : '-'}, ` +
      `until every verdict is filled ${result.allVerdictsMs !== undefined ? simulatedTime(result.allVerdictsMs) : '-'}`,
    '',
  ];
  const targets = forgeScaleTargets(result);
  const width = Math.max(...targets.map((target) => target.name.length)) + 2;
  lines.push(`${'target'.padEnd(width)}measured`);
  for (const target of targets) {
    lines.push(`${target.name.padEnd(width)}${target.verdict}  ${target.measured}`);
  }
  return lines;
}

export function forgeScaleJson(result: ForgeScaleResult): string {
  return JSON.stringify({
    scenario: 'forge-scale',
    ...result,
    targets: forgeScaleTargets(result),
  });
}
