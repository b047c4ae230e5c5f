/**
 * The claim ledger: every state an alert's claim can take, and the only code that writes claims
 * during a sync. A claim (`alert:<projectId>:<tenantId>:<alertId>`) is what makes each alert one issue
 * (invariant 1 of docs/architecture.md):
 *
 *   (none) ──take──► claimed ──created──────► created
 *                       │    ──suppressed───► suppressed
 *                       │    ──grouped──────► grouped (a comment on an open issue, `issueKey`)
 *                       │    ──refused──────► rejected ──retaken──► claimed (next run)
 *                       │                 └─► failed (parked after MAX_CREATE_ATTEMPTS)
 *                       └─(stale)─reconciled► created (an issue carrying the alert id was found)
 *   failed | rejected ──reopenedByHand──► rejected (an admin's retry; one more refusal parks it)
 *   failed | rejected ──dismissed───────► dismissed (an admin decided it needs no issue)
 *   dismissed ──dismisserForgotten──► dismissed (that admin's account closed: the id erased)
 *
 * Every `rejected` or `failed` claim is also copied into the failed-alert index
 * (`failed:<projectId>:<tenantId>:<alertId>`, core/failed-alerts.ts) in the same batch, and the
 * copy is deleted when the alert leaves those states: the settings page lists them from the
 * first refusal at a bounded cost, however many claims a tenant has.
 *
 * Taking a claim is create-if-absent, one key at a time: that single write is what guarantees one
 * owner per alert, so it is never batched. Every later transition is written in batches
 * (`Store.setMany`), after Jira has answered for a whole bulk create, to stay within Forge's
 * 4,000 writes a minute per installation (docs/architecture.md, "Forge KVS budget").
 */
import type { Alert, Claim } from '../core/model';
import { Claim as ClaimSchema } from '../core/model';
import type { TenantRef } from '../core/storage-keys';
import { isListed } from '../core/failed-alerts';
import { CLAIM_TTL_SECONDS } from '../core/retention';
import { keys } from '../core/storage-keys';
import type { Store, StoreWrite } from '../ports';

/** A rejected alert is retried on this many runs, then parked as failed. */
export const MAX_CREATE_ATTEMPTS = 5;
/**
 * A claim left in `claimed` by a run that died is reconciled only after this long. It is longer
 * than a worker may live (900 s), so the claim of a run still enriching or creating is never taken
 * for a dead one's, and Jira search (eventually consistent) has long indexed what was created.
 */
export const STALE_CLAIM_MS = 16 * 60_000;

/** What a claim remembers of its alert, so a failed alert can be retried without MCAS. */
type ClaimedAlert = Pick<Alert, 'title' | 'timestamp'>;
const about = (alert: ClaimedAlert) => ({
  title: alert.title.slice(0, 255),
  timestamp: alert.timestamp,
});

const withIssue = (
  alert: ClaimedAlert,
  issueKey: string,
  attempts: number,
  now: number,
): Claim => ({
  state: 'created',
  issueKey,
  attempts,
  at: now,
  ...about(alert),
});

/** The named transitions. Pure: each returns the claim to store, stamped with `now`. */
export const claimTransitions = {
  /** The first claim: this run owns the alert. */
  claimed: (alert: ClaimedAlert, now: number): Claim => ({
    state: 'claimed',
    attempts: 0,
    at: now,
    ...about(alert),
  }),
  /** A rejected alert is owned again for another attempt. */
  retaken: (claim: Claim, now: number): Claim => ({ ...claim, state: 'claimed', at: now }),
  /** Jira created the issue: that was one more attempt. */
  created: (alert: ClaimedAlert, issueKey: string, attempts: number, now: number): Claim =>
    withIssue(alert, issueKey, attempts + 1, now),
  /** A stale claim whose issue was found by search: created by a run that died before recording. */
  reconciled: (alert: ClaimedAlert, issueKey: string, attempts: number, now: number): Claim =>
    withIssue(alert, issueKey, attempts, now),
  /** A triage rule said no issue. */
  suppressed: (alert: ClaimedAlert, rule: string, attempts: number, now: number): Claim => ({
    state: 'suppressed',
    rule,
    attempts,
    at: now,
    ...about(alert),
  }),
  /**
   * A "group repeats" rule made the alert a comment on the open issue `issueKey`, and the
   * issue's `mcas.alert` property records it (sync/group-repeats.ts).
   */
  grouped: (
    alert: ClaimedAlert,
    issueKey: string,
    rule: string,
    attempts: number,
    now: number,
  ): Claim => ({
    state: 'grouped',
    issueKey,
    rule,
    attempts,
    at: now,
    ...about(alert),
  }),
  /** Jira (or building the payload) refused: retried next run, parked once attempts run out. */
  refused: (alert: ClaimedAlert, attempts: number, message: string, now: number): Claim => {
    const made = attempts + 1;
    return {
      state: made >= MAX_CREATE_ATTEMPTS ? 'failed' : 'rejected',
      attempts: made,
      at: now,
      lastError: message,
      ...about(alert),
    };
  },
  /**
   * An admin asked to retry a failed alert. Its attempts are kept: the checkpoint has passed it,
   * so a refusal now must park it again (listed, with the new error) rather than leave it
   * `rejected` where no scheduled run would meet it again.
   */
  reopenedByHand: (claim: Claim, now: number): Claim => ({
    ...claim,
    state: 'rejected',
    attempts: Math.max(claim.attempts, MAX_CREATE_ATTEMPTS - 1),
    at: now,
  }),
  /** An admin decided the alert needs no issue: recorded with who and when. */
  dismissed: (claim: Claim, accountId: string, now: number): Claim => ({
    ...claim,
    state: 'dismissed',
    dismissedBy: accountId,
    at: now,
  }),
  /**
   * The dismissing admin's account was closed (personal-data-report.ts): the id is erased, the
   * dismissal and its time stay. Not a state change: the claim keeps its retention.
   */
  dismisserForgotten: (claim: Claim): Claim => {
    const { dismissedBy: _erased, ...rest } = claim;
    return { ...rest, dismissedByFormerUser: true };
  },
};

