import type { OwedItem } from '../../src/core/owed-drain';
import { aVerdict } from './rules/factories';
import {
  DRAIN_SLOT_MARGIN_MS,
  DRAIN_SLOT_MS,
  SLOTS_PER_PASS_WITHOUT_CHECKS,
  addressesWithoutAnswer,
  answerFits,
  answerSource,
  drainSlot,
  readyToFill,
} from '../../src/core/owed-drain';
import type { IpVerdict } from '../../src/core/model';

const HOUR = 3_600_000;
const settings = { maxAgeInDays: 90, cacheHours: 24 };

function verdict(ip: string, fetchedAt: number, maxAgeInDays = 90): IpVerdict {
  return aVerdict({ ip, fetchedAt, maxAgeInDays });
}

function item(alertId: string, severity: OwedItem['severity'], ips: string[], at = 0): OwedItem {
  return { tenantId: alertId.split('-')[0] ?? 't', alertId, severity, ips, at };
}

describe('answerFits (which kept answer may fill an issue)', () => {
  it('takes an answer fetched after the issue was created, however long ago that was', () => {
    expect(answerFits(verdict('1.1.1.1', 10 * 24 * HOUR), { at: 5 * HOUR }, settings)).toBe(true);
  });

  it('takes an older answer only if the cache would have taken it when the issue was created', () => {
    const created = 100 * HOUR;
    expect(answerFits(verdict('1.1.1.1', created - 23 * HOUR), { at: created }, settings)).toBe(
      true,
    );
    expect(answerFits(verdict('1.1.1.1', created - 25 * HOUR), { at: created }, settings)).toBe(
      false,
    );
  });

  it('refuses an answer for another look-back window', () => {
    expect(answerFits(verdict('1.1.1.1', 10 * HOUR, 30), { at: 0 }, settings)).toBe(false);
  });
});

describe('readyToFill (which issues one pass completes)', () => {
  const fresh = new Map([
    ['1.1.1.1', verdict('1.1.1.1', 50 * HOUR)],
    ['2.2.2.2', verdict('2.2.2.2', 50 * HOUR)],
  ]);
  const kept = new Map([['3.3.3.3', verdict('3.3.3.3', 10 * HOUR)]]);
  const answerFor = answerSource(fresh, kept, settings);

  it('fills every issue of every tenant whose addresses are all answered, the most severe first', () => {
    const ready = readyToFill(
      [
        item('a-1', 'low', ['1.1.1.1']),
        item('b-1', 'high', ['1.1.1.1']),
        item('a-2', 'medium', ['1.1.1.1', '9.9.9.9']),
        item('c-1', 'medium', ['2.2.2.2', '1.1.1.1']),
      ],
      answerFor,
    );
    expect(ready.map((i) => i.alertId)).toEqual(['b-1', 'c-1', 'a-1']);
  });

  it('completes an issue with a kept answer from an earlier day and one from this pass', () => {
    expect(
      readyToFill([item('a-1', 'low', ['3.3.3.3', '2.2.2.2'], 5 * HOUR)], answerFor),
    ).toHaveLength(1);
  });

  it('does not fill an issue created long after the kept answer: that answer is stale for it', () => {
    expect(readyToFill([item('a-1', 'low', ['3.3.3.3'], 40 * HOUR)], answerFor)).toHaveLength(0);
  });

  it('within a severity, fills the oldest owed first', () => {
    const ready = readyToFill(
      [item('a-2', 'low', ['1.1.1.1'], 9), item('a-1', 'low', ['1.1.1.1'], 3)],
      answerFor,
    );
    expect(ready.map((i) => i.alertId)).toEqual(['a-1', 'a-2']);
  });
});

describe('addressesWithoutAnswer (what is still worth a check)', () => {
  it('asks each unanswered address once, the most severe alert’s first, across tenants', () => {
    const answerFor = answerSource(
      new Map([['1.1.1.1', verdict('1.1.1.1', 0)]]),
      new Map(),
      settings,
    );
    expect(
      addressesWithoutAnswer(
        [
          item('a-1', 'low', ['1.1.1.1', '4.4.4.4']),
          item('b-1', 'high', ['5.5.5.5', '1.1.1.1']),
          item('c-1', 'medium', ['4.4.4.4']),
          item('c-2', 'low', ['4.4.4.4']),
        ],
        answerFor,
      ),
    ).toEqual(['5.5.5.5', '4.4.4.4']);
  });

  it('asks again for an address whose kept answer is too old for the issue waiting on it', () => {
    const answerFor = answerSource(
      new Map(),
      new Map([['1.1.1.1', verdict('1.1.1.1', 0)]]),
      settings,
    );
    expect(
      addressesWithoutAnswer(
        [item('a-1', 'low', ['1.1.1.1'], 1 * HOUR), item('a-2', 'low', ['1.1.1.1'], 48 * HOUR)],
        answerFor,
      ),
    ).toEqual(['1.1.1.1']);
  });
});

describe('drainSlot (one pass per project and slot, never two at once)', () => {
  it('names the slot and stops a pass a margin before the slot ends', () => {
    const start = 1_000 * DRAIN_SLOT_MS;
    const slot = drainSlot(start + 1_000);
    expect(slot).toEqual({
      id: 's1000',
      previousId: 's999',
      stopAt: start + DRAIN_SLOT_MS - DRAIN_SLOT_MARGIN_MS,
    });
    expect(drainSlot(start + DRAIN_SLOT_MS - 1)?.id).toBeUndefined();
    expect(drainSlot(start + DRAIN_SLOT_MS)?.id).toBe('s1001');
  });

  it('while no check can be sent, passes only every sixth slot (cache answers keep for hours)', () => {
    const slots = Array.from({ length: 12 }, (_, i) => (1_000 + i) * DRAIN_SLOT_MS + 1_000);
    const passes = slots.filter((at) => drainSlot(at, false) !== undefined);
    expect(passes).toHaveLength(12 / SLOTS_PER_PASS_WITHOUT_CHECKS);
    expect(slots.filter((at) => drainSlot(at, true) !== undefined)).toHaveLength(12);
  });
});
