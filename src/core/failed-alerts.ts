/**
 * Which claims make an alert "failed" for the settings page, and when it is tried again. Every
 * alert without an issue is listed from its first refusal until it gets one or an admin
 * dismisses it: a refused alert (`rejected`) is retried by the next scheduled run, a parked one
 * (`failed`, after MAX_CREATE_ATTEMPTS) only by hand.
 */
import type { Schedule } from './config';
import type { Claim } from './model';
import { SCHEDULE_PERIOD_MS } from './schedule';

/** Claim states the failed-alert index holds. */
export const LISTED_STATES: ReadonlyArray<Claim['state']> = ['rejected', 'failed'];

export const isListed = (claim: Pick<Claim, 'state'>): boolean =>
  LISTED_STATES.includes(claim.state);

/**
 * When the alert is tried again without anyone pressing Retry: the first scheduled run after its
 * refusal. Undefined for a parked alert, or while the project's schedule is paused.
 */
export function nextRetryAt(
  claim: Pick<Claim, 'state' | 'at'>,
  schedule: Schedule,
): number | undefined {
  if (claim.state !== 'rejected' || schedule === 'paused') return undefined;
  return claim.at + SCHEDULE_PERIOD_MS[schedule];
}