/** Settled for the checkpoint: nothing more will be done for the alert on its own. */
export const isFinal = (claim: Claim): boolean =>
  claim.state === 'created' ||
  claim.state === 'suppressed' ||
  claim.state === 'grouped' ||
  claim.state === 'failed' ||
  claim.state === 'dismissed';

export const isStale = (claim: Claim, now: number): boolean =>
  claim.state === 'claimed' && now - claim.at >= STALE_CLAIM_MS;

export interface ClaimChange {
  alertId: string;
  claim: Claim;
  /**
   * The alert may be in the failed-alert index (it was refused before): leaving the listed states
   * deletes its entry. Refusals write their entry whatever this says.
   */
  listed?: boolean;
}

export interface ClaimLedger {
  /** Create-if-absent: true when this run now owns the alert. One storage write. */
  take(alert: Alert, now: number): Promise<boolean>;
  /** The stored claims of these alerts (absent ones are missing), in batch reads. */
  read(alertIds: string[]): Promise<Map<string, Claim>>;
  /**
   * Writes claim changes in batches. `first` (e.g. the pending-verdict records of the issues just
   * created) is written before them: batches are not atomic, and a claim must never say `created`
   * while what the issue is still owed is not stored. `alongside` (issue records, IP cache
   * entries) has no order to keep: it joins the first write, where its small values fill the
   * storage units the large owed records leave half empty (src/store-requests.ts), or the claims'
   * when nothing goes first — never a storage round trip of its own.
   */
  record(changes: ClaimChange[], first?: StoreWrite[], alongside?: StoreWrite[]): Promise<void>;
  /**
   * Erases the dismissing admin of these alerts where it is one of `closed`, keeping each
   * claim's remaining retention; answers how many claims changed.
   */
  forgetDismissers(alertIds: string[], closed: ReadonlySet<string>, now: number): Promise<number>;
}

export function createClaimLedger(store: Store, tenant: TenantRef): ClaimLedger {
  const keyOf = (alertId: string) => keys.alert(tenant, alertId);
  return {
    take: (alert, now) =>
      store.setIfAbsent(keyOf(alert.id), ClaimSchema.parse(claimTransitions.claimed(alert, now))),
    async read(alertIds) {
      const stored = await store.getMany(alertIds.map(keyOf), ClaimSchema);
      const claims = new Map<string, Claim>();
      for (const alertId of alertIds) {
        const claim = stored.get(keyOf(alertId));
        if (claim) claims.set(alertId, claim);
      }
      return claims;
    },
    async record(changes, first = [], alongside = []) {
      if (first.length > 0) await store.setMany([...first, ...alongside]);
      // One key once per batch (`kvs.batchSet` refuses duplicates): the last change wins.
      const latest = new Map(changes.map((change) => [change.alertId, change]));
      const writes: StoreWrite[] = first.length > 0 ? [] : [...alongside];
      const unlisted: string[] = [];
      for (const [alertId, { claim, listed }] of latest) {
        const value = ClaimSchema.parse(claim);
        // Every state change restarts the claim's retention (docs/security.md).
        writes.push({ key: keyOf(alertId), value, ttlSeconds: CLAIM_TTL_SECONDS });
        if (isListed(claim)) {
          writes.push({
            key: keys.failedAlert(tenant, alertId),
            value,
            ttlSeconds: CLAIM_TTL_SECONDS,
          });
        } else if (listed === true) {
          unlisted.push(alertId);
        }
      }
      if (writes.length > 0) await store.setMany(writes);
      // After the claims: an entry left behind by a failure here is dropped by the failed-alert
      // view, which checks each entry against its claim.
      for (const alertId of unlisted) await store.delete(keys.failedAlert(tenant, alertId));
    },
    async forgetDismissers(alertIds, closed, now) {
      const claims = await this.read(alertIds);
      const writes: StoreWrite[] = [];
      for (const [alertId, claim] of claims) {
        if (claim.state !== 'dismissed' || claim.dismissedBy === undefined) continue;
        if (!closed.has(claim.dismissedBy)) continue;
        const left = Math.ceil((claim.at + CLAIM_TTL_SECONDS * 1000 - now) / 1000);
        writes.push({
          key: keyOf(alertId),
          value: ClaimSchema.parse(claimTransitions.dismisserForgotten(claim)),
          ttlSeconds: Math.max(1, Math.min(left, CLAIM_TTL_SECONDS)),
        });
      }
      if (writes.length > 0) await store.setMany(writes);
      return writes.length;
    },
  };
}
