/** The write-back's pure decisions (issue 16): resolution → closure, and what an issue's state asks. */
import { ProjectConfig } from '../../src/core/config';
import type { WriteBackRecord } from '../../src/core/write-back';
import {
  DEFAULT_WRITE_BACK,
  WriteBackSettings,
  closureForResolution,
  decideWriteBack,
  defenderClosedMove,
  planFor,
  repeatedResolutions,
  retryDue,
  sendingRecord,
} from '../../src/core/write-back';

describe('resolution → closure', () => {
  it.each([
    ['Done', 'close_true_positive', undefined, 'truePositive', 'other'],
    ["Won't Do", 'close_benign', 4, 'informationalExpectedActivity', 'other'],
    ['Duplicate', 'close_false_positive', 1, 'falsePositive', 'notMalicious'],
    ['cannot reproduce', 'close_false_positive', 3, 'falsePositive', 'notMalicious'],
  ])(
    '%s → MCAS %s (reason %s), Graph %s/%s',
    (resolution, endpoint, reasonId, classification, determination) => {
      const plan = closureForResolution(resolution, DEFAULT_WRITE_BACK);
      expect(plan?.mcas).toEqual({ endpoint, ...(reasonId !== undefined && { reasonId }) });
      expect(plan?.graph).toEqual({ classification, determination });
    },
  );

  it('leaves a resolution the map does not name open, unless the admin chose a closure for the rest', () => {
    expect(closureForResolution('Fixed', DEFAULT_WRITE_BACK)).toBeUndefined();
    expect(
      closureForResolution('Fixed', { ...DEFAULT_WRITE_BACK, otherResolutions: 'benign' })?.mcas,
    ).toEqual({ endpoint: 'close_benign', reasonId: 4 });
  });

  it('refuses a reason the MCAS endpoint does not take, with the reasons it does', () => {
    const parsed = WriteBackSettings.safeParse({
      closures: [
        { resolution: 'Done', closure: 'truePositive', reasonId: 2 },
        { resolution: 'Nope', closure: 'falsePositive', reasonId: 2 },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'MCAS takes no reason when it closes an alert as a true positive',
      "must be one of MCAS's falsePositive reasons: 0, 1, 3, 4",
    ]);
  });

  it('gives a project stored before write-back the defaults', () => {
    const config = ProjectConfig.parse({
      projectId: '10000',
      projectKey: 'SEC',
      issueType: 'Task',
    });
    expect(config.writeBack.closures.map(({ resolution }) => resolution)).toEqual([
      'Done',
      "Won't Do",
      'Duplicate',
      'Cannot Reproduce',
    ]);
    expect(config.writeBack.defenderClosedTransition).toBeUndefined();
  });
});

describe('what an issue asks of the write-back', () => {
  const at = 1_700_000_000_000;
  const record = (over: Partial<WriteBackRecord>): WriteBackRecord => ({
    state: 'closed',
    attempts: 1,
    at,
    ...over,
  });

  it('closes a resolved issue, and nothing once closed or closed by Defender', () => {
    const done = { done: true, resolution: 'Done' };
    expect(decideWriteBack(done, undefined, DEFAULT_WRITE_BACK)).toMatchObject({ kind: 'close' });
    expect(decideWriteBack(done, record({}), DEFAULT_WRITE_BACK)).toEqual({ kind: 'none' });
    expect(decideWriteBack(done, record({ state: 'defenderClosed' }), DEFAULT_WRITE_BACK)).toEqual({
      kind: 'none',
    });
  });

  it('resends the recorded closure after a lost answer, even when the resolution changed', () => {
    const action = decideWriteBack(
      { done: true, resolution: 'Done' },
      record({ state: 'sending', closure: 'benign', resolution: "Won't Do", reasonId: 4 }),
      DEFAULT_WRITE_BACK,
    );
    expect(action).toMatchObject({ kind: 'close', plan: { closure: 'benign' }, attempts: 1 });
  });

  it('reopens a closed issue that is open again, and does nothing for one never closed', () => {
    const open = { done: false, resolution: undefined };
    expect(decideWriteBack(open, record({}), DEFAULT_WRITE_BACK)).toEqual({ kind: 'reopen' });
    expect(decideWriteBack(open, undefined, DEFAULT_WRITE_BACK)).toEqual({ kind: 'none' });
  });

  it('says an unmapped resolution once', () => {
    const fixed = { done: true, resolution: 'Fixed' };
    expect(decideWriteBack(fixed, undefined, DEFAULT_WRITE_BACK)).toEqual({
      kind: 'unmapped',
      resolution: 'Fixed',
    });
    expect(
      decideWriteBack(
        fixed,
        record({ state: 'unmapped', resolution: 'Fixed' }),
        DEFAULT_WRITE_BACK,
      ),
    ).toEqual({ kind: 'none' });
  });

  it('retries a failed closure after 5 minutes, doubling, at most every 6 hours', () => {
    const failed = (attempts: number) => record({ state: 'failed', attempts });
    expect(retryDue(failed(1), at + 4 * 60_000)).toBe(false);
    expect(retryDue(failed(1), at + 5 * 60_000)).toBe(true);
    expect(retryDue(failed(3), at + 19 * 60_000)).toBe(false);
    expect(retryDue(failed(3), at + 20 * 60_000)).toBe(true);
    expect(retryDue(failed(30), at + 6 * 3_600_000)).toBe(true);
    expect(retryDue(record({ state: 'sending' }), at)).toBe(true);
  });
});

describe('where an issue goes when Defender closed its alert', () => {
  const offered = [
    { id: '11', toStatusId: '10000' },
    { id: '41', toStatusId: '10005' },
  ];
  const settings = (over: Partial<WriteBackSettings>) =>
    WriteBackSettings.parse({ ...DEFAULT_WRITE_BACK, ...over });

  it("takes the issue's own transition to the status the admin picked", () => {
    expect(
      defenderClosedMove(
        settings({ defenderClosedStatus: { id: '10005', name: 'Closed' } }),
        '10000',
        offered,
      ),
    ).toEqual({ kind: 'transition', transitionId: '41' });
  });

  it('names the status when the workflow offers no way there, and stays when already there', () => {
    const toReview = settings({ defenderClosedStatus: { id: '10009', name: 'Review' } });
    expect(defenderClosedMove(toReview, '10000', offered)).toEqual({
      kind: 'noTransition',
      statusName: 'Review',
    });
    expect(defenderClosedMove(toReview, '10009', undefined)).toEqual({ kind: 'stay' });
  });

  it('reads an old config: its transition id as is, and a status wins over it', () => {
    expect(defenderClosedMove(settings({ defenderClosedTransition: '31' }), '1', [])).toEqual({
      kind: 'transition',
      transitionId: '31',
    });
    expect(
      defenderClosedMove(
        settings({
          defenderClosedTransition: '31',
          defenderClosedStatus: { id: '10005', name: 'Closed' },
        }),
        '10000',
        offered,
      ),
    ).toEqual({ kind: 'transition', transitionId: '41' });
    expect(defenderClosedMove(DEFAULT_WRITE_BACK, '10000', offered)).toEqual({ kind: 'stay' });
  });

  it('finds a resolution mapped twice, on the later rows, and still loads such a config', () => {
    const closures = [
      { resolution: 'Done', closure: 'truePositive' as const },
      { resolution: ' DONE ', closure: 'benign' as const },
      { resolution: 'Duplicate', closure: 'falsePositive' as const },
    ];
    const parsed = WriteBackSettings.parse({ closures });
    expect(repeatedResolutions(parsed.closures)).toEqual([1]);
    expect(repeatedResolutions(DEFAULT_WRITE_BACK.closures)).toEqual([]);
  });
});

describe('the record written before a close call', () => {
  const plan = planFor('benign', "Won't Do", 4);
  const at = 1_700_000_000_000;

  it('keeps the repeats a failed attempt closed, so the retry sends only the rest', () => {
    const failed: WriteBackRecord = {
      state: 'failed',
      closure: 'benign',
      attempts: 1,
      at,
      groupedClosed: ['a2'],
    };
    expect(sendingRecord(plan, 1, failed, at + 1).groupedClosed).toEqual(['a2']);
  });

  it('forgets them for a new closure after a reopen', () => {
    const reopened: WriteBackRecord = { state: 'reopened', attempts: 0, at, groupedClosed: ['a2'] };
    expect(sendingRecord(plan, 0, reopened, at + 1).groupedClosed).toBeUndefined();
  });
});
