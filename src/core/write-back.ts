/**
 * Jira → Defender write-back and Defender → Jira status, as pure decisions: which closure a Jira
 * resolution means, how each API says it, what the issue's `mcas.alert` property records, and what
 * to do when an issue changes. The use cases (src/sync/write-back.ts, defender-closed.ts) only
 * carry these out.
 */
import { z } from 'zod';

/** The three ways Defender closes an alert (MCAS `close_<kind>`, Graph `classification`). */
export const CLOSURE_KINDS = ['truePositive', 'benign', 'falsePositive'] as const;
export const ClosureKind = z.enum(CLOSURE_KINDS);
export type ClosureKind = z.infer<typeof ClosureKind>;

/**
 * MCAS close reasons (EXTERNAL-APIS.md §1): benign 2 severity lower, 4 other, 5 confirmed with
 * user, 6 triggered by test; false positive 0 not of interest, 1 too many similar, 3 not accurate,
 * 4 other. `close_true_positive` takes no reason.
 */
export const MCAS_REASONS: Record<Exclude<ClosureKind, 'truePositive'>, readonly number[]> = {
  benign: [2, 4, 5, 6],
  falsePositive: [0, 1, 3, 4],
};
const MCAS_OTHER_REASON = 4;

/** Each MCAS reason as the Defender portal words it, for the settings page. */
export const MCAS_REASON_WORDS: Record<number, string> = {
  0: 'Not of interest',
  1: 'Too many similar alerts',
  2: 'Alert severity should be lower',
  3: 'Alert is not accurate',
  4: 'Other',
  5: 'Confirmed with the user',
  6: 'Triggered by a test',
};

/** A Jira resolution's closure; `reasonId` is MCAS's, for the endpoints that take one. */
export const ResolutionClosure = z
  .object({
    /** The Jira resolution's name, as Jira shows it ("Won't Do"). Matched case-insensitively. */
    resolution: z.string().trim().min(1).max(100),
    closure: ClosureKind,
    reasonId: z.number().int().min(0).max(6).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.reasonId === undefined) return;
    if (entry.closure === 'truePositive')
      ctx.addIssue({
        code: 'custom',
        path: ['reasonId'],
        message: 'MCAS takes no reason when it closes an alert as a true positive',
      });
    else if (!MCAS_REASONS[entry.closure].includes(entry.reasonId))
      ctx.addIssue({
        code: 'custom',
        path: ['reasonId'],
        message: `must be one of MCAS's ${entry.closure} reasons: ${MCAS_REASONS[entry.closure].join(', ')}`,
      });
  });
export type ResolutionClosure = z.infer<typeof ResolutionClosure>;

/** The defaults issue 16 names: Done → true positive, Won't Do → benign, the rest → false positive. */
export const DEFAULT_RESOLUTION_CLOSURES: ResolutionClosure[] = [
  { resolution: 'Done', closure: 'truePositive' },
  { resolution: "Won't Do", closure: 'benign', reasonId: MCAS_OTHER_REASON },
  { resolution: 'Duplicate', closure: 'falsePositive', reasonId: 1 },
  { resolution: 'Cannot Reproduce', closure: 'falsePositive', reasonId: 3 },
];

/** The project's write-back settings; whether a tenant writes back at all is its own flag. */
export const WriteBackSettings = z
  .object({
    closures: z.array(ResolutionClosure).max(50).default(DEFAULT_RESOLUTION_CLOSURES),
    /**
     * A resolution the map does not name: closed as this, or (absent) not closed and said so
     * once on the issue.
     */
    otherResolutions: ClosureKind.optional(),
    /**
     * Defender → Jira: the project status an issue moves to when its alert was closed in
     * Defender by someone else. A transition id is per workflow and an admin cannot know it, so
     * the settings page picks a status and the app takes, at run time, whichever transition the
     * issue's workflow offers to it (or says in its comment that there is none). Absent, and no
     * `defenderClosedTransition` (the default): the app only comments.
     */
    defenderClosedStatus: z
      .object({
        id: z.string().regex(/^[0-9]{1,18}$/, 'must be a Jira status id'),
        /** As Jira showed it when saved: the comment names it when no transition leads there. */
        name: z.string().trim().min(1).max(255),
      })
      .strict()
      .optional(),
    /**
     * The older way, still read from config files: a transition id taken as is. Ignored when
     * `defenderClosedStatus` is set; the settings page replaces it with a status.
     */
    defenderClosedTransition: z
      .string()
      .regex(/^[0-9]{1,10}$/, 'must be a Jira transition id')
      .optional(),
  })
  .strict();
