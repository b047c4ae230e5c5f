/**
 * The drain of owed AbuseIPDB verdicts, project-wide and by distinct address: one answer fills
 * every issue of the project (all tenants) that waits on that address.
 *
 * A tenant run drains after its own new alerts (sync-tenant.ts), with the time left, and only one
 * run of a project drains per five-minute slot (`core/owed-drain.ts` `drainSlot`, taken
 * create-if-absent; while no check can be sent, every sixth slot, or every slot while the last pass
 * left answered issues unfilled); a pass stops a minute before its slot ends, so two never
 * overlap. A pass:
 * 1. reads the project's owed index (owed-index.ts) and the answers kept for it (`answer:` keys);
 * 2. reads the shared AbuseIPDB cache for the addresses still without an answer (batch reads) —
 *    issues whose addresses are all answered are filled even while the quota is spent;
 * 3. checks the rest in order (the most severe alert waiting first, `core/pending-order.ts`) while
 *    the quota lasts (a spent quota is remembered until its reset: no probe, abuseipdb-quota.ts);
 * 4. keeps every new answer under `answer:<projectId>:<ip>` before filling anything, so an issue
 *    whose other address is answered days later still has it (the shared cache keeps answers only
 *    for the project's cache hours), and a pass that dies is repeated with the same answers;
 * 5. fills every issue whose addresses are all answered, the most severe first: one Jira edit
 *    each (and a comment only when a verdict says something, pending-verdicts.ts);
 * 6. rewrites the index entries it completed issues of (or deletes them once empty).
 *
 * Its storage writes are bounded per pass (DRAIN_WRITES_PER_PASS): with one pass per slot, the
 * drain uses at most ~80 of the installation's 4,000 KVS writes a minute, inside the headroom the
 * syncs leave (write-pacing.ts), so it never starves new alerts' issue creation. Its reads (index,
 * answers, cache, owed entries) are batch reads and queries of 100, about a thousand a pass for a
 * backlog of 50,000 issues (Forge KVS: 4,000 reads a minute per installation,
 * https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/).
 */
import { classifyIp } from '../core/ip';
import type { JiraTarget } from '../core/config';
import type { ProjectConfig } from '../core/config';
import { IpVerdict } from '../core/model';
import type { IpFinding } from '../core/model';
import type { OwedItem } from '../core/owed-drain';
import {
  addressesWithoutAnswer,
  answerFits,
  answerSource,
  drainSlot,
  owedItemId,
  readyToFill,
} from '../core/owed-drain';
import { OWED_ANSWER_TTL_SECONDS } from '../core/retention';
import { keys } from '../core/storage-keys';
import type { JiraClient } from '../clients/jira';
import { z } from 'zod';
import type { Clock, Logger, StoredEntry, Store, StoreWrite } from '../ports';
import { STORE_BATCH_LIMIT } from '../ports';
import type { IpEnricher } from './ip-enricher';
import type { OwedIndex } from './owed-index';
import { owedItems, readOwedIndex } from './owed-index';
import type { PendingVerdicts } from './pending-verdicts';
import { PendingVerdicts as PendingVerdictsSchema, fillIssue } from './pending-verdicts';

/** Storage writes one pass may make (request count, as write-pacing.ts counts them). */
export const DRAIN_WRITES_PER_PASS = 400;
/** AbuseIPDB checks one pass may send; the quota and the slot's time usually stop it first. */
const MAX_LOOKUPS_PER_PASS = 1_000;
/** Addresses handed to the enricher at once: it asks five at a time within what the quota has left. */
const LOOKUP_CHUNK = 10;
/** Keys per batch read handed to the store (which splits them into Forge's batches of 20). */
const READ_CHUNK = 200;
/** How long the marker of answered issues left unfilled lets passes run in every slot. */
const BACKLOG_TTL_SECONDS = 15 * 60;
/** The marker's value (`drain:<projectId>:backlog`). */
const DrainBacklog = z.object({ at: z.number() });
/**
 * An index item whose `pending:` entry is missing is dropped only when it is older than this: the
 * run that created it writes the index and the entries in one batch write that is not atomic.
 */
const GONE_AFTER_MS = 15 * 60_000;

export interface DrainOptions {
  store: Store;
  project: Pick<ProjectConfig, 'projectId' | 'abuseipdb'>;
  jira: JiraClient;
  target: JiraTarget;
  enricher: IpEnricher;
  clock: Clock;
  logger: Logger;
  errors: Array<{ alertId?: string | undefined; message: string }>;
  /** Absolute ms: no step starts after it (the run's own deadline). */
  deadline?: number | undefined;
  /** Storage write requests made so far by the run (its metered store). */
  writes: () => number;
}

export interface DrainOutcome {
  /** False when another run holds this slot's pass (or too little of the slot was left). */
  ran: boolean;
  filled: number;
  /** Issues still owed when the pass ended (as far as the index was read). */
  owed: number;
}

