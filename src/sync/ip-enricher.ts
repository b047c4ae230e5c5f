/**
 * Turns addresses into findings for one run: special-purpose ranges are classified and never sent;
 * each public address is asked once per run (run memory), then the stored cache, then AbuseIPDB.
 * When the daily quota is spent or AbuseIPDB is down, the remaining addresses become `pending`
 * (a later run fills them in) and the run goes on: enrichment never stops issue creation.
 *
 * The quota is guarded so that a refused call is the exception — at most one per run that races
 * another for the window's last check (docs/architecture.md, "AbuseIPDB quota"): a spent quota
 * is remembered between runs (`QuotaMemory`) and nothing is sent before its reset; an answer
 * saying `X-RateLimit-Remaining: 0` counts as spent without waiting for the refusal; no more
 * calls are in flight than the quota has left (one alone until the first answer tells how much);
 * and a run's first check, and each of the window's last, is sent only on stored state read a
 * moment before, so a quota another run has just spent is not probed.
 */
import { z } from 'zod';
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import {
  CredentialError,
  DeadlineError,
  RateLimitError,
  RequestRejectedError,
  describeError,
} from '../clients/errors';
import {
  QUOTA_FALLBACK_WAIT_MS,
  QUOTA_MAX_WAIT_MS,
  quotaWaitMessage,
} from '../core/abuseipdb-quota';
import { classifyIp } from '../core/ip';
import type { IpFinding } from '../core/model';
import { IpVerdict } from '../core/model';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, Store } from '../ports';
import type { QuotaMemory } from './abuseipdb-quota';

/** AbuseIPDB calls in flight at once: fast enough for a large backlog, gentle on the API. */
const LOOKUP_CONCURRENCY = 5;
/**
 * At or below this many checks left in the window, checks go one at a time, each on fresh stored
 * quota state (`confirmQuota`): runs side by side each know only their own answers' count.
 */
const CONFIRM_BELOW = 50;

export interface EnrichmentCounters {
  ipLookups: number;
  cacheHits: number;
  privateSkipped: number;
  pendingVerdicts: number;
}

export interface IpEnricher {
  /** Findings for each address, in the order given. */
  enrich(ips: string[]): Promise<IpFinding[]>;
  /** Looks up many addresses at once (de-duplicated), so a page costs one call per new address. */
  prefetch(ips: Iterable<string>): Promise<void>;
  /**
   * Starts the cache reads of these addresses without waiting, so that they overlap other
   * storage work of the page (its claims); the look-ups then find them done.
   */
  primeCache(ips: Iterable<string>): void;
  readonly counters: EnrichmentCounters;
  /** Problems worth a line in the run summary (quota reached, key refused, …), each once. */
  readonly problems: string[];
  /** False once the quota is spent, AbuseIPDB is down or the key was refused. */
  canLookUp(): boolean;
  /** The first error AbuseIPDB gave, for callers that must tell the user why (the issue panel). */
  firstFailure(): Error | undefined;
}

export interface IpEnricherOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Undefined when the project has no AbuseIPDB key: addresses are classified but not looked up. */
  abuseIpdb?: AbuseIpdbClient | undefined;
  maxAgeInDays: number;
  cacheHours: number;
  /** Skip the stored cache (an analyst's explicit re-check). */
  bypassCache?: boolean;
  memo?: LookupMemo | undefined;
  /** The project's quota state between runs; without it, only this enricher's own answers count. */
  quota?: QuotaMemory | undefined;
}

export type LookupOutcome = { verdict: IpVerdict } | { pending: true } | { unavailable: true };
/**
 * Look-ups of one run, by address. Syncs of one project that run side by side in one process (the
 * CLI) share it, so an address seen by two tenants is asked once.
 */
export type LookupMemo = Map<string, Promise<LookupOutcome>>;
type Outcome = LookupOutcome;

