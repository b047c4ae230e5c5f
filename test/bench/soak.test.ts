/**
 * `npm run soak` kept working: a 5-sync soak through the CLI with faults and kills ends with
 * every open alert having exactly one issue and no secret in any output.
 */
import { runSoak } from '../../bench/soak';

jest.setTimeout(180_000);

it('a short soak creates exactly one issue per open alert, through faults and kills', async () => {
  const figures = await runSoak({ runs: 5, seed: 7, faultRate: 0.6, killRate: 0.4 });
  expect(figures.runs).toBe(5);
  expect(figures.faults + figures.kills).toBeGreaterThan(0);
  expect(figures.alerts).toBeGreaterThan(0);
  expect(figures).toMatchObject({ duplicates: 0, lost: 0, secretsSeen: 0, countsNotAddingUp: 0 });
  expect(figures.issues).toBe(figures.alerts);
});