export async function drainOwedVerdicts(options: DrainOptions): Promise<DrainOutcome> {
  const { store, project, enricher, clock } = options;
  const { projectId } = project;
  // While no check can be sent, a pass runs every sixth slot, or in every slot while the last
  // pass left answered issues unfilled (its writes or time ran out).
  const canCheck = enricher.canLookUp();
  const backlogKey = keys.drainBacklog(projectId);
  let backlog = false;
  let slot = drainSlot(clock.now(), canCheck);
  if (!slot && !canCheck) {
    backlog = (await store.get(backlogKey, DrainBacklog).catch(() => undefined)) !== undefined;
    if (backlog) slot = drainSlot(clock.now());
  }
  if (!slot) return { ran: false, filled: 0, owed: 0 };
  if (!(await store.setIfAbsent(keys.drainSlot(projectId, slot.id), { at: clock.now() })))
    return { ran: false, filled: 0, owed: 0 };

  const stopAt = Math.min(slot.stopAt, options.deadline ?? Infinity);
  const late = () => clock.now() >= stopAt;
  const writesAtStart = options.writes();
  const writesLeft = () => DRAIN_WRITES_PER_PASS - (options.writes() - writesAtStart);

  // The previous slot's key has done its job (a pass that died may have left it); it goes beside
  // the index read, not before it: one storage round trip less on every run that drains.
  const [index] = await Promise.all([
    readOwedIndex(store, projectId, late),
    store.delete(keys.drainSlot(projectId, slot.previousId)).catch(() => undefined),
  ]);
  const items = owedItems(index);
  if (items.length === 0) return { ran: true, filled: 0, owed: 0 };
  const settings = project.abuseipdb;

  // 1–2. The answers kept for the project, then the shared cache for what they do not cover.
  const stored = await readKeptAnswers(store, projectId, late);
  const fresh = new Map<string, IpVerdict>();
  let answerFor = answerSource(fresh, stored, settings);
  const cached = await readCache(
    store,
    addressesWithoutAnswer(items, answerFor),
    settings,
    clock,
    late,
  );
  for (const [ip, verdict] of cached) fresh.set(ip, verdict);

  // 3. Checks, most severe first, while the quota and the slot last.
  const lookupsBefore = enricher.counters.ipLookups;
  const order = addressesWithoutAnswer(items, answerFor);
  for (let next = 0; next < order.length && enricher.canLookUp() && !late();) {
    const allowance = MAX_LOOKUPS_PER_PASS - (enricher.counters.ipLookups - lookupsBefore);
    if (allowance <= 0) break;
    const chunk = order.slice(next, next + Math.min(LOOKUP_CHUNK, allowance));
    next += chunk.length;
    await enricher.prefetch(chunk);
    for (const finding of await enricher.enrich(chunk)) {
      if (finding.verdict) fresh.set(finding.ip, finding.verdict);
    }
  }

  // 4. Every new answer is kept before any issue is filled with it.
  const keep: StoreWrite[] = [...fresh.values()]
    .filter((verdict) => stored.get(verdict.ip)?.fetchedAt !== verdict.fetchedAt)
    .map((verdict) => ({
      key: keys.owedAnswer(projectId, verdict.ip),
      value: verdict,
      ttlSeconds: OWED_ANSWER_TTL_SECONDS,
    }));
  if (keep.length > 0) await store.setMany(keep);
  answerFor = answerSource(fresh, stored, settings);

  // 5. Fill what is answered, the most severe first, within the pass's writes and time. The
  // index rewrite afterwards is paid for as the fills go: a delete for each emptied entry, a
  // batch write for every 20 shortened ones.
  const done = new Set<string>();
  const entryOf = indexEntryByItem(index);
  const cost = indexRewriteCost(index);
  const markDone = (item: OwedItem) => {
    done.add(owedItemId(item));
    // Every entry listing the item drops it (owedItems: one issue may be listed twice).
    for (const key of entryOf.get(owedItemId(item)) ?? []) cost.done(key);
  };
  const ready = readyToFill(items, answerFor);
  let filled = 0;
  let settled = 0;
  fill: for (let start = 0; start < ready.length; start += READ_CHUNK) {
    const chunk = ready.slice(start, start + READ_CHUNK);
    const owedEntries = await store.getMany(
      chunk.map((item) =>
        keys.pendingVerdicts({ projectId, tenantId: item.tenantId }, item.alertId),
      ),
      PendingVerdictsSchema,
    );
    for (const item of chunk) {
      // A fill costs a delete, perhaps its entry's rewrite or delete: stop with room for them.
      if (late() || writesLeft() <= cost.writes() + 2) break fill;
      settled += 1;
      const key = keys.pendingVerdicts({ projectId, tenantId: item.tenantId }, item.alertId);
      const entry = owedEntries.get(key);
      if (!entry) {
        // Filled by a pass that died before rewriting the index, given up, or its tenant removed.
        if (clock.now() - item.at >= GONE_AFTER_MS) markDone(item);
        continue;
      }
      const findings = findingsFor({ key, value: entry }, item, answerFor);
      if (!findings) continue;
      const outcome = await fillIssue(options, { key, value: entry }, findings);
      if (outcome === 'filled') filled += 1;
      if (outcome !== 'kept') markDone(item);
    }
  }

  // 6. The index follows: entries without their completed issues, empty ones deleted.
  await rewriteIndex(store, index, cost.touched, done);
  // Answered issues left for the next slot: it runs even while no check can be sent.
  if (settled < ready.length) {
    await store.set(backlogKey, { at: clock.now() }, { ttlSeconds: BACKLOG_TTL_SECONDS });
  } else if (backlog) await store.delete(backlogKey);
  return { ran: true, filled, owed: items.length - done.size };
}

