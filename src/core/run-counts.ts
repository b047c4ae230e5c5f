/**
 * A run summary that adds up: every alert a run fetched has exactly one outcome. Pure, so the
 * engine's tests, the CLI and the soak can all check the same rule.
 */
import type { RunSummary } from './model';

type Counts = Pick<
  RunSummary,
  | 'fetched'
  | 'created'
  | 'duplicates'
  | 'filtered'
  | 'suppressed'
  | 'grouped'
  | 'rejected'
  | 'failed'
  | 'malformed'
  | 'waiting'
>;

/** The outcomes, in the order the Runs table and the CLI show them. */
export const OUTCOME_COUNTS = [
  'created',
  'duplicates',
  'filtered',
  'suppressed',
  'grouped',
  'rejected',
  'failed',
  'malformed',
  'waiting',
] as const satisfies ReadonlyArray<keyof Counts>;

/** Alerts of the run with an outcome of some kind. */
export function accountedFor(counts: Counts): number {
  return OUTCOME_COUNTS.reduce((sum, outcome) => sum + counts[outcome], 0);
}

/** Alerts fetched that have no issue and are not waiting for one to be found: a person acts. */
export function withoutIssue(counts: Pick<Counts, 'rejected' | 'failed' | 'malformed'>): number {
  return counts.rejected + counts.failed + counts.malformed;
}

/** Undefined when fetched equals the sum of the outcomes; otherwise what does not add up. */
export function runCountsProblem(counts: Counts): string | undefined {
  const accounted = accountedFor(counts);
  if (accounted === counts.fetched) return undefined;
  const parts = OUTCOME_COUNTS.map((outcome) => `${outcome} ${counts[outcome]}`).join(' + ');
  return `fetched ${counts.fetched} ≠ ${parts} = ${accounted}`;
}
