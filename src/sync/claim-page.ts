/**
 * One page of alerts through the claim ledger: what the checkpoint already passed is skipped (and
 * not counted: it is the source's re-read of the boundary), the page's claims are read in one
 * batch, each alert without one is claimed create-if-absent (one write each: invariant 1), and
 * the alerts whose claim existed (or was taken by another run since the read) are decided from
 * their state — done before (duplicate), refused last time (taken again), held by a live run
 * (left alone) or by a dead one (reconciled by search). What needs an issue joins the batch's
 * waiting list.
 */
import { alreadyPassed } from '../core/checkpoint';
import type { Alert, Checkpoint, Claim } from '../core/model';
import type { NormaliseResult } from '../core/normalise-mcas';
import type { ClaimChange } from './claim-ledger';
import { claimTransitions, isFinal, isStale } from './claim-ledger';
import { boundedMap } from './bounded-map';
import { reconcileClaims } from './reconcile-claims';
import type { RunBatch } from './run-batch';
import type { Candidate, RunContext } from './run-context';

/** Claims in flight at once for one tenant run (see bounded-map.ts for the KVS limit). */
const CLAIM_CONCURRENCY = 10;

export async function claimPage(
  context: RunContext,
  results: NormaliseResult[],
  checkpoint: Checkpoint | undefined,
  batch: RunBatch,
  /**
   * False when no claim of these alerts can exist yet (the tenant's first run, before its first
   * checkpoint): the batch read is skipped, and a claim there after all (a first run that died
   * before its first checkpoint, a removed tenant added again under its id, repository.ts
   * `deleteTenant`) only costs its failed take and the read back below: the outcome is the same.
   */
  claimsMayExist = true,
): Promise<void> {
  const { deps, ledger, summary, tenant } = context;
  const now = () => deps.clock.now();
  const report = (alert: Alert, outcome: 'duplicate' | 'in-progress', issueKey?: string) =>
    context.observer?.onAlert?.({
      tenantName: tenant.name,
      alert,
      findings: [],
      outcome,
      ...(issueKey !== undefined ? { issueKey } : {}),
    });

  const fresh: Alert[] = [];
  for (const result of results) {
    if (!result.ok) {
      // Nothing can become an issue without an id and a time; report it and move on.
      summary.fetched += 1;
      summary.malformed += 1;
      summary.errors.push({ alertId: result.alertId, message: result.reason });
      continue;
    }
    const { alert } = result;
    // The source returns the alerts at the checkpoint's own timestamp again (`date.gte`): an
    // earlier run handled them, so they are neither fetched nor a duplicate of this run.
    if (checkpoint && alreadyPassed(checkpoint, alert)) continue;
    batch.open(alert);
    // Waiting from the moment it is read: until an outcome is stored, nobody knows if it has an
    // issue (a storage failure in the take itself leaves it so too). Each outcome moves it on.
    summary.fetched += 1;
    summary.waiting += 1;
    fresh.push(alert);
  }
  // The page's claims are read first, in batch reads (Forge: `kvs.batchGet`, a few reads for
  // 100 alerts), unless none can exist: an alert claimed before (a page read again after a stop, an alert another run
  // holds) then costs no create-if-absent write, and only the absent ones are taken.
  const known =
    fresh.length > 0 && claimsMayExist
      ? await ledger.read(fresh.map(({ id }) => id))
      : new Map<string, Claim>();
  const unclaimed = fresh.filter(({ id }) => !known.has(id));
  // Each claim is its own create-if-absent write (KVS has no batched one), so they go out side
  // by side: a page pays the storage latency a few times, not once per alert.
  const taken = await boundedMap(unclaimed, CLAIM_CONCURRENCY, (alert) =>
    ledger.take(alert, now()),
  );
  const candidates: Candidate[] = [];
  const lost: Alert[] = [];
  unclaimed.forEach((alert, index) => {
    if (taken[index]) candidates.push({ alert, attempts: 0 });
    else lost.push(alert);
  });
  if (candidates.length === fresh.length) {
    batch.waiting.push(...candidates);
    return;
  }

  // A take that lost a race since the read: its claim is read back (one batch).
  const claims: Map<string, Claim> =
    lost.length > 0 ? new Map([...known, ...(await ledger.read(lost.map(({ id }) => id)))]) : known;
  const lostIds = new Set(lost.map(({ id }) => id));
  const contested = fresh.filter(({ id }) => known.has(id) || lostIds.has(id));
  const retaken: ClaimChange[] = [];
  const stale: Candidate[] = [];
  for (const alert of contested) {
    const claim = claims.get(alert.id);
    if (!claim) continue; // Deleted since the failed take: a later run claims it afresh (waiting).
    if (isFinal(claim)) {
      summary.waiting -= 1;
      summary.duplicates += 1;
      report(alert, 'duplicate', claim.issueKey);
      batch.settle(alert, true);
    } else if (claim.state === 'rejected') {
      retaken.push({ alertId: alert.id, claim: claimTransitions.retaken(claim, now()) });
      candidates.push({ alert, attempts: claim.attempts, listed: true });
    } else if (isStale(claim, now())) {
      stale.push({
        alert,
        attempts: claim.attempts,
        listed: claim.attempts > 0,
        recovering: true,
      });
    } else {
      // Another run holds it right now (or died a moment ago): leave it to a later run.
      report(alert, 'in-progress');
    }
  }
  await ledger.record(retaken);
  candidates.push(...(await reconcileClaims(context, stale, batch.settle)));
  batch.waiting.push(...candidates);
}
