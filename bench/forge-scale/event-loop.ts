/**
 * The Forge async-events platform on simulated time: the scheduled trigger fires every five
 * minutes, pushed events wait out their `delayInSeconds`, events sharing a concurrency key run one
 * at a time, and a push beyond the installation's event rate is refused. Documented limits
 * (https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/): 500 async events a
 * minute, a delay of at most 900 s, a consumer function of at most 900 s.
 *
 * A consumer that runs past its limit is counted, not killed (the simulation cannot stop a
 * promise); a consumer that throws is counted and its event delivered again after a minute, at
 * most three times, as an assumption about the platform's retry of a failed invocation.
 */
import type { PushEvent } from '@forge/events';
import type { Queue } from '../../src/ports';
import { platform } from '../../test/forge/fakes/platform';
import type { SimClock } from './sim-clock';

export const FORGE_EVENT_LIMITS = {
  eventsPerMinute: 500,
  maxDelaySeconds: 900,
  consumerTimeoutMs: 900_000,
  schedulerTimeoutMs: 60_000,
  /** `interval: fiveMinute` in manifest.yml. */
  schedulerIntervalMs: 5 * 60_000,
};

const REDELIVERY_DELAY_MS = 60_000;
const MAX_REDELIVERIES = 3;

export class EventRateLimitError extends Error {
  readonly status = 429;
  constructor() {
    super(`Rate limit exceeded: ${FORGE_EVENT_LIMITS.eventsPerMinute} events per minute`);
    this.name = 'RateLimitError';
  }
}

interface PendingEvent {
  event: PushEvent;
  deliverAt: number;
  redeliveries: number;
}

export interface EventLoopStats {
  /** Events accepted by `push`. */
  events: number;
  /** Accepted events that continue an earlier one (`continuation` > 0 in the body). */
  continuations: number;
  /** Pushes refused over the events-per-minute limit. */
  refusedPushes: number;
  invocations: number;
  /** Invocations that threw (redelivered up to three times). */
  failedInvocations: number;
  /** Consumer invocations that ran past 900 s of simulated time. */
  overLimit: number;
  longestInvocationMs: number;
  schedulerRuns: number;
  peakEventsPerMinute: number;
}

export interface EventLoopOptions {
  clock: SimClock;
  consume: (body: Record<string, unknown>) => Promise<void>;
  schedule: () => Promise<void>;
  /** Called after every settled step; returning true ends the run. */
  done?: () => boolean;
  /** Called at every scheduler tick, before the trigger fires (milestone checks). */
  onTick?: () => void;
}

export class ForgeEventLoop {
  readonly stats: EventLoopStats = {
    events: 0,
    continuations: 0,
    refusedPushes: 0,
    invocations: 0,
    failedInvocations: 0,
    overLimit: 0,
    longestInvocationMs: 0,
    schedulerRuns: 0,
    peakEventsPerMinute: 0,
  };
  private readonly pending: PendingEvent[] = [];
  private readonly busyKeys = new Set<string>();
  private readonly pushTimes: number[] = [];
  private nextTick: number;
  private schedulerBusy = false;

  constructor(private readonly options: EventLoopOptions) {
    this.nextTick = options.clock.now();
  }

  /** Wraps the app's Queue port: a push over the event rate is refused as a whole. */
  limitQueue(inner: Queue): Queue {
    return {
      push: async (events) => {
        const now = this.options.clock.now();
        while (this.pushTimes.length > 0 && (this.pushTimes[0] as number) <= now - 60_000) {
          this.pushTimes.shift();
        }
        if (this.pushTimes.length + events.length > FORGE_EVENT_LIMITS.eventsPerMinute) {
          this.stats.refusedPushes += 1;
          throw new EventRateLimitError();
        }
        await inner.push(events);
        for (let n = 0; n < events.length; n += 1) this.pushTimes.push(now);
        this.stats.peakEventsPerMinute = Math.max(
          this.stats.peakEventsPerMinute,
          this.pushTimes.length,
        );
      },
    };
  }

  /** Runs until `done` says so or simulated time would pass `until`. */
  async run(until: number): Promise<void> {
    const { clock } = this.options;
    for (;;) {
      await clock.settle();
      this.collect();
      if (this.options.done?.()) return;
      if (this.dispatch()) continue;
      if (clock.now() >= this.nextTick) {
        this.nextTick += FORGE_EVENT_LIMITS.schedulerIntervalMs;
        this.options.onTick?.();
        if (!this.schedulerBusy) this.startScheduler();
        continue;
      }
      const next = Math.min(
        clock.nextTimerAt() ?? Infinity,
        this.nextDeliveryAt() ?? Infinity,
        this.nextTick,
      );
      if (next > until) return;
      clock.advanceTo(next);
    }
  }

  /** Takes what the app pushed off the fake queue. */
  private collect(): void {
    const now = this.options.clock.now();
    for (const { event } of platform.pushed.splice(0)) {
      this.stats.events += 1;
      const continuation = event.body.continuation;
      if (typeof continuation === 'number' && continuation > 0) this.stats.continuations += 1;
      this.pending.push({
        event,
        deliverAt: now + (event.delayInSeconds ?? 0) * 1000,
        redeliveries: 0,
      });
    }
  }

  private nextDeliveryAt(): number | undefined {
    let next: number | undefined;
    for (const item of this.pending) {
      const key = item.event.concurrency?.key;
      if (key !== undefined && this.busyKeys.has(key)) continue;
      if (next === undefined || item.deliverAt < next) next = item.deliverAt;
    }
    return next;
  }

  /** Starts every due event whose concurrency key is free, earliest first. */
  private dispatch(): boolean {
    const now = this.options.clock.now();
    const due = this.pending
      .filter((item) => item.deliverAt <= now)
      .sort((a, b) => a.deliverAt - b.deliverAt);
    let started = false;
    for (const item of due) {
      const key = item.event.concurrency?.key;
      if (key !== undefined && this.busyKeys.has(key)) continue;
      this.pending.splice(this.pending.indexOf(item), 1);
      if (key !== undefined) this.busyKeys.add(key);
      this.invoke(item, key);
      started = true;
    }
    return started;
  }

  private invoke(item: PendingEvent, key: string | undefined): void {
    const { clock } = this.options;
    const began = clock.now();
    this.stats.invocations += 1;
    void this.options
      .consume(item.event.body)
      .catch(() => {
        this.stats.failedInvocations += 1;
        if (item.redeliveries < MAX_REDELIVERIES) {
          this.pending.push({
            event: item.event,
            deliverAt: clock.now() + REDELIVERY_DELAY_MS,
            redeliveries: item.redeliveries + 1,
          });
        }
      })
      .finally(() => {
        const took = clock.now() - began;
        this.stats.longestInvocationMs = Math.max(this.stats.longestInvocationMs, took);
        if (took > FORGE_EVENT_LIMITS.consumerTimeoutMs) this.stats.overLimit += 1;
        if (key !== undefined) this.busyKeys.delete(key);
      });
  }

  private startScheduler(): void {
    this.schedulerBusy = true;
    this.stats.schedulerRuns += 1;
    void this.options
      .schedule()
      .catch(() => undefined)
      .finally(() => {
        this.schedulerBusy = false;
      });
  }
}
