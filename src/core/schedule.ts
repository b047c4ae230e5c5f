/**
 * When a tenant is due. Forge fires the scheduled trigger every five minutes (and may fire it
 * twice); each project's own schedule decides which of those ticks start a sync.
 */
import type { Schedule } from './config';

/** The scheduled trigger's interval (`fiveMinute` in the manifest). */
export const SCHEDULER_TICK_MS = 5 * 60_000;

export const SCHEDULE_PERIOD_MS: Record<Exclude<Schedule, 'paused'>, number> = {
  fiveMinutes: 5 * 60_000,
  hourly: 60 * 60_000,
  daily: 24 * 60 * 60_000,
};

/**
 * Ticks do not land on the exact second: a tenant whose period has nearly passed is due now
 * rather than one tick late. Smaller than a tick, so two ticks never both start one period.
 */
export const SCHEDULE_TOLERANCE_MS = 2 * 60_000;

/** Due when the tenant was never queued by the scheduler or its period has (nearly) passed. */
export function isDue(schedule: Schedule, lastQueuedAt: number | undefined, now: number): boolean {
  if (schedule === 'paused') return false;
  if (lastQueuedAt === undefined) return true;
  return now - lastQueuedAt >= SCHEDULE_PERIOD_MS[schedule] - SCHEDULE_TOLERANCE_MS;
}

/**
 * The tick a moment falls in, as a storage-key-safe id. A duplicate invocation of one trigger
 * falls in the same tick, so claiming the tick per tenant makes the duplicate do nothing.
 */
export function schedulerTick(now: number): string {
  return String(Math.floor(now / SCHEDULER_TICK_MS));
}