export function createIpEnricher(options: IpEnricherOptions): IpEnricher {
  const { store, clock, logger, abuseIpdb, maxAgeInDays, cacheHours } = options;
  const runMemory: LookupMemo = options.memo ?? new Map<string, Promise<LookupOutcome>>();
  const privateSeen = new Set<string>();
  const counters: EnrichmentCounters = {
    ipLookups: 0,
    cacheHits: 0,
    privateSkipped: 0,
    pendingVerdicts: 0,
  };
  const problems: string[] = [];
  let stopped: 'quota' | 'credentials' | 'outage' | undefined;
  let failure: Error | undefined;

  const problem = (text: string) => {
    if (!problems.includes(text)) problems.push(text);
  };

  /** Stops asking until `until` and says so once. */
  function stopUntil(until: number, error?: Error) {
    stopped = 'quota';
    failure ??=
      error ?? new RateLimitError('abuseipdb', quotaWaitMessage(until), until - clock.now(), true);
    problem(quotaWaitMessage(until));
  }
  /** Stops asking until `until`, says so once, and tells later runs. */
  async function quotaSpent(until: number, how: 'refused' | 'spent', error?: Error) {
    stopUntil(until, error);
    await options.quota?.remember(until, how);
  }

  // Known from an earlier run or panel call: not one probe before the reset.
  const remembered = abuseIpdb ? options.quota?.exhaustedUntil() : undefined;
  if (remembered !== undefined) stopUntil(remembered);

  // Calls in flight never exceed what the quota has left, as the answers so far report it, so a
  // quota that runs out mid-run costs no refused call; before the first answer, one call alone.
  // Near the end of the window, one alone too: each run's count is its own answers' view, and runs
  // side by side spend the same quota, so five each in flight could be refused five each.
  let inFlight = 0;
  let remaining: { count: number; resetAt?: number } | undefined;
  const waiting: Array<() => void> = [];
  const unvouched = () => remaining === undefined || remaining.count <= CONFIRM_BELOW;
  const mayCall = () =>
    inFlight < (unvouched() ? 1 : Math.min(LOOKUP_CONCURRENCY, remaining?.count ?? 1));
  async function callSlot(): Promise<boolean> {
    while (!stopped && !mayCall() && inFlight > 0) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    if (stopped) return false;
    inFlight += 1;
    return true;
  }
  function releaseSlot() {
    inFlight -= 1;
    for (const wake of waiting.splice(0)) wake();
  }
  /**
   * A check this run cannot vouch for (`unvouched`: its first, when nothing answered yet says what
   * is left, or one of the window's last few) is sent only on stored quota state read within
   * QUOTA_FRESH_MS: another run may have spent the quota since this one read it
   * (abuseipdb-quota.ts).
   */
  async function confirmQuota(): Promise<void> {
    const until = await options.quota?.refresh();
    if (until !== undefined && !stopped) stopUntil(until);
  }

  /** Takes in the quota an answer reported; answers can arrive out of order, so the lowest wins. */
  function noteQuota(): void {
    const reported = abuseIpdb?.quota();
    if (reported?.remaining === undefined) return;
    const sameWindow = remaining?.resetAt === reported.resetAt;
    remaining = {
      count:
        sameWindow && remaining
          ? Math.min(remaining.count, reported.remaining)
          : reported.remaining,
      ...(reported.resetAt !== undefined ? { resetAt: reported.resetAt } : {}),
    };
  }

  // Cache reads started early (`primeCache`), by address; each is taken once.
  const primed = new Map<string, Promise<IpVerdict | undefined>>();
  const readCache = (ip: string) => store.get(keys.ipVerdict(ip), IpVerdict).catch(() => undefined);

  /**
   * One batch read for a page's addresses instead of one read each: a page of 100 alerts has
   * ~150 public addresses, which were ~150 of Forge's 4,000 reads a minute and are now ~8
   * (`Store.getMany`: `kvs.batchGet`, STORE_BATCH_LIMIT keys a request). Each entry is parsed on
   * its own, so one value an older version wrote cannot turn the whole page into cache misses
   * (each miss costs a look-up from the daily quota); a failed read only costs misses.
   */
  function primeCache(ips: Iterable<string>): void {
    // The page's first check will want fresh quota state: its read goes out with the page's.
    if (abuseIpdb && !stopped && unvouched()) void confirmQuota();
    if (options.bypassCache || cacheHours === 0) return;
    const wanted = [...new Set(ips)].filter(
      (ip) => classifyIp(ip) === 'public' && !runMemory.has(ip) && !primed.has(ip),
    );
    if (wanted.length === 0) return;
    const read = store.getMany(wanted.map(keys.ipVerdict), z.unknown()).catch((error: unknown) => {
      logger.warn('reading cached IP verdicts failed', { error: describeError(error) });
      return new Map<string, unknown>();
    });
    for (const ip of wanted) {
      primed.set(
        ip,
        read.then((found) => {
          const parsed = IpVerdict.safeParse(found.get(keys.ipVerdict(ip)));
          return parsed.success ? parsed.data : undefined;
        }),
      );
    }
  }

  async function fromCache(ip: string): Promise<IpVerdict | undefined> {
    if (options.bypassCache || cacheHours === 0) return undefined;
    const early = primed.get(ip);
    primed.delete(ip);
    const cached = await (early ?? readCache(ip));
    if (!cached || cached.maxAgeInDays !== maxAgeInDays) return undefined;
    // The store's TTL removes old answers on Forge; checking the age here too keeps a changed
    // cache setting effective at once and covers stores without TTL.
    return clock.now() - cached.fetchedAt <= cacheHours * 3_600_000 ? cached : undefined;
  }

  async function lookUp(ip: string): Promise<Outcome> {
    const cached = await fromCache(ip);
    if (cached) {
      counters.cacheHits += 1;
      return { verdict: cached };
    }
    if (!abuseIpdb) return { unavailable: true };
    if (stopped === 'credentials') return { unavailable: true };
    if (!stopped && unvouched()) await confirmQuota();
    // After a spent quota or an outage (the client already retried), every further call would
    // fail the same way and cost the run its time budget: the rest are owed, not asked.
    if (stopped === 'quota' || stopped === 'outage') return { pending: true };
    if (!(await callSlot()))
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- another look-up may set `stopped` while this one waits for its slot.
      return stopped === 'credentials' ? { unavailable: true } : { pending: true };
    try {
      counters.ipLookups += 1;
      const verdict = await abuseIpdb.check(ip);
      noteQuota();
      if (remaining?.count === 0) {
        // That was the last check of the day: learnt without a refused call.
        const now = clock.now();
        const resetAt = remaining.resetAt;
        await quotaSpent(
          resetAt !== undefined && resetAt > now
            ? Math.min(resetAt, now + QUOTA_MAX_WAIT_MS)
            : now + QUOTA_FALLBACK_WAIT_MS,
          'spent',
        );
      }
      if (cacheHours > 0) {
        await store.set(keys.ipVerdict(ip), verdict, { ttlSeconds: cacheHours * 3600 });
      }
      return { verdict };
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
      // The run's deadline, not AbuseIPDB's quota: owed like an outage, retried by the follow-up.
      if (error instanceof DeadlineError) {
        stopped = 'outage';
        problem(`${error.message} Remaining look-ups are pending.`);
        return { pending: true };
      }
      if (error instanceof RateLimitError) {
        await quotaSpent(clock.now() + error.retryAfterMs, 'refused', error);
        return { pending: true };
      }
      if (error instanceof CredentialError) {
        stopped = 'credentials';
        problem(`AbuseIPDB refused the API key: ${error.message}`);
        return { unavailable: true };
      }
      if (error instanceof RequestRejectedError) {
        problem(`AbuseIPDB refused ${ip}: ${error.message}`);
        return { unavailable: true };
      }
      // Outage: the verdict is owed, not lost, and the run does not wait for AbuseIPDB.
      stopped = 'outage';
      problem(`AbuseIPDB unavailable: ${describeError(error)}; remaining look-ups are pending.`);
      logger.warn('abuseipdb lookup failed', { ip, error: describeError(error) });
      return { pending: true };
    } finally {
      releaseSlot();
    }
  }

  function outcomeFor(ip: string): Promise<Outcome> {
    let outcome = runMemory.get(ip);
    if (!outcome) {
      outcome = lookUp(ip);
      runMemory.set(ip, outcome);
    }
    return outcome;
  }

  async function prefetch(ips: Iterable<string>): Promise<void> {
    const queue = [...new Set(ips)].filter(
      (ip) => classifyIp(ip) === 'public' && !runMemory.has(ip),
    );
    const workers = Array.from({ length: Math.min(LOOKUP_CONCURRENCY, queue.length) }, async () => {
      for (let ip = queue.shift(); ip !== undefined; ip = queue.shift()) await outcomeFor(ip);
    });
    await Promise.all(workers);
  }

  async function enrich(ips: string[]): Promise<IpFinding[]> {
    const findings: IpFinding[] = [];
    for (const ip of ips) {
      const range = classifyIp(ip);
      if (range !== 'public') {
        if (!privateSeen.has(ip)) counters.privateSkipped += 1;
        privateSeen.add(ip);
        findings.push({ ip, range });
        continue;
      }
      const outcome = await outcomeFor(ip);
      if ('verdict' in outcome) findings.push({ ip, range, verdict: outcome.verdict });
      else if ('pending' in outcome) {
        counters.pendingVerdicts += 1;
        findings.push({ ip, range, pending: true });
      } else findings.push({ ip, range });
    }
    return findings;
  }

  return {
    enrich,
    prefetch,
    primeCache,
    counters,
    problems,
    canLookUp: () => Boolean(abuseIpdb) && !stopped,
    firstFailure: () => failure,
  };
}
