/** When a tenant is due, per project schedule, measured from when the scheduler last queued it. */
import { SCHEDULER_TICK_MS, isDue, schedulerTick } from '../../src/core/schedule';

const MINUTE = 60_000;
const T = 1_750_000_000_000;

describe('isDue', () => {
  it('is due when never queued, never when paused', () => {
    expect(isDue('daily', undefined, T)).toBe(true);
    expect(isDue('paused', undefined, T)).toBe(false);
  });

  it('runs a five-minute tenant on every tick but not twice in one', () => {
    expect(isDue('fiveMinutes', T, T + 5 * MINUTE - 2_000)).toBe(true);
    expect(isDue('fiveMinutes', T, T + 10_000)).toBe(false);
  });

  it('runs an hourly tenant once an hour even when ticks land a little early', () => {
    expect(isDue('hourly', T, T + 55 * MINUTE)).toBe(false);
    expect(isDue('hourly', T, T + 59 * MINUTE)).toBe(true);
    expect(isDue('daily', T, T + 23 * 60 * MINUTE)).toBe(false);
  });
});

describe('schedulerTick', () => {
  it('puts a duplicate invocation in the same tick and the next one in another', () => {
    const start = Math.ceil(T / SCHEDULER_TICK_MS) * SCHEDULER_TICK_MS;
    expect(schedulerTick(start + 1_000)).toBe(schedulerTick(start + 20_000));
    expect(schedulerTick(start + SCHEDULER_TICK_MS)).not.toBe(schedulerTick(start));
  });
});
