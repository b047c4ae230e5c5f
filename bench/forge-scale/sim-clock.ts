/**
 * Simulated time for the Forge-scale scenario: the Clock port of a discrete-event simulation.
 *
 * `sleep` (KVS latency, retry waits, queue delays, quota days) only registers a timer; time moves
 * when the driver calls `advanceTo`, and the driver does that only once every task is waiting on a
 * timer: no real I/O in flight (HTTP to the loopback simulators is wrapped in `io`) and every ready
 * callback has run (`settle`). So weeks of simulated time pass in minutes of wall time, and tasks
 * that run side by side on Forge (one worker per tenant) overlap in simulated time as they would.
 */
import type { Clock } from '../../src/ports';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/** A binary min-heap by (at, seq): timers due at the same moment wake in the order they were set. */
class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(timer: Timer): void {
    const items = this.items;
    items.push(timer);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, items[parent] as Timer)) break;
      items[index] = items[parent] as Timer;
      index = parent;
    }
    items[index] = timer;
  }

  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && before(items[right] as Timer, items[left] as Timer) ? right : left;
      if (!before(items[child] as Timer, last)) break;
      items[index] = items[child] as Timer;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SimClock implements Clock {
  private current: number;
  private readonly timers = new TimerHeap();
  private seq = 0;
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((wake) => {
      this.timers.push({ at: this.current + ms, seq: this.seq++, wake });
    });
  }

  /** Runs real I/O (a loopback HTTP exchange): simulated time stands still until it is done. */
  async io<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        const waiting = this.idle;
        this.idle = [];
        for (const wake of waiting) wake();
      }
    }
  }

  /** Resolves once no real I/O is in flight and every task is parked on a simulated timer. */
  async settle(): Promise<void> {
    for (;;) {
      if (this.inFlight > 0) {
        await new Promise<void>((wake) => this.idle.push(wake));
        continue;
      }
      // Two turns of the event loop: promise chains that resolve without I/O finish in between.
      await nextTurn();
      if (this.inFlight > 0) continue;
      await nextTurn();
      if (this.inFlight === 0) return;
    }
  }

  /** When the earliest timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.at;
  }

  /**
   * Moves time forward to `at` (never back) and wakes every timer due by then. The driver passes
   * the earliest moment anything happens, so no timer is woken late.
   */
  advanceTo(at: number): void {
    this.current = Math.max(this.current, at);
    for (;;) {
      const next = this.timers.peek();
      if (next === undefined || next.at > this.current) return;
      this.timers.pop()?.wake();
    }
  }

  /**
   * Runs `work` to its end alone, moving time from timer to timer (tests drive one piece of work
   * this way; the scenario's event loop drives many).
   */
  async runToEnd<T>(work: Promise<T>): Promise<T> {
    const state = { finished: false };
    const watched = work.then(
      () => {
        state.finished = true;
      },
      () => {
        state.finished = true;
      },
    );
    for (;;) {
      await this.settle();
      const next = this.nextTimerAt();
      if (state.finished || next === undefined) break;
      this.advanceTo(next);
    }
    await watched;
    return work;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}