export type WriteBackSettings = z.infer<typeof WriteBackSettings>;

/**
 * The rows that name a resolution an earlier row already names (case-insensitively): only the
 * first would ever apply, so saving refuses the others. Not part of the schema, so a config file
 * written before this check still loads.
 */
export function repeatedResolutions(closures: readonly ResolutionClosure[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  closures.forEach((entry, index) => {
    const name = entry.resolution.toLowerCase();
    if (seen.has(name)) repeated.push(index);
    seen.add(name);
  });
  return repeated;
}

export const DEFAULT_WRITE_BACK: WriteBackSettings = { closures: DEFAULT_RESOLUTION_CLOSURES };

/** What one closure sends: the MCAS endpoint and reason, and Graph's classification. */
export interface ClosurePlan {
  closure: ClosureKind;
  resolution: string;
  mcas: { endpoint: McasCloseEndpoint; reasonId?: number };
  graph: { classification: GraphClassification; determination: GraphDetermination };
}

export type McasCloseEndpoint = 'close_true_positive' | 'close_benign' | 'close_false_positive';
export type GraphClassification =
  'truePositive' | 'informationalExpectedActivity' | 'falsePositive';
export type GraphDetermination = 'other' | 'notMalicious';

const MCAS_ENDPOINT: Record<ClosureKind, McasCloseEndpoint> = {
  truePositive: 'close_true_positive',
  benign: 'close_benign',
  falsePositive: 'close_false_positive',
};

/**
 * Graph alerts_v2 `classification` and `determination` (Microsoft Graph security alert resource):
 * a benign alert is "informational, expected activity"; a false positive is "not malicious".
 */
const GRAPH_CLOSURE: Record<ClosureKind, ClosurePlan['graph']> = {
  truePositive: { classification: 'truePositive', determination: 'other' },
  benign: { classification: 'informationalExpectedActivity', determination: 'other' },
  falsePositive: { classification: 'falsePositive', determination: 'notMalicious' },
};

/** MCAS resolutionStatusValue each closure sets (3 FP, 4 benign, 5 TP). */
export const MCAS_RESOLUTION_OF: Record<ClosureKind, number> = {
  falsePositive: 3,
  benign: 4,
  truePositive: 5,
};

export function planFor(
  closure: ClosureKind,
  resolution: string,
  reasonId: number | undefined,
): ClosurePlan {
  const reason =
    closure === 'truePositive'
      ? undefined
      : reasonId !== undefined && MCAS_REASONS[closure].includes(reasonId)
        ? reasonId
        : MCAS_OTHER_REASON;
  return {
    closure,
    resolution,
    mcas: { endpoint: MCAS_ENDPOINT[closure], ...(reason !== undefined && { reasonId: reason }) },
    graph: GRAPH_CLOSURE[closure],
  };
}

/** The closure a Jira resolution maps to, or undefined when the admin's map leaves it open. */
export function closureForResolution(
  resolution: string,
  settings: WriteBackSettings,
): ClosurePlan | undefined {
  const wanted = resolution.trim().toLowerCase();
  const entry = settings.closures.find(
    (candidate) => candidate.resolution.toLowerCase() === wanted,
  );
  if (entry) return planFor(entry.closure, resolution, entry.reasonId);
  if (settings.otherResolutions) return planFor(settings.otherResolutions, resolution, undefined);
  return undefined;
}

/**
 * The write-back record kept in the issue's `mcas.alert` property (`writeBack`), indexed as
 * `mcasWriteBack` (its `state`) so the sweep can find what is owed by JQL.
 * - sending: written before the close call; a run that dies after it resends the SAME closure
 *   (MCAS closes idempotently per id, Graph's PATCH sets the same values), never another.
 * - closed: Defender confirmed the closure.
 * - failed: the last attempt failed (`lastError`); retried by every sweep until it lands.
 * - reopened: the issue was reopened after a closure; a new resolution closes again.
 * - unmapped: the resolution maps to no closure; nothing is sent until it changes.
 * - defenderClosed: Defender closed the alert first (someone else); the app sends nothing.
 */
export const WriteBackState = z.enum([
  'sending',
  'closed',
  'failed',
  'reopened',
  'unmapped',
  'defenderClosed',
]);
export type WriteBackState = z.infer<typeof WriteBackState>;

export const WriteBackRecord = z.object({
  state: WriteBackState,
  closure: ClosureKind.optional(),
  resolution: z.string().optional(),
  reasonId: z.number().int().optional(),
  attempts: z.number().int().nonnegative().default(0),
  lastError: z.string().optional(),
  /** Unix ms of the last change. */
  at: z.number().int(),
  /** Set once the failure comment is on the issue: a failure is said once, not per retry. */
  failureNoted: z.boolean().optional(),
  /** Set once the "MCAS cannot reopen" comment is on the issue. */
  reopenNoted: z.boolean().optional(),
  /**
   * The grouped repeats this closure has closed so far (Graph closes them one by one): a retry
   * after a failure part way sends only the rest.
   */
  groupedClosed: z.array(z.string()).optional(),
  /** Defender → Jira: the closure seen in Defender, once it is commented. */
  defenderClosed: z
    .object({ how: z.string(), by: z.string().optional(), at: z.string().optional() })
    .optional(),
});
export type WriteBackRecord = z.infer<typeof WriteBackRecord>;

/** What an issue's current state asks of the write-back. */
export type WriteBackAction =
  | { kind: 'close'; plan: ClosurePlan; attempts: number }
  | { kind: 'unmapped'; resolution: string }
  | { kind: 'reopen' }
  | { kind: 'none' };

/**
 * Decides from the issue (resolved or not, its resolution) and its record. A closure in flight
 * (`sending`) or failed is resent as recorded, so a lost answer never turns into a second,
 * different outcome; a resolution changed after a closure landed does not close again.
 */
export function decideWriteBack(
  issue: { done: boolean; resolution: string | undefined },
  record: WriteBackRecord | undefined,
  settings: WriteBackSettings,
): WriteBackAction {
  const state = record?.state;
  if (!issue.done) {
    return state === 'closed' ? { kind: 'reopen' } : { kind: 'none' };
  }
  if (state === 'closed' || state === 'defenderClosed') return { kind: 'none' };
  if ((state === 'sending' || state === 'failed') && record?.closure !== undefined) {
    return {
      kind: 'close',
      plan: planFor(record.closure, record.resolution ?? issue.resolution ?? '', record.reasonId),
      attempts: record.attempts,
    };
  }
  const resolution = issue.resolution ?? '';
  const plan = closureForResolution(resolution, settings);
  if (!plan) {
    return state === 'unmapped' && record?.resolution === resolution
      ? { kind: 'none' }
      : { kind: 'unmapped', resolution };
  }
  return { kind: 'close', plan, attempts: 0 };
}

/** The record written just before a close call. */
export function sendingRecord(
  plan: ClosurePlan,
  attempts: number,
  previous: WriteBackRecord | undefined,
  now: number,
): WriteBackRecord {
  // The same closure again (a retry): the repeats it already closed stay closed.
  const retrying = previous?.state === 'sending' || previous?.state === 'failed';
  return {
    ...(previous?.failureNoted !== undefined && { failureNoted: previous.failureNoted }),
    ...(retrying &&
      previous.groupedClosed !== undefined && { groupedClosed: previous.groupedClosed }),
    state: 'sending',
    closure: plan.closure,
    resolution: plan.resolution,
    ...(plan.mcas.reasonId !== undefined && { reasonId: plan.mcas.reasonId }),
    attempts: attempts + 1,
    at: now,
  };
}

/** The words a closure has in comments: "true positive", "benign", "false positive". */
export const CLOSURE_WORDS: Record<ClosureKind, string> = {
  truePositive: 'true positive',
  benign: 'benign',
  falsePositive: 'false positive',
};

/** The comment Defender keeps with the closure: the issue key, its resolution and who resolved it. */
export function closureComment(input: {
  issueKey: string;
  resolution: string;
  resolvedBy: string | undefined;
}): string {
  const by = input.resolvedBy ? ` by ${input.resolvedBy}` : '';
  return `Closed from Jira: ${input.issueKey} was resolved as "${input.resolution}"${by}.`;
}

/** MCAS resolutionStatusValue → how Defender closed it, or undefined while open (0). */
export function mcasClosedHow(resolutionStatus: number | undefined): string | undefined {
  switch (resolutionStatus) {
    case 1:
      return 'dismissed';
    case 2:
      return 'resolved';
    case 3:
      return 'closed as a false positive';
    case 4:
      return 'closed as benign';
    case 5:
      return 'closed as a true positive';
    default:
      return undefined;
  }
}

const GRAPH_CLASSIFICATION_WORDS: Record<string, string> = {
  truePositive: 'a true positive',
  falsePositive: 'a false positive',
  informationalExpectedActivity: 'informational, expected activity',
};

/** A resolved Graph alert → how it was closed, from its classification. */
export function graphClosedHow(classification: string | undefined): string {
  const words = classification ? GRAPH_CLASSIFICATION_WORDS[classification] : undefined;
  return words ? `resolved as ${words}` : 'resolved';
}

const RETRY_BASE_MS = 5 * 60_000;
const RETRY_MAX_MS = 6 * 3_600_000;

/**
 * Whether the sweep should try a failed closure again now: after 5 minutes, doubling per attempt,
 * at most every 6 hours, so a closure Defender keeps refusing costs a few calls a day, not one
 * per run. Anything not failed (a closure whose answer was lost) is due at once.
 */
export function retryDue(record: WriteBackRecord | undefined, now: number): boolean {
  if (record?.state !== 'failed') return true;
  const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, record.attempts - 1));
  return now >= record.at + wait;
}

