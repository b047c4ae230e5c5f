import { advanceCheckpoint, alreadyPassed, startCheckpoint } from '../../src/core/checkpoint';
import type { Checkpoint } from '../../src/core/model';

const base: Checkpoint = { lastTimestamp: 1000, idsAtLastTimestamp: ['a'], lastRunAt: 0 };
const at = (id: string, timestamp: number, settled = true) => ({ id, timestamp, settled });

describe('checkpoint', () => {
  it('starts from the look-back on a first run and from the stored checkpoint afterwards', () => {
    expect(startCheckpoint(undefined, 500, 900)).toEqual({
      lastTimestamp: 500,
      idsAtLastTimestamp: [],
      lastRunAt: 900,
    });
    expect(startCheckpoint(base, 500, 900)).toBe(base);
  });

  it('moves to the last settled alert and remembers every id at that timestamp', () => {
    const next = advanceCheckpoint(base, [
      at('a', 1000),
      at('b', 1000),
      at('c', 2000),
      at('d', 2000),
    ]);
    expect(next).toEqual({ ...base, lastTimestamp: 2000, idsAtLastTimestamp: ['c', 'd'] });
  });

  it('never moves past an unsettled alert, in this page or any later one', () => {
    const firstPage = [at('b', 1500), at('c', 2000, false), at('d', 3000)];
    expect(advanceCheckpoint(base, firstPage).lastTimestamp).toBe(1500);
    // The sync passes every alert of the run so far: a later page cannot move past 'c' either.
    expect(advanceCheckpoint(base, [...firstPage, at('e', 4000)]).lastTimestamp).toBe(1500);
  });

  it('keeps the ids already handled when an unsettled alert shares their timestamp', () => {
    const next = advanceCheckpoint(base, [at('b', 2000), at('c', 2000, false)]);
    expect(next).toMatchObject({ lastTimestamp: 2000, idsAtLastTimestamp: ['b'] });
    expect(alreadyPassed(next, { id: 'b', timestamp: 2000 })).toBe(true);
    expect(alreadyPassed(next, { id: 'c', timestamp: 2000 })).toBe(false);
  });
});