/** One finding per address the entry owes, or undefined when one still lacks an answer. */
function findingsFor(
  entry: StoredEntry<PendingVerdicts>,
  item: OwedItem,
  answerFor: (ip: string, item: OwedItem) => IpVerdict | undefined,
): IpFinding[] | undefined {
  const findings: IpFinding[] = [];
  for (const ip of entry.value.ips) {
    const verdict = answerFor(ip, item);
    if (!verdict) return undefined;
    findings.push({ ip, range: classifyIp(ip), verdict });
  }
  return findings;
}

/** What rewriting the touched index entries will cost in writes, kept up to date as items end. */
function indexRewriteCost(index: ReadonlyArray<StoredEntry<OwedIndex>>) {
  const left = new Map(index.map(({ key, value }) => [key, value.issues.length]));
  const touched = new Set<string>();
  let emptied = 0;
  return {
    touched: touched as ReadonlySet<string>,
    done(key: string) {
      touched.add(key);
      const count = (left.get(key) ?? 1) - 1;
      left.set(key, count);
      if (count === 0) emptied += 1;
    },
    writes: () => emptied + Math.ceil((touched.size - emptied) / STORE_BATCH_LIMIT),
  };
}

function indexEntryByItem(index: ReadonlyArray<StoredEntry<OwedIndex>>): Map<string, string[]> {
  const byItem = new Map<string, string[]>();
  for (const { key, value } of index) {
    for (const issue of value.issues) {
      const id = owedItemId({ tenantId: value.tenantId, alertId: issue.alertId });
      byItem.set(id, [...(byItem.get(id) ?? []), key]);
    }
  }
  return byItem;
}

async function rewriteIndex(
  store: Store,
  index: ReadonlyArray<StoredEntry<OwedIndex>>,
  touched: ReadonlySet<string>,
  done: ReadonlySet<string>,
): Promise<void> {
  const rewrites: StoreWrite[] = [];
  const emptied: string[] = [];
  for (const { key, value } of index) {
    if (!touched.has(key)) continue;
    const issues = value.issues.filter(
      (issue) => !done.has(owedItemId({ tenantId: value.tenantId, alertId: issue.alertId })),
    );
    if (issues.length === 0) emptied.push(key);
    else rewrites.push({ key, value: { ...value, issues } });
  }
  if (rewrites.length > 0) await store.setMany(rewrites);
  for (const key of emptied) await store.delete(key);
}

/** Answers kept for the project's owed addresses, by address. */
async function readKeptAnswers(
  store: Store,
  projectId: ProjectConfig['projectId'],
  late: () => boolean,
): Promise<Map<string, IpVerdict>> {
  const answers = new Map<string, IpVerdict>();
  let cursor: string | undefined;
  do {
    const page = await store.query(keys.owedAnswerPrefix(projectId), IpVerdict, {
      limit: 100,
      cursor,
    });
    for (const { value } of page.entries) answers.set(value.ip, value);
    cursor = page.cursor;
  } while (cursor && !late());
  return answers;
}

/** Fresh answers in the shared cache (as the enricher would accept them now), in batch reads. */
async function readCache(
  store: Store,
  ips: readonly string[],
  settings: ProjectConfig['abuseipdb'],
  clock: Clock,
  late: () => boolean,
): Promise<Map<string, IpVerdict>> {
  const found = new Map<string, IpVerdict>();
  if (settings.cacheHours === 0) return found;
  for (let start = 0; start < ips.length && !late(); start += READ_CHUNK) {
    const chunk = ips.slice(start, start + READ_CHUNK);
    const cached = await store
      .getMany(chunk.map(keys.ipVerdict), IpVerdict)
      .catch(() => new Map<string, IpVerdict>());
    const now = clock.now();
    for (const verdict of cached.values()) {
      // Fresh now, so it fits every issue created before now (answerFits).
      if (answerFits(verdict, { at: now }, settings)) found.set(verdict.ip, verdict);
    }
  }
  return found;
}