/** An issue as the write-back reads it from Jira: resolved or not, its resolution and status. */
export function issueStatus(fields: Record<string, unknown>): {
  done: boolean;
  resolution: string | undefined;
  statusId: string | undefined;
} {
  const status = fields.status as
    { id?: unknown; statusCategory?: { key?: unknown } } | null | undefined;
  const resolution = fields.resolution as { name?: unknown } | null | undefined;
  return {
    done: status?.statusCategory?.key === 'done',
    resolution: typeof resolution?.name === 'string' ? resolution.name : undefined,
    statusId: typeof status?.id === 'string' ? status.id : undefined,
  };
}

/** Where an issue goes when Defender closed its alert: what the admin chose, per issue. */
export type DefenderClosedMove =
  | { kind: 'stay' }
  | { kind: 'transition'; transitionId: string }
  /** The issue's workflow offers no transition to the status from where the issue is. */
  | { kind: 'noTransition'; statusName: string };

/** Whether the move needs the issue's transitions read first (a status, not already there). */
export function needsTransitions(settings: WriteBackSettings, statusId: string | undefined) {
  const target = settings.defenderClosedStatus;
  return target !== undefined && target.id !== statusId;
}

/**
 * The status the admin picked is reached through whichever transition the issue's own workflow
 * offers to it; the older transition id is taken as is. An issue already there stays.
 */
export function defenderClosedMove(
  settings: WriteBackSettings,
  statusId: string | undefined,
  offered: ReadonlyArray<{ id: string; toStatusId: string | undefined }> | undefined,
): DefenderClosedMove {
  const target = settings.defenderClosedStatus;
  if (target === undefined) {
    return settings.defenderClosedTransition === undefined
      ? { kind: 'stay' }
      : { kind: 'transition', transitionId: settings.defenderClosedTransition };
  }
  if (target.id === statusId) return { kind: 'stay' };
  const transition = offered?.find((candidate) => candidate.toStatusId === target.id);
  return transition
    ? { kind: 'transition', transitionId: transition.id }
    : { kind: 'noTransition', statusName: target.name };
}
